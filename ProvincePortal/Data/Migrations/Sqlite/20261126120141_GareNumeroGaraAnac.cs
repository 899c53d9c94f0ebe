using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GareNumeroGaraAnac : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NumeroGaraAnac",
                table: "Procedures",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Procedures_ProvinceId_NumeroGaraAnac",
                table: "Procedures",
                columns: new[] { "ProvinceId", "NumeroGaraAnac" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Procedures_ProvinceId_NumeroGaraAnac",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "NumeroGaraAnac",
                table: "Procedures");
        }
    }
}
