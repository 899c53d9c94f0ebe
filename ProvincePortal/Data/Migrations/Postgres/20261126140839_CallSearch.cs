using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    // Hand-written SQL (Features/EuCalls/CallSearch.cs): full-text index of the calls' SearchText. Never regenerate this file.
    public partial class CallSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ProvincePortal.Features.EuCalls.CallSearchSql.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ProvincePortal.Features.EuCalls.CallSearchSql.PostgresDown);
        }
    }
}
