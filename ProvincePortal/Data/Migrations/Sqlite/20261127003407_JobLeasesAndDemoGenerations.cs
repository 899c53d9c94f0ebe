using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JobLeasesAndDemoGenerations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DemoGenerations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Scale = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Seed = table.Column<long>(type: "INTEGER", nullable: false),
                    GeneratedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Ranges = table.Column<string>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DemoGenerations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LeaseUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastRunStartedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastRunEndedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RunCount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DemoGenerations");

            migrationBuilder.DropTable(
                name: "JobLeases");
        }
    }
}
