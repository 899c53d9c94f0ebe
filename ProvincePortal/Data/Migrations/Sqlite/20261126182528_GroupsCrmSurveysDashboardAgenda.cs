using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GroupsCrmSurveysDashboardAgenda : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_ProvinceId_ComuneId_LastActivityAtUtc_Id",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_ProvinceId_SlaState_LastActivityAtUtc",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_ProvinceId_Status_LastActivityAtUtc",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_ServiceId_LastActivityAtUtc",
                table: "ServiceRequests");

            migrationBuilder.AddColumn<int>(
                name: "ReminderEveryWorkingDays",
                table: "SlaClasses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReminderMaxCount",
                table: "SlaClasses",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextReminderUtc",
                table: "ServiceRequests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ResolveWorkingMinutes",
                table: "ServiceRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TakeChargeWorkingMinutes",
                table: "ServiceRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsActive",
                table: "OperatorGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "RowVersion",
                table: "OperatorGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "IsCoordinator",
                table: "OperatorGroupMembers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AgendaFrameworks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Period = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    SourceNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    IsCurrent = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgendaFrameworks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContattiComuni",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuneId = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    CatalogServiceId = table.Column<int>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Pec = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ReceivesCommunications = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContattiComuni", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContattiComuni_CatalogServices_CatalogServiceId",
                        column: x => x.CatalogServiceId,
                        principalTable: "CatalogServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ContattiComuni_Comuni_ComuneId",
                        column: x => x.ComuneId,
                        principalTable: "Comuni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Convenzioni",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuneId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TacitRenewal = table.Column<bool>(type: "INTEGER", nullable: false),
                    RenewalNoticeDays = table.Column<int>(type: "INTEGER", nullable: true),
                    ProtocolNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    ProtocolDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FixedFeeCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PerInhabitantTenThousandths = table.Column<long>(type: "INTEGER", nullable: false),
                    MinimumCents = table.Column<long>(type: "INTEGER", nullable: true),
                    CapCents = table.Column<long>(type: "INTEGER", nullable: true),
                    Population = table.Column<int>(type: "INTEGER", nullable: false),
                    QuotaDueMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    QuotaDueDay = table.Column<int>(type: "INTEGER", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RowVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Convenzioni", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Convenzioni_Comuni_ComuneId",
                        column: x => x.ComuneId,
                        principalTable: "Comuni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CrmAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuneId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ConvenzioneId = table.Column<int>(type: "INTEGER", nullable: false),
                    QuotaId = table.Column<int>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Interazioni",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuneId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ProtocolNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    ProtocolDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AuthorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Interazioni", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Interazioni_Comuni_ComuneId",
                        column: x => x.ComuneId,
                        principalTable: "Comuni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Questionnaires",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Intro = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Purpose = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Questionnaires", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Questionnaires_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RequestReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    WaitingSinceUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    DueUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestReminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestReminders_ServiceRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "ServiceRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgendaDimensions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FrameworkId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Weight = table.Column<double>(type: "REAL", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgendaDimensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgendaDimensions_AgendaFrameworks_FrameworkId",
                        column: x => x.FrameworkId,
                        principalTable: "AgendaFrameworks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgendaImportBatches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FrameworkId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: true),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Added = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    UnmatchedCodes = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgendaImportBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgendaImportBatches_AgendaFrameworks_FrameworkId",
                        column: x => x.FrameworkId,
                        principalTable: "AgendaFrameworks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConvenzioniServizi",
                columns: table => new
                {
                    ConvenzioneId = table.Column<int>(type: "INTEGER", nullable: false),
                    CatalogServiceId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConvenzioniServizi", x => new { x.ConvenzioneId, x.CatalogServiceId });
                    table.ForeignKey(
                        name: "FK_ConvenzioniServizi_CatalogServices_CatalogServiceId",
                        column: x => x.CatalogServiceId,
                        principalTable: "CatalogServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ConvenzioniServizi_Convenzioni_ConvenzioneId",
                        column: x => x.ConvenzioneId,
                        principalTable: "Convenzioni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuoteAnnuali",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ConvenzioneId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuneId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PaidCents = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuoteAnnuali", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuoteAnnuali_Convenzioni_ConvenzioneId",
                        column: x => x.ConvenzioneId,
                        principalTable: "Convenzioni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SurveyCampaigns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    QuestionnaireId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Audience = table.Column<int>(type: "INTEGER", nullable: false),
                    OpensAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosesAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReminderAfterDays = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedEarlyAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyCampaigns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyCampaigns_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SurveyCampaigns_Questionnaires_QuestionnaireId",
                        column: x => x.QuestionnaireId,
                        principalTable: "Questionnaires",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SurveyQuestions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    QuestionnaireId = table.Column<int>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Required = table.Column<bool>(type: "INTEGER", nullable: false),
                    Options = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    HelpText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ExternalKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RequiredIfQuestionOrder = table.Column<int>(type: "INTEGER", nullable: true),
                    RequiredIfScoreAtMost = table.Column<int>(type: "INTEGER", nullable: true),
                    MinNumber = table.Column<double>(type: "REAL", precision: 18, scale: 4, nullable: true),
                    MaxNumber = table.Column<double>(type: "REAL", precision: 18, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyQuestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyQuestions_Questionnaires_QuestionnaireId",
                        column: x => x.QuestionnaireId,
                        principalTable: "Questionnaires",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgendaIndicators",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FrameworkId = table.Column<int>(type: "INTEGER", nullable: false),
                    DimensionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Direction = table.Column<int>(type: "INTEGER", nullable: false),
                    Normalisation = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetValue = table.Column<double>(type: "REAL", nullable: true),
                    GoalpostMin = table.Column<double>(type: "REAL", nullable: true),
                    GoalpostMax = table.Column<double>(type: "REAL", nullable: true),
                    Weight = table.Column<double>(type: "REAL", nullable: false),
                    Origin = table.Column<int>(type: "INTEGER", nullable: false),
                    Pad26Measure = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgendaIndicators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgendaIndicators_AgendaDimensions_DimensionId",
                        column: x => x.DimensionId,
                        principalTable: "AgendaDimensions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AgendaIndicators_AgendaFrameworks_FrameworkId",
                        column: x => x.FrameworkId,
                        principalTable: "AgendaFrameworks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Pagamenti",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    QuotaId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 140, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pagamenti", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Pagamenti_QuoteAnnuali_QuotaId",
                        column: x => x.QuotaId,
                        principalTable: "QuoteAnnuali",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SurveyInvitations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RespondentUserId = table.Column<string>(type: "TEXT", nullable: true),
                    RespondentComuneId = table.Column<int>(type: "INTEGER", nullable: true),
                    RespondentName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContextModule = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ContextRecordId = table.Column<int>(type: "INTEGER", nullable: true),
                    ContextTitle = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NotifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReminderDueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReminderSentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AnsweredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VoidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VoidReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyInvitations_Comuni_RespondentComuneId",
                        column: x => x.RespondentComuneId,
                        principalTable: "Comuni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SurveyInvitations_SurveyCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "SurveyCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgendaMeasurements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IndicatorId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuneId = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: true),
                    MeasuredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    BatchId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgendaMeasurements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgendaMeasurements_AgendaImportBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "AgendaImportBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AgendaMeasurements_AgendaIndicators_IndicatorId",
                        column: x => x.IndicatorId,
                        principalTable: "AgendaIndicators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AgendaMeasurements_Comuni_ComuneId",
                        column: x => x.ComuneId,
                        principalTable: "Comuni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SurveyResponses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    InvitationId = table.Column<int>(type: "INTEGER", nullable: false),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    SubmittedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyResponses_SurveyInvitations_InvitationId",
                        column: x => x.InvitationId,
                        principalTable: "SurveyInvitations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SurveyAnswers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResponseId = table.Column<int>(type: "INTEGER", nullable: false),
                    QuestionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: true),
                    Number = table.Column<double>(type: "REAL", precision: 18, scale: 4, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyAnswers_SurveyQuestions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "SurveyQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SurveyAnswers_SurveyResponses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "SurveyResponses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SlaAlerts_ProvinceId_AtUtc_Clock_Kind",
                table: "SlaAlerts",
                columns: new[] { "ProvinceId", "AtUtc", "Clock", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_Dashboard",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "CreatedAtUtc", "ComuneId", "ServiceId", "Status", "TakeChargeMarginMinutes", "ResolveMarginMinutes", "TakeChargeWorkingMinutes", "ResolveWorkingMinutes" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_List_Comune",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "ComuneId", "LastActivityAtUtc", "Id", "ServiceId", "Status", "SlaState" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_List_Service",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "ServiceId", "LastActivityAtUtc", "Id", "ComuneId", "Status", "SlaState" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_List_SlaState",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "SlaState", "LastActivityAtUtc", "Id", "ServiceId", "ComuneId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_List_Status",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "Status", "LastActivityAtUtc", "Id", "ServiceId", "ComuneId", "SlaState" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ProvinceId_AssignedGroupId_LastActivityAtUtc_Id",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "AssignedGroupId", "LastActivityAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ServiceId",
                table: "ServiceRequests",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_Status_NextReminderUtc",
                table: "ServiceRequests",
                columns: new[] { "Status", "NextReminderUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AgendaDimensions_FrameworkId_Code",
                table: "AgendaDimensions",
                columns: new[] { "FrameworkId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgendaFrameworks_Period",
                table: "AgendaFrameworks",
                column: "Period",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgendaImportBatches_FrameworkId",
                table: "AgendaImportBatches",
                column: "FrameworkId");

            migrationBuilder.CreateIndex(
                name: "IX_AgendaIndicators_DimensionId",
                table: "AgendaIndicators",
                column: "DimensionId");

            migrationBuilder.CreateIndex(
                name: "IX_AgendaIndicators_FrameworkId_Code",
                table: "AgendaIndicators",
                columns: new[] { "FrameworkId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgendaMeasurements_BatchId",
                table: "AgendaMeasurements",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_AgendaMeasurements_ComuneId_IndicatorId",
                table: "AgendaMeasurements",
                columns: new[] { "ComuneId", "IndicatorId" });

            migrationBuilder.CreateIndex(
                name: "IX_AgendaMeasurements_IndicatorId_ComuneId_MeasuredOn",
                table: "AgendaMeasurements",
                columns: new[] { "IndicatorId", "ComuneId", "MeasuredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ContattiComuni_CatalogServiceId",
                table: "ContattiComuni",
                column: "CatalogServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ContattiComuni_ComuneId",
                table: "ContattiComuni",
                column: "ComuneId");

            migrationBuilder.CreateIndex(
                name: "IX_ContattiComuni_ProvinceId_ComuneId",
                table: "ContattiComuni",
                columns: new[] { "ProvinceId", "ComuneId" });

            migrationBuilder.CreateIndex(
                name: "IX_Convenzioni_ComuneId",
                table: "Convenzioni",
                column: "ComuneId");

            migrationBuilder.CreateIndex(
                name: "IX_Convenzioni_ProvinceId_ComuneId_StartDate",
                table: "Convenzioni",
                columns: new[] { "ProvinceId", "ComuneId", "StartDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Convenzioni_ProvinceId_Status_EndDate",
                table: "Convenzioni",
                columns: new[] { "ProvinceId", "Status", "EndDate" });

            migrationBuilder.CreateIndex(
                name: "IX_ConvenzioniServizi_CatalogServiceId",
                table: "ConvenzioniServizi",
                column: "CatalogServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmAlerts_Key",
                table: "CrmAlerts",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrmAlerts_ProvinceId_AtUtc",
                table: "CrmAlerts",
                columns: new[] { "ProvinceId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Interazioni_ComuneId_Date_Id",
                table: "Interazioni",
                columns: new[] { "ComuneId", "Date", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Pagamenti_QuotaId",
                table: "Pagamenti",
                column: "QuotaId");

            migrationBuilder.CreateIndex(
                name: "IX_Questionnaires_ProvinceId_Purpose",
                table: "Questionnaires",
                columns: new[] { "ProvinceId", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_QuoteAnnuali_ConvenzioneId_Year",
                table: "QuoteAnnuali",
                columns: new[] { "ConvenzioneId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuoteAnnuali_ProvinceId_ComuneId",
                table: "QuoteAnnuali",
                columns: new[] { "ProvinceId", "ComuneId" });

            migrationBuilder.CreateIndex(
                name: "IX_QuoteAnnuali_ProvinceId_DueDate",
                table: "QuoteAnnuali",
                columns: new[] { "ProvinceId", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestReminders_RequestId_WaitingSinceUtc_Number",
                table: "RequestReminders",
                columns: new[] { "RequestId", "WaitingSinceUtc", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyAnswers_QuestionId_Score",
                table: "SurveyAnswers",
                columns: new[] { "QuestionId", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyAnswers_ResponseId",
                table: "SurveyAnswers",
                column: "ResponseId");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyCampaigns_ProvinceId_OpensAtUtc",
                table: "SurveyCampaigns",
                columns: new[] { "ProvinceId", "OpensAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyCampaigns_QuestionnaireId",
                table: "SurveyCampaigns",
                column: "QuestionnaireId");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_CampaignId_AnsweredAtUtc",
                table: "SurveyInvitations",
                columns: new[] { "CampaignId", "AnsweredAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_Context",
                table: "SurveyInvitations",
                columns: new[] { "ContextModule", "ContextRecordId" },
                unique: true,
                filter: "\"ContextRecordId\" IS NOT NULL AND \"AnsweredAtUtc\" IS NULL AND \"VoidedAtUtc\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_NotifiedAtUtc",
                table: "SurveyInvitations",
                column: "NotifiedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_ReminderSentAtUtc_ReminderDueAtUtc",
                table: "SurveyInvitations",
                columns: new[] { "ReminderSentAtUtc", "ReminderDueAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_RespondentComuneId_AnsweredAtUtc",
                table: "SurveyInvitations",
                columns: new[] { "RespondentComuneId", "AnsweredAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_RespondentUserId_AnsweredAtUtc",
                table: "SurveyInvitations",
                columns: new[] { "RespondentUserId", "AnsweredAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_Token",
                table: "SurveyInvitations",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyQuestions_ExternalKey",
                table: "SurveyQuestions",
                column: "ExternalKey");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyQuestions_QuestionnaireId_Order",
                table: "SurveyQuestions",
                columns: new[] { "QuestionnaireId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_CampaignId_SubmittedAtUtc",
                table: "SurveyResponses",
                columns: new[] { "CampaignId", "SubmittedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_InvitationId",
                table: "SurveyResponses",
                column: "InvitationId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgendaMeasurements");

            migrationBuilder.DropTable(
                name: "ContattiComuni");

            migrationBuilder.DropTable(
                name: "ConvenzioniServizi");

            migrationBuilder.DropTable(
                name: "CrmAlerts");

            migrationBuilder.DropTable(
                name: "Interazioni");

            migrationBuilder.DropTable(
                name: "Pagamenti");

            migrationBuilder.DropTable(
                name: "RequestReminders");

            migrationBuilder.DropTable(
                name: "SurveyAnswers");

            migrationBuilder.DropTable(
                name: "AgendaImportBatches");

            migrationBuilder.DropTable(
                name: "AgendaIndicators");

            migrationBuilder.DropTable(
                name: "QuoteAnnuali");

            migrationBuilder.DropTable(
                name: "SurveyQuestions");

            migrationBuilder.DropTable(
                name: "SurveyResponses");

            migrationBuilder.DropTable(
                name: "AgendaDimensions");

            migrationBuilder.DropTable(
                name: "Convenzioni");

            migrationBuilder.DropTable(
                name: "SurveyInvitations");

            migrationBuilder.DropTable(
                name: "AgendaFrameworks");

            migrationBuilder.DropTable(
                name: "SurveyCampaigns");

            migrationBuilder.DropTable(
                name: "Questionnaires");

            migrationBuilder.DropIndex(
                name: "IX_SlaAlerts_ProvinceId_AtUtc_Clock_Kind",
                table: "SlaAlerts");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_Dashboard",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_List_Comune",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_List_Service",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_List_SlaState",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_List_Status",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_ProvinceId_AssignedGroupId_LastActivityAtUtc_Id",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_ServiceId",
                table: "ServiceRequests");

            migrationBuilder.DropIndex(
                name: "IX_ServiceRequests_Status_NextReminderUtc",
                table: "ServiceRequests");

            migrationBuilder.DropColumn(
                name: "ReminderEveryWorkingDays",
                table: "SlaClasses");

            migrationBuilder.DropColumn(
                name: "ReminderMaxCount",
                table: "SlaClasses");

            migrationBuilder.DropColumn(
                name: "NextReminderUtc",
                table: "ServiceRequests");

            migrationBuilder.DropColumn(
                name: "ResolveWorkingMinutes",
                table: "ServiceRequests");

            migrationBuilder.DropColumn(
                name: "TakeChargeWorkingMinutes",
                table: "ServiceRequests");

            migrationBuilder.DropColumn(
                name: "IsActive",
                table: "OperatorGroups");

            migrationBuilder.DropColumn(
                name: "RowVersion",
                table: "OperatorGroups");

            migrationBuilder.DropColumn(
                name: "IsCoordinator",
                table: "OperatorGroupMembers");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ProvinceId_ComuneId_LastActivityAtUtc_Id",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "ComuneId", "LastActivityAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ProvinceId_SlaState_LastActivityAtUtc",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "SlaState", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ProvinceId_Status_LastActivityAtUtc",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "Status", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ServiceId_LastActivityAtUtc",
                table: "ServiceRequests",
                columns: new[] { "ServiceId", "LastActivityAtUtc" });
        }
    }
}
