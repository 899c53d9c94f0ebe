using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    // Hand-written SQL (Features/Requests/RequestSearch.cs): full-text index of the requests' subjects, filled from the
    // existing rows. Never regenerate this file.
    public partial class RequestSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ProvincePortal.Features.Requests.RequestSearchSql.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ProvincePortal.Features.Requests.RequestSearchSql.SqliteDown);
        }
    }
}
