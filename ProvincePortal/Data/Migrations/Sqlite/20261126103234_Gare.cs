using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProvincePortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Gare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EconomicOperators",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Denominazione = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    CodiceFiscale = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    IdentificativoFiscaleEstero = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EconomicOperators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EconomicOperators_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Procedures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComuneId = table.Column<int>(type: "INTEGER", nullable: true),
                    CommittenteCodiceFiscale = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Oggetto = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Tipo = table.Column<int>(type: "INTEGER", nullable: false),
                    SceltaContraente = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    SceltaContraenteL190 = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    Criterio = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    StatoAppalto = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Esito = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Cpv = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Cup = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    ImportoBaseCents = table.Column<long>(type: "INTEGER", nullable: false),
                    OneriSicurezzaCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Rup = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RupCodiceFiscale = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Phase = table.Column<int>(type: "INTEGER", nullable: false),
                    MotivoCambioFase = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DataPubblicazione = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DataAggiudicazione = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DataStipula = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DataInizioEsecuzione = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DataFineEsecuzione = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Anno = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RowVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Procedures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Procedures_Comuni_ComuneId",
                        column: x => x.ComuneId,
                        principalTable: "Comuni",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Procedures_Provinces_ProvinceId",
                        column: x => x.ProvinceId,
                        principalTable: "Provinces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Lots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProcedureId = table.Column<int>(type: "INTEGER", nullable: false),
                    Numero = table.Column<int>(type: "INTEGER", nullable: false),
                    Cig = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Oggetto = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ImportoCents = table.Column<long>(type: "INTEGER", nullable: false),
                    StatoLotto = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ImportoAggiudicazioneCents = table.Column<long>(type: "INTEGER", nullable: true),
                    RibassoPercent = table.Column<double>(type: "REAL", precision: 9, scale: 5, nullable: true),
                    SommeLiquidateCents = table.Column<long>(type: "INTEGER", nullable: true),
                    DataInizio = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DataUltimazione = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RowVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Lots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Lots_Procedures_ProcedureId",
                        column: x => x.ProcedureId,
                        principalTable: "Procedures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProcedureDeadlines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProcedureId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Titolo = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcedureDeadlines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProcedureDeadlines_Procedures_ProcedureId",
                        column: x => x.ProcedureId,
                        principalTable: "Procedures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Participations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    LotId = table.Column<int>(type: "INTEGER", nullable: false),
                    NomeRaggruppamento = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    Aggiudicatario = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Participations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Participations_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ParticipationMembers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipationId = table.Column<int>(type: "INTEGER", nullable: false),
                    OperatorId = table.Column<int>(type: "INTEGER", nullable: false),
                    Ruolo = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ParticipationMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ParticipationMembers_EconomicOperators_OperatorId",
                        column: x => x.OperatorId,
                        principalTable: "EconomicOperators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ParticipationMembers_Participations_ParticipationId",
                        column: x => x.ParticipationId,
                        principalTable: "Participations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EconomicOperators_ProvinceId_CodiceFiscale",
                table: "EconomicOperators",
                columns: new[] { "ProvinceId", "CodiceFiscale" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EconomicOperators_ProvinceId_Denominazione",
                table: "EconomicOperators",
                columns: new[] { "ProvinceId", "Denominazione" });

            migrationBuilder.CreateIndex(
                name: "IX_EconomicOperators_ProvinceId_IdentificativoFiscaleEstero",
                table: "EconomicOperators",
                columns: new[] { "ProvinceId", "IdentificativoFiscaleEstero" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Lots_Cig",
                table: "Lots",
                column: "Cig",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Lots_ProcedureId_Numero",
                table: "Lots",
                columns: new[] { "ProcedureId", "Numero" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Lots_ProvinceId",
                table: "Lots",
                column: "ProvinceId");

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationMembers_OperatorId",
                table: "ParticipationMembers",
                column: "OperatorId");

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationMembers_ParticipationId",
                table: "ParticipationMembers",
                column: "ParticipationId");

            migrationBuilder.CreateIndex(
                name: "IX_Participations_LotId",
                table: "Participations",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_ProcedureDeadlines_ProcedureId",
                table: "ProcedureDeadlines",
                column: "ProcedureId");

            migrationBuilder.CreateIndex(
                name: "IX_ProcedureDeadlines_ProvinceId_DueAtUtc",
                table: "ProcedureDeadlines",
                columns: new[] { "ProvinceId", "DueAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Procedures_ComuneId",
                table: "Procedures",
                column: "ComuneId");

            migrationBuilder.CreateIndex(
                name: "IX_Procedures_ProvinceId_Anno",
                table: "Procedures",
                columns: new[] { "ProvinceId", "Anno" });

            migrationBuilder.CreateIndex(
                name: "IX_Procedures_ProvinceId_Phase",
                table: "Procedures",
                columns: new[] { "ProvinceId", "Phase" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ParticipationMembers");

            migrationBuilder.DropTable(
                name: "ProcedureDeadlines");

            migrationBuilder.DropTable(
                name: "EconomicOperators");

            migrationBuilder.DropTable(
                name: "Participations");

            migrationBuilder.DropTable(
                name: "Lots");

            migrationBuilder.DropTable(
                name: "Procedures");
        }
    }
}
