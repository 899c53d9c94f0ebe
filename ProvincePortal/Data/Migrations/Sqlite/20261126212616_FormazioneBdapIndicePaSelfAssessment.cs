using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FormazioneBdapIndicePaSelfAssessment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IpaCode",
                table: "Provinces",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Source",
                table: "ContattiComuni",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SourceUpdatedOn",
                table: "ContattiComuni",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Website",
                table: "ContattiComuni",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IpaCode",
                table: "Comuni",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AgendaPad26Amounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuneId = table.Column<int>(type: "INTEGER", nullable: false),
                    Measure = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AssignedCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidCents = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgendaPad26Amounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgendaPad26Amounts_AgendaImportBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "AgendaImportBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AgendaPad26Amounts_Comuni_ComuneId",
                        column: x => x.ComuneId,
                        principalTable: "Comuni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AgendaSelfAssessments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    FrameworkId = table.Column<int>(type: "INTEGER", nullable: false),
                    SurveyCampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgendaSelfAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgendaSelfAssessments_AgendaFrameworks_FrameworkId",
                        column: x => x.FrameworkId,
                        principalTable: "AgendaFrameworks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AgendaSelfAssessments_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AgendaSelfAssessments_SurveyCampaigns_SurveyCampaignId",
                        column: x => x.SurveyCampaignId,
                        principalTable: "SurveyCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BdapProjects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Cup = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    Titolo = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SoggettoTitolare = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CfSoggettoTitolare = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Stato = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FaseRaggiunta = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Natura = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AnnoDecisione = table.Column<int>(type: "INTEGER", nullable: true),
                    CostoCents = table.Column<long>(type: "INTEGER", nullable: true),
                    FinanziamentoCents = table.Column<long>(type: "INTEGER", nullable: true),
                    FinanziamentoPubblicoCents = table.Column<long>(type: "INTEGER", nullable: true),
                    DataInizio = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DataFine = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Localizzazione = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Fonte = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ImportatoIlUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BdapProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BdapProjects_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IpaImportRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuniLinked = table.Column<int>(type: "INTEGER", nullable: false),
                    ProvincesLinked = table.Column<int>(type: "INTEGER", nullable: false),
                    NewPec = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedPec = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    NotLinked = table.Column<int>(type: "INTEGER", nullable: false),
                    RowErrors = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IpaImportRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MoodleInstances",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsDemo = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MoodleInstances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BdapAwards",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    Cig = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Oggetto = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DataPubblicazione = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SceltaContraente = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ImportoBaseCents = table.Column<long>(type: "INTEGER", nullable: true),
                    ImportoAggiudicazioneCents = table.Column<long>(type: "INTEGER", nullable: true),
                    Aggiudicatari = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Fonte = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ImportatoIlUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BdapAwards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BdapAwards_BdapProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "BdapProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BdapPayments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    Anno = table.Column<int>(type: "INTEGER", nullable: false),
                    ImportoCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Fonte = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ImportatoIlUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BdapPayments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BdapPayments_BdapProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "BdapProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CorsiFormazione",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: true),
                    Servizio = table.Column<int>(type: "INTEGER", nullable: false),
                    MoodleInstanceId = table.Column<int>(type: "INTEGER", nullable: false),
                    MoodleCourseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Hours = table.Column<double>(type: "REAL", precision: 6, scale: 1, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastSyncOkUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSyncError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastSyncErrorUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CorsiFormazione", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CorsiFormazione_MoodleInstances_MoodleInstanceId",
                        column: x => x.MoodleInstanceId,
                        principalTable: "MoodleInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CorsiFormazione_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MoodleInstanceProvinces",
                columns: table => new
                {
                    MoodleInstanceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MoodleInstanceProvinces", x => new { x.MoodleInstanceId, x.ProvinceId });
                    table.ForeignKey(
                        name: "FK_MoodleInstanceProvinces_MoodleInstances_MoodleInstanceId",
                        column: x => x.MoodleInstanceId,
                        principalTable: "MoodleInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MoodleInstanceProvinces_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EsitiFormazione",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    CorsoFormazioneId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    MoodleUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    Esito = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Grade = table.Column<double>(type: "REAL", precision: 10, scale: 2, nullable: true),
                    GradeMax = table.Column<double>(type: "REAL", precision: 10, scale: 2, nullable: true),
                    SyncedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EsitiFormazione", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EsitiFormazione_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EsitiFormazione_CorsiFormazione_CorsoFormazioneId",
                        column: x => x.CorsoFormazioneId,
                        principalTable: "CorsiFormazione",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EsitiFormazione_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AgendaPad26Amounts_BatchId",
                table: "AgendaPad26Amounts",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_AgendaPad26Amounts_ComuneId",
                table: "AgendaPad26Amounts",
                column: "ComuneId");

            migrationBuilder.CreateIndex(
                name: "IX_AgendaPad26Amounts_Measure_BatchId",
                table: "AgendaPad26Amounts",
                columns: new[] { "Measure", "BatchId" });

            migrationBuilder.CreateIndex(
                name: "IX_AgendaSelfAssessments_FrameworkId",
                table: "AgendaSelfAssessments",
                column: "FrameworkId");

            migrationBuilder.CreateIndex(
                name: "IX_AgendaSelfAssessments_ProvinceId",
                table: "AgendaSelfAssessments",
                column: "ProvinceId");

            migrationBuilder.CreateIndex(
                name: "IX_AgendaSelfAssessments_SurveyCampaignId",
                table: "AgendaSelfAssessments",
                column: "SurveyCampaignId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BdapAwards_ProjectId_Cig",
                table: "BdapAwards",
                columns: new[] { "ProjectId", "Cig" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BdapAwards_ProvinceId_Cig",
                table: "BdapAwards",
                columns: new[] { "ProvinceId", "Cig" });

            migrationBuilder.CreateIndex(
                name: "IX_BdapPayments_ProjectId_Anno",
                table: "BdapPayments",
                columns: new[] { "ProjectId", "Anno" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BdapProjects_ProvinceId_Cup",
                table: "BdapProjects",
                columns: new[] { "ProvinceId", "Cup" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CorsiFormazione_MoodleInstanceId_MoodleCourseId_ProvinceId",
                table: "CorsiFormazione",
                columns: new[] { "MoodleInstanceId", "MoodleCourseId", "ProvinceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CorsiFormazione_ProvinceId_Servizio",
                table: "CorsiFormazione",
                columns: new[] { "ProvinceId", "Servizio" });

            migrationBuilder.CreateIndex(
                name: "IX_EsitiFormazione_CorsoFormazioneId_UserId",
                table: "EsitiFormazione",
                columns: new[] { "CorsoFormazioneId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EsitiFormazione_ProvinceId_CorsoFormazioneId",
                table: "EsitiFormazione",
                columns: new[] { "ProvinceId", "CorsoFormazioneId" });

            migrationBuilder.CreateIndex(
                name: "IX_EsitiFormazione_UserId",
                table: "EsitiFormazione",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_IpaImportRuns_ImportedAtUtc",
                table: "IpaImportRuns",
                column: "ImportedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_MoodleInstanceProvinces_ProvinceId",
                table: "MoodleInstanceProvinces",
                column: "ProvinceId");

            migrationBuilder.CreateIndex(
                name: "IX_MoodleInstances_Key",
                table: "MoodleInstances",
                column: "Key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgendaPad26Amounts");

            migrationBuilder.DropTable(
                name: "AgendaSelfAssessments");

            migrationBuilder.DropTable(
                name: "BdapAwards");

            migrationBuilder.DropTable(
                name: "BdapPayments");

            migrationBuilder.DropTable(
                name: "EsitiFormazione");

            migrationBuilder.DropTable(
                name: "IpaImportRuns");

            migrationBuilder.DropTable(
                name: "MoodleInstanceProvinces");

            migrationBuilder.DropTable(
                name: "BdapProjects");

            migrationBuilder.DropTable(
                name: "CorsiFormazione");

            migrationBuilder.DropTable(
                name: "MoodleInstances");

            migrationBuilder.DropColumn(
                name: "IpaCode",
                table: "Provinces");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "ContattiComuni");

            migrationBuilder.DropColumn(
                name: "SourceUpdatedOn",
                table: "ContattiComuni");

            migrationBuilder.DropColumn(
                name: "Website",
                table: "ContattiComuni");

            migrationBuilder.DropColumn(
                name: "IpaCode",
                table: "Comuni");
        }
    }
}
