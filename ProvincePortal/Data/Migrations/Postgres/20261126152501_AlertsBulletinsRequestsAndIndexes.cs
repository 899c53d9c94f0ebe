using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProvincePortal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AlertsBulletinsRequestsAndIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Procedures_ProvinceId_Phase",
                table: "Procedures");

            migrationBuilder.DropIndex(
                name: "IX_Lots_ProvinceId",
                table: "Lots");

            migrationBuilder.CreateTable(
                name: "Bulletins",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Introduction = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    ExtraRecipients = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Published = table.Column<bool>(type: "boolean", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: true),
                    Year = table.Column<int>(type: "integer", nullable: true),
                    SentAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SentBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecipientCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RowVersion = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Bulletins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Bulletins_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BusinessCalendars",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    Monday = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Tuesday = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Wednesday = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Thursday = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Friday = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Saturday = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sunday = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PatronName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PatronMonth = table.Column<int>(type: "integer", nullable: true),
                    PatronDayOfMonth = table.Column<int>(type: "integer", nullable: true),
                    RowVersion = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BusinessCalendars", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BusinessCalendars_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OperatorGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OperatorGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PatronDays",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatronDays", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PatronDays_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SavedSearches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Programmes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Beneficiaries = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Themes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: true),
                    DeadlineWithinDays = table.Column<int>(type: "integer", nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Frequency = table.Column<int>(type: "integer", nullable: false),
                    Paused = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedSearches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedSearches_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SlaClasses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TakeChargeTarget = table.Column<int>(type: "integer", nullable: false),
                    TakeChargeUnit = table.Column<int>(type: "integer", nullable: false),
                    ResolveTarget = table.Column<int>(type: "integer", nullable: false),
                    ResolveUnit = table.Column<int>(type: "integer", nullable: false),
                    WarningPercent = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlaClasses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SlaClasses_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BulletinItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    BulletinId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    CallId = table.Column<int>(type: "integer", nullable: true),
                    DeadlineUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Link = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulletinItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BulletinItems_Bulletins_BulletinId",
                        column: x => x.BulletinId,
                        principalTable: "Bulletins",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BulletinItems_Calls_CallId",
                        column: x => x.CallId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "OperatorGroupMembers",
                columns: table => new
                {
                    GroupId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OperatorGroupMembers", x => new { x.GroupId, x.UserId });
                    table.ForeignKey(
                        name: "FK_OperatorGroupMembers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OperatorGroupMembers_OperatorGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "OperatorGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertDigests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SavedSearchId = table.Column<int>(type: "integer", nullable: false),
                    Period = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    QueuedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Alerts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertDigests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertDigests_SavedSearches_SavedSearchId",
                        column: x => x.SavedSearchId,
                        principalTable: "SavedSearches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CatalogServices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Requesters = table.Column<int>(type: "integer", nullable: false),
                    SlaClassId = table.Column<int>(type: "integer", nullable: false),
                    IsPublished = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RowVersion = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogServices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CatalogServices_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CatalogServices_SlaClasses_SlaClassId",
                        column: x => x.SlaClassId,
                        principalTable: "SlaClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CallAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SavedSearchId = table.Column<int>(type: "integer", nullable: false),
                    CallId = table.Column<int>(type: "integer", nullable: false),
                    ChangeKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IsNew = table.Column<bool>(type: "boolean", nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DigestDue = table.Column<bool>(type: "boolean", nullable: false),
                    DigestId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallAlerts_AlertDigests_DigestId",
                        column: x => x.DigestId,
                        principalTable: "AlertDigests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_CallAlerts_Calls_CallId",
                        column: x => x.CallId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CallAlerts_SavedSearches_SavedSearchId",
                        column: x => x.SavedSearchId,
                        principalTable: "SavedSearches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceFormFields",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServiceId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Required = table.Column<bool>(type: "boolean", nullable: false),
                    Options = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    HelpText = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RemovedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceFormFields", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceFormFields_CatalogServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "CatalogServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    ComuneId = table.Column<int>(type: "integer", nullable: true),
                    ServiceId = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    RequesterUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RequesterName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AssignedUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    AssignedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    AssignedGroupId = table.Column<int>(type: "integer", nullable: true),
                    PlannedStartUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PlannedEndUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WaitingReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Solution = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RefusedSolutions = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TakenInChargeAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SolvedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastActivityAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TakeChargeTarget = table.Column<int>(type: "integer", nullable: false),
                    TakeChargeUnit = table.Column<int>(type: "integer", nullable: false),
                    ResolveTarget = table.Column<int>(type: "integer", nullable: false),
                    ResolveUnit = table.Column<int>(type: "integer", nullable: false),
                    WarningPercent = table.Column<int>(type: "integer", nullable: false),
                    TakeChargeDueUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TakeChargeWarnUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolveDueUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolveWarnUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TakeChargeMarginMinutes = table.Column<int>(type: "integer", nullable: true),
                    ResolveMarginMinutes = table.Column<int>(type: "integer", nullable: true),
                    SlaState = table.Column<int>(type: "integer", nullable: false),
                    RowVersion = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceRequests_CatalogServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "CatalogServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceRequests_Comuni_ComuneId",
                        column: x => x.ComuneId,
                        principalTable: "Comuni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceRequests_OperatorGroups_AssignedGroupId",
                        column: x => x.AssignedGroupId,
                        principalTable: "OperatorGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ServiceRequests_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RequestEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    RequestId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    FromStatus = table.Column<int>(type: "integer", nullable: true),
                    ToStatus = table.Column<int>(type: "integer", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    AuthorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    IsInternal = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestEvents_ServiceRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "ServiceRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RequestFieldValues",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<int>(type: "integer", nullable: false),
                    FieldId = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DocumentId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestFieldValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestFieldValues_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_RequestFieldValues_ServiceRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "ServiceRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SlaAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    RequestId = table.Column<int>(type: "integer", nullable: false),
                    Clock = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    DueUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MarginMinutes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlaAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SlaAlerts_ServiceRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "ServiceRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Procedures_Dashboard",
                table: "Procedures",
                columns: new[] { "ProvinceId", "Phase", "SceltaContraente", "ComuneId", "Anno", "ImportoBaseCents", "DataPubblicazione", "DataAggiudicazione" });

            migrationBuilder.CreateIndex(
                name: "IX_Procedures_ProvinceId_DataAggiudicazione",
                table: "Procedures",
                columns: new[] { "ProvinceId", "DataAggiudicazione" });

            migrationBuilder.CreateIndex(
                name: "IX_Lots_ProvinceId_RibassoPercent",
                table: "Lots",
                columns: new[] { "ProvinceId", "RibassoPercent" });

            migrationBuilder.CreateIndex(
                name: "IX_Calls_List",
                table: "Calls",
                columns: new[] { "LastDeadlineUtc", "ProvinceId", "OpeningUtc", "Programme" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertDigests_SavedSearchId_Period",
                table: "AlertDigests",
                columns: new[] { "SavedSearchId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BulletinItems_BulletinId_Ordinal",
                table: "BulletinItems",
                columns: new[] { "BulletinId", "Ordinal" });

            migrationBuilder.CreateIndex(
                name: "IX_BulletinItems_CallId",
                table: "BulletinItems",
                column: "CallId");

            migrationBuilder.CreateIndex(
                name: "IX_Bulletins_ProvinceId_SentAtUtc",
                table: "Bulletins",
                columns: new[] { "ProvinceId", "SentAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Bulletins_ProvinceId_Year_Number",
                table: "Bulletins",
                columns: new[] { "ProvinceId", "Year", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BusinessCalendars_ProvinceId",
                table: "BusinessCalendars",
                column: "ProvinceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CallAlerts_CallId",
                table: "CallAlerts",
                column: "CallId");

            migrationBuilder.CreateIndex(
                name: "IX_CallAlerts_DigestId",
                table: "CallAlerts",
                column: "DigestId");

            migrationBuilder.CreateIndex(
                name: "IX_CallAlerts_SavedSearchId_CallId_ChangeKey",
                table: "CallAlerts",
                columns: new[] { "SavedSearchId", "CallId", "ChangeKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CallAlerts_SavedSearchId_DigestDue_DigestId",
                table: "CallAlerts",
                columns: new[] { "SavedSearchId", "DigestDue", "DigestId" });

            migrationBuilder.CreateIndex(
                name: "IX_CatalogServices_ProvinceId_IsPublished_Category_Name",
                table: "CatalogServices",
                columns: new[] { "ProvinceId", "IsPublished", "Category", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_CatalogServices_SlaClassId",
                table: "CatalogServices",
                column: "SlaClassId");

            migrationBuilder.CreateIndex(
                name: "IX_OperatorGroupMembers_UserId",
                table: "OperatorGroupMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_OperatorGroups_ProvinceId_Name",
                table: "OperatorGroups",
                columns: new[] { "ProvinceId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PatronDays_ProvinceId_Year",
                table: "PatronDays",
                columns: new[] { "ProvinceId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RequestEvents_RequestId_AtUtc_Id",
                table: "RequestEvents",
                columns: new[] { "RequestId", "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestFieldValues_DocumentId",
                table: "RequestFieldValues",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_RequestFieldValues_RequestId_Order",
                table: "RequestFieldValues",
                columns: new[] { "RequestId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_SavedSearches_Paused_Frequency",
                table: "SavedSearches",
                columns: new[] { "Paused", "Frequency" });

            migrationBuilder.CreateIndex(
                name: "IX_SavedSearches_UserId_Name",
                table: "SavedSearches",
                columns: new[] { "UserId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceFormFields_ServiceId_Order",
                table: "ServiceFormFields",
                columns: new[] { "ServiceId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_AssignedGroupId",
                table: "ServiceRequests",
                column: "AssignedGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ComuneId",
                table: "ServiceRequests",
                column: "ComuneId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ProvinceId_ComuneId_LastActivityAtUtc_Id",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "ComuneId", "LastActivityAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_ProvinceId_LastActivityAtUtc_Id",
                table: "ServiceRequests",
                columns: new[] { "ProvinceId", "LastActivityAtUtc", "Id" });

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

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_Status_ResolveWarnUtc",
                table: "ServiceRequests",
                columns: new[] { "Status", "ResolveWarnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_Status_SolvedAtUtc",
                table: "ServiceRequests",
                columns: new[] { "Status", "SolvedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRequests_Status_TakeChargeWarnUtc",
                table: "ServiceRequests",
                columns: new[] { "Status", "TakeChargeWarnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SlaAlerts_RequestId_Clock_Kind_DueUtc",
                table: "SlaAlerts",
                columns: new[] { "RequestId", "Clock", "Kind", "DueUtc" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SlaClasses_ProvinceId_Name",
                table: "SlaClasses",
                columns: new[] { "ProvinceId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BulletinItems");

            migrationBuilder.DropTable(
                name: "BusinessCalendars");

            migrationBuilder.DropTable(
                name: "CallAlerts");

            migrationBuilder.DropTable(
                name: "OperatorGroupMembers");

            migrationBuilder.DropTable(
                name: "PatronDays");

            migrationBuilder.DropTable(
                name: "RequestEvents");

            migrationBuilder.DropTable(
                name: "RequestFieldValues");

            migrationBuilder.DropTable(
                name: "ServiceFormFields");

            migrationBuilder.DropTable(
                name: "SlaAlerts");

            migrationBuilder.DropTable(
                name: "Bulletins");

            migrationBuilder.DropTable(
                name: "AlertDigests");

            migrationBuilder.DropTable(
                name: "ServiceRequests");

            migrationBuilder.DropTable(
                name: "SavedSearches");

            migrationBuilder.DropTable(
                name: "CatalogServices");

            migrationBuilder.DropTable(
                name: "OperatorGroups");

            migrationBuilder.DropTable(
                name: "SlaClasses");

            migrationBuilder.DropIndex(
                name: "IX_Procedures_Dashboard",
                table: "Procedures");

            migrationBuilder.DropIndex(
                name: "IX_Procedures_ProvinceId_DataAggiudicazione",
                table: "Procedures");

            migrationBuilder.DropIndex(
                name: "IX_Lots_ProvinceId_RibassoPercent",
                table: "Lots");

            migrationBuilder.DropIndex(
                name: "IX_Calls_List",
                table: "Calls");

            migrationBuilder.CreateIndex(
                name: "IX_Procedures_ProvinceId_Phase",
                table: "Procedures",
                columns: new[] { "ProvinceId", "Phase" });

            migrationBuilder.CreateIndex(
                name: "IX_Lots_ProvinceId",
                table: "Lots",
                column: "ProvinceId");
        }
    }
}
