using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EuCallsWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CallAnalyses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    CallId = table.Column<int>(type: "INTEGER", nullable: false),
                    Obiettivi = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    AzioniECosti = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Beneficiari = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Partenariato = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Cofinanziamento = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CriteriValutazione = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    PertinenzaComuni = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Raccomandazione = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    SharedWithComuni = table.Column<bool>(type: "INTEGER", nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RowVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallAnalyses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallAnalyses_Calls_CallId",
                        column: x => x.CallId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CallAnalyses_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EuProjects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Acronym = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CallId = table.Column<int>(type: "INTEGER", nullable: true),
                    CallReference = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Programme = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeadOrganisation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TotalBudgetCents = table.Column<long>(type: "INTEGER", nullable: false),
                    EuShareCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Cup = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RowVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EuProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EuProjects_Calls_CallId",
                        column: x => x.CallId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_EuProjects_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PartnerAnnouncements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AuthorProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Programme = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CallId = table.Column<int>(type: "INTEGER", nullable: true),
                    RoleSought = table.Column<int>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ContactPhone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Closed = table.Column<bool>(type: "INTEGER", nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerAnnouncements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerAnnouncements_Calls_CallId",
                        column: x => x.CallId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PartnerAnnouncements_Provinces_AuthorProvinceId",
                        column: x => x.AuthorProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EuProjectComuni",
                columns: table => new
                {
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuneId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EuProjectComuni", x => new { x.ProjectId, x.ComuneId });
                    table.ForeignKey(
                        name: "FK_EuProjectComuni_Comuni_ComuneId",
                        column: x => x.ComuneId,
                        principalTable: "Comuni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EuProjectComuni_EuProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "EuProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EuProjectMilestones",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Done = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EuProjectMilestones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EuProjectMilestones_EuProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "EuProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EuProjectPartners",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EuProjectPartners", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EuProjectPartners_EuProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "EuProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PartnerAnnouncementThemes",
                columns: table => new
                {
                    AnnouncementId = table.Column<int>(type: "INTEGER", nullable: false),
                    Theme = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerAnnouncementThemes", x => new { x.AnnouncementId, x.Theme });
                    table.ForeignKey(
                        name: "FK_PartnerAnnouncementThemes_PartnerAnnouncements_AnnouncementId",
                        column: x => x.AnnouncementId,
                        principalTable: "PartnerAnnouncements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CallAnalyses_CallId_ProvinceId",
                table: "CallAnalyses",
                columns: new[] { "CallId", "ProvinceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CallAnalyses_ProvinceId",
                table: "CallAnalyses",
                column: "ProvinceId");

            migrationBuilder.CreateIndex(
                name: "IX_EuProjectComuni_ComuneId",
                table: "EuProjectComuni",
                column: "ComuneId");

            migrationBuilder.CreateIndex(
                name: "IX_EuProjectMilestones_ProjectId",
                table: "EuProjectMilestones",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_EuProjectMilestones_ProvinceId_Date",
                table: "EuProjectMilestones",
                columns: new[] { "ProvinceId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_EuProjectPartners_ProjectId",
                table: "EuProjectPartners",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_EuProjects_CallId",
                table: "EuProjects",
                column: "CallId");

            migrationBuilder.CreateIndex(
                name: "IX_EuProjects_ProvinceId_Status",
                table: "EuProjects",
                columns: new[] { "ProvinceId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerAnnouncements_AuthorProvinceId",
                table: "PartnerAnnouncements",
                column: "AuthorProvinceId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerAnnouncements_CallId",
                table: "PartnerAnnouncements",
                column: "CallId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerAnnouncements_Closed_Deadline",
                table: "PartnerAnnouncements",
                columns: new[] { "Closed", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerAnnouncements_Programme_Kind",
                table: "PartnerAnnouncements",
                columns: new[] { "Programme", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerAnnouncementThemes_Theme",
                table: "PartnerAnnouncementThemes",
                column: "Theme");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallAnalyses");

            migrationBuilder.DropTable(
                name: "EuProjectComuni");

            migrationBuilder.DropTable(
                name: "EuProjectMilestones");

            migrationBuilder.DropTable(
                name: "EuProjectPartners");

            migrationBuilder.DropTable(
                name: "PartnerAnnouncementThemes");

            migrationBuilder.DropTable(
                name: "EuProjects");

            migrationBuilder.DropTable(
                name: "PartnerAnnouncements");
        }
    }
}
