using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    // Hand-written SQL (Features/Documents/DocumentSearch.cs): FTS5 prefix indexes. Never regenerate this file.
    public partial class DocumentSearchPrefixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ProvincePortal.Features.Documents.DocumentSearchSql.SqlitePrefixUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ProvincePortal.Features.Documents.DocumentSearchSql.SqlitePrefixDown);
        }
    }
}
