using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    // Full-text index (provider-specific SQL, see Features/Documents/DocumentSearch.cs). `scripts/migrations.sh reset`
    // deletes this file: re-add it with `scripts/migrations.sh add DocumentSearch` and the same two lines.
    public partial class DocumentSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ProvincePortal.Features.Documents.DocumentSearchSql.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ProvincePortal.Features.Documents.DocumentSearchSql.PostgresDown);
        }
    }
}
