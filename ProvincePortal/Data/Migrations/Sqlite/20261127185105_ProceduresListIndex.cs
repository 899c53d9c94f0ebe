using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProceduresListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Procedures_ProvinceId_Anno",
                table: "Procedures");

            migrationBuilder.CreateIndex(
                name: "IX_Procedures_List",
                table: "Procedures",
                columns: new[] { "ProvinceId", "Anno", "DataPubblicazione", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Procedures_List",
                table: "Procedures");

            migrationBuilder.CreateIndex(
                name: "IX_Procedures_ProvinceId_Anno",
                table: "Procedures",
                columns: new[] { "ProvinceId", "Anno" });
        }
    }
}
