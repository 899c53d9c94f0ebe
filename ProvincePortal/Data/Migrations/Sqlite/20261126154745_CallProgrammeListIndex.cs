using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CallProgrammeListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Calls_Programme",
                table: "Calls");

            migrationBuilder.CreateIndex(
                name: "IX_Calls_Programme_List",
                table: "Calls",
                columns: new[] { "Programme", "LastDeadlineUtc", "OpeningUtc", "ProvinceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Calls_Programme_List",
                table: "Calls");

            migrationBuilder.CreateIndex(
                name: "IX_Calls_Programme",
                table: "Calls",
                column: "Programme");
        }
    }
}
