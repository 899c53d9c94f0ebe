using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Requests;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Demo;

/// <summary>Volumes of a run; the national one is issue 9's "realistic volumes", spread over the Provinces by population.</summary>
public sealed record DemoScale(string Name, int Procedures, int Calls, int Requests, int Documents)
{
    public static readonly DemoScale Nazionale = new("nazionale", 100_000, 50_000, 1_000_000, 100_000);
    public static readonly DemoScale Regionale = new("regionale", 10_000, 5_000, 100_000, 10_000);
    public static readonly DemoScale Piccola = new("piccola", 100, 50, 1_000, 100);
    public static readonly IReadOnlyList<DemoScale> All = [Nazionale, Regionale, Piccola];

    public static DemoScale? Parse(string? name) => All.FirstOrDefault(s => s.Name == name?.Trim().ToLowerInvariant());
}

/// <summary>A run refused or impossible: the message is Italian and says what to do.</summary>
public sealed class DemoGenerationException(string message) : Exception(message);

public sealed record DemoResult(IReadOnlyList<(string Entity, long Rows, TimeSpan Time)> Steps, TimeSpan Total, int? ReplacedRuns);

/// <summary>
/// `demo genera`: fills every Province with deterministic demo data (procedures with lots and participants, calls,
/// requests with their histories and SLA figures, documents with text in the store and in the full-text index,
/// Agenda indicators for every Comune, an officer account per Province). Rows are written in one transaction through
/// <see cref="BulkInserter{T}"/>; the keys it takes are recorded in <see cref="DemoGeneration"/>.
/// </summary>
public sealed class DemoGenerator(IDbContextFactory<PortalDbContext> factory, IDocumentStore store, IstatImportService istat)
{
    /// <summary>"Today" of the generated data: ages, states and SLA figures are computed against it, never against the clock.</summary>
    public static readonly DateTime BaseDate = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    public const string UserIdPrefix = "DEMO-";
    public const string Author = "Generatore dati dimostrativi";

    public static string OfficerEmail(string sigla) => $"operatore.{sigla.ToLowerInvariant()}@demo.provinceportal.it";

    private enum Stream { Procedure = 1, Lot, Participation, Operator, Call, Request, Document, Measurement, Deadline }

    private sealed record ProvinceInfo(int Id, string Code, string Sigla, string Name, long Population, ComuneInfo[] Comuni, long[] Cumulative)
    {
        public ComuneInfo PickComune(double u)
        {
            var target = (long)(u * Cumulative[^1]);
            var i = Array.BinarySearch(Cumulative, target + 1);
            return Comuni[Math.Min(i < 0 ? ~i : i, Comuni.Length - 1)];
        }
    }

    private sealed record ComuneInfo(int Id, string Name, string IstatCode);

    public async Task<DemoResult> GenerateAsync(DemoScale scale, long seed, bool replace, TextWriter output, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var steps = new List<(string, long, TimeSpan)>();
        var watch = Stopwatch.StartNew();
        async Task Step(string entity, long rows)
        {
            steps.Add((entity, rows, watch.Elapsed));
            var counted = rows > 1 ? $"{rows.ToString("N0", Localization.Formats.Italian)} righe in " : "";
            await output.WriteLineAsync($"  {entity}: {counted}{watch.Elapsed.TotalSeconds.ToString("N1", Localization.Formats.Italian)} s");
            watch.Restart();
        }

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (!await db.Comuni.AnyAsync(ct))
            {
                await output.WriteLineAsync("Territorio assente: importazione dell'elenco ISTAT dei Comuni…");
                var imported = await istat.ImportFileAsync(IstatImportService.SeedFile, null, Author, ct);
                await output.WriteLineAsync("  " + imported.SummaryLine);
            }
        }
        int? replaced = null;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.Scope = TenantScope.System;
            await DefaultFramework.EnsureAsync(db, ct);
            var previous = await db.Set<DemoGeneration>().CountAsync(ct);
            var users = await db.Users.CountAsync(u => u.Id.StartsWith(UserIdPrefix), ct);
            if ((previous > 0 || users > 0) && !replace)
                throw new DemoGenerationException(
                    $"il database contiene già dati dimostrativi generati ({previous} generazioni, {users} account operatore): usare --sostituisci per cancellarli e generarli di nuovo.");
            if (previous > 0 || users > 0) replaced = previous;
        }

        var provinces = await LoadProvincesAsync(ct);
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.Scope = TenantScope.System;
            // The service workspaces the app would create on first use (same keys and names), all in one save.
            var keys = (await db.Workspaces.Select(w => w.Key).ToListAsync(ct)).ToHashSet();
            (WorkspaceKind Kind, string Code, string Name)[] kinds =
                [(WorkspaceKind.ServizioSua, "SUA", "Stazione Unica Appaltante"), (WorkspaceKind.ServizioEuropa, "EU", "Servizio Europa"), (WorkspaceKind.CentroDiCompetenza, "CDC", "Centro di Competenza")];
            foreach (var p in provinces)
                foreach (var k in kinds.Where(k => !keys.Contains($"P{p.Id}:{k.Code}")))
                    db.Workspaces.Add(new Workspace { Key = $"P{p.Id}:{k.Code}", Kind = k.Kind, Name = $"{k.Name} ({p.Sigla})", ProvinceId = p.Id, CreatedAtUtc = BaseDate });
            if (!keys.Contains(DocumentService.NationalKey))
                db.Workspaces.Add(new Workspace { Key = DocumentService.NationalKey, Name = "Modelli condivisi", Kind = WorkspaceKind.Nazionale, CreatedAtUtc = BaseDate });
            await db.SaveChangesAsync(ct);
        }
        await Step("Territorio e spazi documentali", provinces.Count);

        await using var context = await factory.CreateDbContextAsync(ct);
        context.Scope = TenantScope.System;
        context.Database.SetCommandTimeout(0);
        await context.Database.OpenConnectionAsync(ct);
        var connection = context.Database.GetDbConnection();
        var sqlite = connection is SqliteConnection;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await context.Database.UseTransactionAsync(transaction, ct);

        async Task Exec(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
        }
        async Task<List<T>> Query<T>(string sql, Func<DbDataReader, T> read)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            var list = new List<T>();
            while (await reader.ReadAsync(ct)) list.Add(read(reader));
            return list;
        }
        async Task<long> MaxId(string table, string column = "Id") =>
            (await Query($"SELECT COALESCE(MAX(\"{column}\"), 0) FROM \"{table}\"", r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture)))[0];

        // The requests' full-text index is rebuilt in one pass at the end (one trigger call per row would double the time);
        // the big tables' indexes are dropped and built again once (one sort instead of millions of random insertions).
        var rebuild = new List<string>();
        if (sqlite)
        {
            await Exec(RequestSearchSql.SqliteDown.Replace("DROP TABLE IF EXISTS \"RequestSearch\";", ""));
            foreach (var table in new[] { "ServiceRequests", "RequestEvents", "AgendaMeasurements", "ParticipationMembers", "Participations" })
            {
                var indexes = await Query($"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND sql IS NOT NULL", r => (r.GetString(0), r.GetString(1)));
                foreach (var (name, sql) in indexes)
                {
                    await Exec($"DROP INDEX \"{name}\"");
                    rebuild.Add(sql);
                }
            }
        }

        var oldFiles = new List<string>();
        if (replaced is not null)
        {
            oldFiles = await DeletePreviousAsync(context, Exec, Query, ct);
            await Step("Dati generati in precedenza cancellati", oldFiles.Count);
        }

        var ranges = new List<string>();
        void Range(string table, string column, long first, long last) { if (last >= first) ranges.Add($"{table}.{column}:{first}-{last}"); }

        var weights = provinces.Select(p => (double)p.Population).ToArray();

        // Officers, one per Province: the same password hash for all (hashing 107 times would cost seconds for nothing).
        var hash = new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), DemoSeeder.Password);
        var roleIds = await context.Roles.Where(r => r.Name == Roles.SuaOperator || r.Name == Roles.EuropeOperator || r.Name == Roles.CdcOperator || r.Name == Roles.Manager)
            .Select(r => r.Id).ToListAsync(ct);
        await using (var users = BulkInserter<PortalUser>.Open(context, transaction))
        await using (var userRoles = BulkInserter<IdentityUserRole<string>>.Open(context, transaction, users))
        {
            foreach (var p in provinces)
            {
                var email = OfficerEmail(p.Sigla);
                var id = UserIdPrefix + "operatore-" + p.Sigla.ToLowerInvariant();
                users.Add(new PortalUser
                {
                    Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true, PasswordHash = hash, SecurityStamp = Stamp(seed, "s" + id), ConcurrencyStamp = Stamp(seed, "c" + id),
                    LockoutEnabled = true, FullName = $"Operatore demo {p.Name}", ProvinceId = p.Id, CreatedAtUtc = BaseDate, IsActive = true,
                });
                foreach (var role in roleIds) userRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = role });
            }
        }
        await Step("Account operatore (uno per Provincia)", provinces.Count);

        // Gare: procedures, lots, bids of each Province's register of economic operators.
        var procedureShare = Allocate(scale.Procedures, weights);
        long procedureId = await MaxId("Procedures"), lotId = await MaxId("Lots"), operatorId = await MaxId("EconomicOperators"),
            participationId = await MaxId("Participations"), memberId = await MaxId("ParticipationMembers"), deadlineId = await MaxId("ProcedureDeadlines");
        var first = (Procedure: procedureId + 1, Lot: lotId + 1, Operator: operatorId + 1, Participation: participationId + 1, Member: memberId + 1, Deadline: deadlineId + 1);
        var cigBase = (long)(DemoRandom.Mix((ulong)seed) % 0x400000);
        var cigLetter = (char)('A' + (int)(DemoRandom.Mix((ulong)seed + 1) % 21));
        long procedureRow = 0, lotRow = 0;
        await using (var procedures = BulkInserter<Procedure>.Open(context, transaction))
        await using (var lots = BulkInserter<Lot>.Open(context, transaction, procedures))
        await using (var operators = BulkInserter<EconomicOperator>.Open(context, transaction))
        await using (var participations = BulkInserter<Participation>.Open(context, transaction, lots))
        await using (var members = BulkInserter<ParticipationMember>.Open(context, transaction, participations, operators))
        await using (var deadlines = BulkInserter<ProcedureDeadline>.Open(context, transaction, procedures))
        {
            for (var pi = 0; pi < provinces.Count; pi++)
            {
                var p = provinces[pi];
                var count = procedureShare[pi];
                if (count == 0) continue;
                var poolSize = Math.Max(12, count / 3);
                var firstOperator = operatorId + 1;
                for (var k = 0; k < poolSize; k++)
                {
                    var r = new DemoRandom(seed, (int)Stream.Operator, pi * 1_000_000L + k);
                    operators.Add(new EconomicOperator
                    {
                        Id = (int)++operatorId, ProvinceId = p.Id, CreatedAtUtc = BaseDate.AddDays(-r.Int(1, 2000)),
                        Denominazione = $"{r.Pick(2, DemoTexts.OperatorTrades)} {r.Pick(3, DemoTexts.Surnames)} {r.Pick(4, DemoTexts.OperatorForms)}",
                        CodiceFiscale = PartitaIvaOf(1_000_000 + pi * 60_000 + k, p.Code),
                    });
                }
                for (var k = 0; k < count; k++)
                {
                    var r = new DemoRandom(seed, (int)Stream.Procedure, ++procedureRow);
                    var id = (int)++procedureId;
                    var (text, type, cpv) = r.Pick(1, DemoTexts.ProcedureObjects);
                    ComuneInfo? comune = r.Chance(2, 0.7) ? p.PickComune(r.Unit(3)) : null;
                    var year = 2019 + r.Int(4, 8);
                    var created = new DateTime(year, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddDays(r.Int(5, year == 2026 ? 290 : 360));
                    var age = (BaseDate - created).TotalDays;
                    var phase = PhaseOf(r.Unit(6), age);
                    var baseCents = (long)Math.Round(Math.Exp(Math.Log(5_000) + r.Unit(7) * (Math.Log(5_000_000) - Math.Log(5_000)))) * 100;
                    var published = phase >= TenderPhase.Pubblicazione ? DateOnly.FromDateTime(created.AddDays(20 + r.Int(8, 40))) : (DateOnly?)null;
                    var awarded = phase >= TenderPhase.Affidamento ? published!.Value.AddDays(30 + r.Int(9, 60)) : (DateOnly?)null;
                    var signed = phase >= TenderPhase.Esecuzione ? awarded!.Value.AddDays(20 + r.Int(10, 40)) : (DateOnly?)null;
                    var ended = phase == TenderPhase.Conclusa ? signed!.Value.AddDays(60 + r.Int(11, 400)) : (DateOnly?)null;
                    var today = DateOnly.FromDateTime(BaseDate);
                    if (ended > today) ended = today.AddDays(-1 - r.Int(12, 20));
                    var scelta = baseCents < 14_000_000 ? "10" : r.Pick(13, ["5", "5", "6", "6", "4", "9"]);
                    var placeName = comune?.Name ?? p.Name;
                    procedures.Add(new Procedure
                    {
                        Id = id, ProvinceId = p.Id, ComuneId = comune?.Id,
                        Oggetto = $"{text} – {placeName}" + (type == 1 ? $" (intervento n. {r.Between(14, 1, 40)})" : ""),
                        Tipo = (ContractType)type, SceltaContraente = scelta, Criterio = r.Chance(15, 0.6) ? "price" : "quality",
                        StatoAppalto = phase >= TenderPhase.Pubblicazione ? "PUBB" : phase == TenderPhase.Progettazione ? "IN_LAV" : null,
                        Esito = phase >= TenderPhase.Esecuzione ? "selec-w" : phase >= TenderPhase.Pubblicazione ? "open-nw" : null,
                        Cpv = $"{cpv}-{CpvCode.CheckDigit(cpv)}",
                        Cup = type == 1 ? $"{(char)('B' + r.Int(16, 8))}{year % 100:00}{(char)('B' + r.Int(17, 20))}{r.Int(18, 100_000):00000}{procedureRow % 1_000_000:000000}" : null,
                        NumeroGaraAnac = published is null ? null : (9_000_000 + (procedureRow * 7919L) % 900_000).ToString(CultureInfo.InvariantCulture),
                        ImportoBaseCents = baseCents, OneriSicurezzaCents = type == 1 ? baseCents / 50 : 0,
                        Rup = $"{(r.Chance(19, 0.3) ? "Ing." : r.Chance(20, 0.5) ? "Arch." : "Dott.")} {r.Pick(21, DemoTexts.FirstNames)} {r.Pick(22, DemoTexts.Surnames)}",
                        Phase = phase, DataPubblicazione = published, DataAggiudicazione = awarded, DataStipula = signed,
                        DataInizioEsecuzione = signed?.AddDays(10), DataFineEsecuzione = ended,
                        Anno = published?.Year ?? year, CreatedAtUtc = created, UpdatedAtUtc = created.AddDays(r.Int(23, 30)),
                    });
                    if (phase is TenderPhase.Pubblicazione or TenderPhase.Affidamento)
                        deadlines.Add(new ProcedureDeadline
                        {
                            Id = (int)++deadlineId, ProvinceId = p.Id, ProcedureId = id,
                            Kind = phase == TenderPhase.Pubblicazione ? DeadlineKind.ScadenzaOfferte : DeadlineKind.Stipula,
                            DueAtUtc = BaseDate.AddDays(r.Int(24, 120) - 30).AddHours(12),
                        });

                    var lotCount = r.Chance(25, 0.7) ? 1 : r.Between(26, 2, 4);
                    for (var n = 1; n <= lotCount; n++)
                    {
                        var l = new DemoRandom(seed, (int)Stream.Lot, ++lotRow);
                        var lid = (int)++lotId;
                        var amount = lotCount == 1 ? baseCents : baseCents / lotCount;
                        var discount = awarded is null ? (decimal?)null : Math.Round((decimal)(l.Unit(1) * 28), 2);
                        lots.Add(new Lot
                        {
                            Id = lid, ProvinceId = p.Id, ProcedureId = id, Numero = n,
                            Cig = published is null ? null : CigOf(cigLetter, cigBase + lotRow),
                            Oggetto = lotCount == 1 ? "Lotto unico" : $"Lotto {n} – {l.Pick(2, DemoTexts.LotPlaces)}",
                            ImportoCents = amount, StatoLotto = awarded is null ? (published is null ? null : "PUBB") : "AGG",
                            ImportoAggiudicazioneCents = discount is null ? null : (long)(amount * (1 - discount.Value / 100m)),
                            RibassoPercent = discount,
                            SommeLiquidateCents = phase == TenderPhase.Conclusa ? (long)(amount * 0.95) : null,
                            DataInizio = signed?.AddDays(10), DataUltimazione = ended,
                        });
                        if (published is null) continue;
                        var bids = r.Chance(27, 0.3) && scelta == "10" ? 1 : l.Between(3, 1, 6);
                        var winner = awarded is null ? -1 : l.Int(4, bids);
                        for (var b = 0; b < bids; b++)
                        {
                            var pid = (int)++participationId;
                            var group = l.Child(b).Chance(5, 0.15);
                            var op = (int)(firstOperator + l.Child(b).Int(6, poolSize));
                            participations.Add(new Participation
                            {
                                Id = pid, ProvinceId = p.Id, LotId = lid, Aggiudicatario = b == winner,
                                NomeRaggruppamento = group ? $"RTI {l.Child(b).Pick(7, DemoTexts.Surnames)} – {l.Child(b).Pick(8, DemoTexts.Surnames)}" : null,
                            });
                            members.Add(new ParticipationMember { Id = (int)++memberId, ProvinceId = p.Id, ParticipationId = pid, OperatorId = op, Ruolo = group ? "02-MANDATARIA" : null });
                            if (group)
                                members.Add(new ParticipationMember
                                {
                                    Id = (int)++memberId, ProvinceId = p.Id, ParticipationId = pid, Ruolo = "01-MANDANTE",
                                    OperatorId = (int)(firstOperator + (op - firstOperator + 1 + l.Child(b).Int(9, poolSize - 1)) % poolSize),
                                });
                        }
                    }
                }
            }
            Range("ParticipationMembers", "Id", first.Member, memberId);
            Range("Participations", "Id", first.Participation, participationId);
            Range("ProcedureDeadlines", "Id", first.Deadline, deadlineId);
            Range("Lots", "Id", first.Lot, lotId);
            Range("Procedures", "Id", first.Procedure, procedureId);
            Range("EconomicOperators", "Id", first.Operator, operatorId);
            await Step($"Gare ({procedures.Count:N0} procedure, {lots.Count:N0} lotti, {participations.Count:N0} partecipazioni, {operators.Count:N0} operatori)",
                procedures.Count + lots.Count + participations.Count + members.Count + operators.Count + deadlines.Count);
        }

        // Bandi: mostly the platform-wide catalogue (EU portal, national and regional), some calls of a Province's own.
        long callId = await MaxId("Calls"), callDeadlineId = await MaxId("CallDeadlines");
        var firstCall = callId + 1;
        var firstCallDeadline = callDeadlineId + 1;
        var provinceOfCall = Allocate(scale.Calls * 15 / 100, weights);
        await using (var calls = BulkInserter<Call>.Open(context, transaction))
        await using (var callDeadlines = BulkInserter<CallDeadline>.Open(context, transaction, calls))
        {
            var own = new Queue<int>(provinceOfCall.SelectMany((n, i) => Enumerable.Repeat(i, n)));
            var national = scale.Calls - own.Count;
            for (var k = 1; k <= scale.Calls; k++)
            {
                var r = new DemoRandom(seed, (int)Stream.Call, k);
                var id = (int)++callId;
                ProvinceInfo? owner = k > national ? provinces[own.Dequeue()] : null;
                var origin = owner is not null ? (r.Chance(1, 0.5) ? CallOrigin.Regionale : CallOrigin.Nazionale)
                    : r.Unit(2) switch { < 0.6 => CallOrigin.PortaleUe, < 0.85 => CallOrigin.Nazionale, _ => CallOrigin.Regionale };
                var opening = BaseDate.AddDays(-r.Int(3, 900) + 60);
                var deadlineCount = r.Chance(4, 0.8) ? 1 : 2;
                var deadlinesOf = Enumerable.Range(0, deadlineCount).Select(d => opening.AddDays(45 + d * 90 + r.Int(5 + d, 60)).Date.AddHours(15)).ToArray();
                var call = new Call { Id = id, ProvinceId = owner?.Id, Origin = origin, OpeningUtc = opening, CreatedAtUtc = opening.AddDays(-10), UpdatedAtUtc = opening.AddDays(-10) };
                if (origin == CallOrigin.PortaleUe)
                {
                    var (programme, code, prefix, action) = r.Pick(6, DemoTexts.EuProgrammes);
                    call.Identifier = $"{prefix}-{k:000000}";
                    call.Title = $"{r.Pick(7, DemoTexts.EuTitles)} ({k})";
                    call.Programme = programme;
                    call.ProgrammeCode = code;
                    call.CallIdentifier = prefix;
                    call.TypeOfAction = action;
                    call.DeadlineModel = deadlineCount == 1 ? "single-stage" : "two-stage";
                    call.Url = $"https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/{call.Identifier.ToLowerInvariant()}";
                }
                else
                {
                    var (programme, prefix) = r.Pick(8, DemoTexts.NationalProgrammes);
                    call.Identifier = $"{prefix}-{k:000000}";
                    call.Title = $"{r.Pick(9, DemoTexts.NationalTitles)} {BaseDate.Year - r.Int(10, 2)}" + (owner is null ? "" : $" – {owner.Name}");
                    call.Programme = programme;
                    call.Beneficiaries = "Comuni, Province, Città metropolitane";
                }
                call.Keywords = string.Join(", ", new[] { r.Pick(11, DemoTexts.Keywords), r.Pick(12, DemoTexts.Keywords) }.Distinct());
                call.Description = $"{call.Title}. Contributo a fondo perduto per enti locali; {call.Keywords}.";
                call.BudgetCents = (long)r.Between(13, 5, 500) * 100_000_000;
                call.MaxContributionCents = call.BudgetCents / r.Between(14, 5, 50);
                call.ExpectedGrants = r.Between(15, 3, 60);
                call.CoFinancingRate = r.Pick(16, new decimal?[] { 60m, 70m, 80m, 100m });
                call.FirstDeadlineUtc = deadlinesOf[0];
                call.LastDeadlineUtc = deadlinesOf[^1];
                call.SearchText = CallRules.SearchTextOf(call);
                calls.Add(call);
                for (var d = 0; d < deadlinesOf.Length; d++)
                    callDeadlines.Add(new CallDeadline
                    {
                        Id = (int)++callDeadlineId, CallId = id, ProvinceId = owner?.Id, Ordinal = d + 1, DeadlineUtc = deadlinesOf[d],
                        Label = deadlinesOf.Length == 1 ? null : d == 0 ? "Prima fase" : "Seconda fase",
                        Uid = $"demo-{seed}-{k}-{d + 1}@provinceportal",
                    });
            }
            Range("CallDeadlines", "Id", firstCallDeadline, callDeadlineId);
            Range("Calls", "Id", firstCall, callId);
            await Step($"Bandi ({calls.Count:N0}, {callDeadlines.Count:N0} scadenze)", calls.Count + callDeadlines.Count);
        }

        // Richieste: a small catalogue per Province, then the requests with their status history and SLA figures.
        long slaId = await MaxId("SlaClasses"), serviceId = await MaxId("CatalogServices"), requestId = await MaxId("ServiceRequests"), eventId = await MaxId("RequestEvents");
        var firstSla = slaId + 1;
        var firstService = serviceId + 1;
        var firstRequest = requestId + 1;
        var firstEvent = eventId + 1;
        var takenNames = (await context.CatalogServices.IgnoreQueryFilters().Select(s => new { s.ProvinceId, s.Name }).ToListAsync(ct))
            .Concat(await context.SlaClasses.IgnoreQueryFilters().Select(s => new { s.ProvinceId, s.Name }).ToListAsync(ct))
            .Select(x => (x.ProvinceId, x.Name)).ToHashSet();
        string FreeName(int province, string name) => takenNames.Contains((province, name)) ? name + " (dati dimostrativi)" : name;
        var catalogue = new Dictionary<int, (int Service, SlaTargets Targets)[]>();
        await using (var slaClasses = BulkInserter<SlaClass>.Open(context, transaction))
        await using (var services = BulkInserter<CatalogService>.Open(context, transaction, slaClasses))
        {
            foreach (var p in provinces)
            {
                var standard = new SlaClass { Id = (int)++slaId, ProvinceId = p.Id, Name = FreeName(p.Id, "Standard"), TakeChargeTarget = 8, TakeChargeUnit = SlaUnit.Ore, ResolveTarget = 5, ResolveUnit = SlaUnit.Giorni };
                var urgent = new SlaClass { Id = (int)++slaId, ProvinceId = p.Id, Name = FreeName(p.Id, "Urgente"), TakeChargeTarget = 2, TakeChargeUnit = SlaUnit.Ore, ResolveTarget = 1, ResolveUnit = SlaUnit.Giorni };
                slaClasses.Add(standard);
                slaClasses.Add(urgent);
                var list = new List<(int, SlaTargets)>();
                for (var s = 0; s < DemoTexts.RequestServices.Length; s++)
                {
                    var sla = s == 0 ? urgent : standard;
                    var service = new CatalogService
                    {
                        Id = (int)++serviceId, ProvinceId = p.Id, Name = FreeName(p.Id, DemoTexts.RequestServices[s]), Category = "Servizi digitali",
                        Description = $"{DemoTexts.RequestServices[s]} per i Comuni della {Province.DisplayNameOf(ProvinceType.Provincia, p.Name)}.",
                        SlaClassId = sla.Id, IsPublished = true, CreatedAtUtc = new DateTime(2023, 12, 1, 9, 0, 0, DateTimeKind.Utc),
                    };
                    services.Add(service);
                    list.Add((service.Id, new SlaTargets(sla.TakeChargeTarget, sla.TakeChargeUnit, sla.ResolveTarget, sla.ResolveUnit, sla.WarningPercent)));
                }
                catalogue[p.Id] = list.ToArray();
            }
        }
        Range("CatalogServices", "Id", firstService, serviceId);
        Range("SlaClasses", "Id", firstSla, slaId);

        var requestShare = Allocate(scale.Requests, weights);
        var calendar = WorkCalendar.Standard();
        long requestRow = 0;
        await using (var requests = BulkInserter<ServiceRequest>.Open(context, transaction))
        await using (var events = BulkInserter<RequestEvent>.Open(context, transaction, requests))
        {
            var span = (BaseDate - new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMinutes;
            var history = new List<(DateTime At, RequestEventKind Kind, RequestStatus? From, RequestStatus To, string? Text)>();
            for (var pi = 0; pi < provinces.Count; pi++)
            {
                var p = provinces[pi];
                for (var k = 0; k < requestShare[pi]; k++)
                {
                    var r = new DemoRandom(seed, (int)Stream.Request, ++requestRow);
                    var id = (int)++requestId;
                    var comune = r.Chance(1, 0.1) ? null : p.PickComune(r.Unit(2));
                    var (service, targets) = r.Pick(3, catalogue[p.Id]);
                    // Filed on a working day, office hours, spread over 2024 to the base date (more recent ones slightly denser).
                    var created = calendar.NextWorkingInstant(BaseDate.AddMinutes(-span * Math.Pow(r.Unit(4), 1.3)).Date.AddHours(7).AddMinutes(r.Int(5, 540)));
                    if (created >= BaseDate) created = BaseDate.AddDays(-3).AddHours(-r.Int(5, 48));
                    var status = StatusOf(r.Unit(6), (BaseDate - created).TotalDays);
                    var operatorName = $"{r.Pick(7, DemoTexts.FirstNames)} {r.Pick(8, DemoTexts.Surnames)}";
                    history.Clear();
                    history.Add((created, RequestEventKind.Creata, null, RequestStatus.Nuova, null));
                    var available = (BaseDate - created).TotalMinutes;
                    DateTime At(double fraction) => created.AddMinutes(Math.Max(1, available * fraction));
                    DateTime? taken = null, solved = null, closed = null, planned = null;
                    if (status != RequestStatus.Nuova)
                    {
                        taken = calendar.AddWorkingMinutes(created, r.Chance(9, 0.85) ? r.Int(10, 420) : 420 + r.Int(11, 900));
                        if (taken >= BaseDate) taken = At(0.05);
                        history.Add((taken.Value, RequestEventKind.PresaInCarico, RequestStatus.Nuova, RequestStatus.InCarico, null));
                        var cursor = taken.Value;
                        var rest = (BaseDate - cursor).TotalMinutes;
                        DateTime Next(int field, double maxWorkingMinutes)
                        {
                            var t = calendar.AddWorkingMinutes(cursor, 30 + r.Unit(field) * maxWorkingMinutes);
                            if (t >= BaseDate) t = cursor.AddMinutes(Math.Max(1, (BaseDate - cursor).TotalMinutes * (0.2 + 0.5 * r.Unit(field + 50))));
                            cursor = t;
                            return t;
                        }
                        var paused = status == RequestStatus.InAttesa || (status >= RequestStatus.Risolta && r.Chance(12, 0.2));
                        if (paused)
                        {
                            history.Add((Next(13, 600), RequestEventKind.MessaInAttesa, RequestStatus.InCarico, RequestStatus.InAttesa, r.Pick(14, DemoTexts.WaitingReasons)));
                            if (status != RequestStatus.InAttesa)
                                history.Add((Next(15, 1500), RequestEventKind.Ripresa, RequestStatus.InAttesa, RequestStatus.InCarico, null));
                        }
                        if (status == RequestStatus.Pianificata)
                        {
                            planned = Next(16, 300);
                            history.Add((planned.Value, RequestEventKind.Pianificata, RequestStatus.InCarico, RequestStatus.Pianificata, null));
                        }
                        if (status >= RequestStatus.Risolta)
                        {
                            solved = Next(17, 2400);
                            history.Add((solved.Value, RequestEventKind.Risolta, RequestStatus.InCarico, RequestStatus.Risolta, r.Pick(18, DemoTexts.Solutions)));
                        }
                        if (status == RequestStatus.Chiusa)
                        {
                            var auto = r.Chance(19, 0.3);
                            closed = auto ? calendar.AddWorkingDays(cursor, 10) : Next(20, 960);
                            if (closed >= BaseDate) { closed = cursor.AddMinutes(Math.Max(1, (BaseDate - cursor).TotalMinutes / 2)); auto = false; }
                            history.Add((closed.Value, auto ? RequestEventKind.ChiusaAutomaticamente : RequestEventKind.SoluzioneApprovata, RequestStatus.Risolta, RequestStatus.Chiusa, null));
                        }
                    }
                    var changes = history.Skip(1).Select(h => new StatusChange(h.At, h.From!.Value, h.To)).ToList();
                    var sla = SlaCalculator.Compute(calendar, created, targets, changes, status, BaseDate);
                    var subject = r.Pick(21, DemoTexts.RequestSubjects) + (comune is null ? $" – uffici provinciali" : $" – {comune.Name}");
                    requests.Add(new ServiceRequest
                    {
                        Id = id, ProvinceId = p.Id, ComuneId = comune?.Id, ServiceId = service, Subject = subject, Status = status,
                        Priority = (RequestPriority)(r.Unit(22) switch { < 0.2 => 1, < 0.8 => 2, < 0.95 => 3, _ => 4 }),
                        RequesterUserId = UserIdPrefix + "richiedente", RequesterName = $"{r.Pick(23, DemoTexts.FirstNames)} {r.Pick(24, DemoTexts.Surnames)}",
                        AssignedUserName = taken is null ? null : operatorName,
                        PlannedStartUtc = planned?.AddDays(2), PlannedEndUtc = planned?.AddDays(4),
                        WaitingReason = status == RequestStatus.InAttesa ? history[^1].Text : null,
                        Solution = solved is null ? null : history.First(h => h.Kind == RequestEventKind.Risolta).Text,
                        CreatedAtUtc = created, TakenInChargeAtUtc = taken, SolvedAtUtc = solved, ClosedAtUtc = closed, LastActivityAtUtc = history[^1].At,
                        TakeChargeTarget = targets.TakeCharge, TakeChargeUnit = targets.TakeChargeUnit, ResolveTarget = targets.Resolve, ResolveUnit = targets.ResolveUnit,
                        WarningPercent = targets.WarningPercent, TakeChargeDueUtc = sla.TakeChargeDueUtc, TakeChargeWarnUtc = sla.TakeChargeWarnUtc,
                        ResolveDueUtc = sla.ResolveDueUtc, ResolveWarnUtc = sla.ResolveWarnUtc, TakeChargeMarginMinutes = sla.TakeChargeMarginMinutes,
                        ResolveMarginMinutes = sla.ResolveMarginMinutes, SlaState = sla.State,
                        TakeChargeWorkingMinutes = sla.TakeChargeWorkingMinutes, ResolveWorkingMinutes = sla.ResolveWorkingMinutes,
                    });
                    foreach (var h in history)
                        events.Add(new RequestEvent
                        {
                            Id = ++eventId, ProvinceId = p.Id, RequestId = id, Kind = h.Kind, FromStatus = h.From, ToStatus = h.To, AtUtc = h.At,
                            AuthorId = h.Kind == RequestEventKind.Creata ? UserIdPrefix + "richiedente" : null,
                            AuthorName = h.Kind == RequestEventKind.Creata ? "Richiedente del Comune" : h.Kind == RequestEventKind.ChiusaAutomaticamente ? "Sistema" : operatorName,
                            Text = h.Text,
                        });
                }
            }
            Range("RequestEvents", "Id", firstEvent, eventId);
            Range("ServiceRequests", "Id", firstRequest, requestId);
            await Step($"Richieste ({requests.Count:N0}, {events.Count:N0} eventi di storico, {serviceId - firstService + 1:N0} servizi)", requests.Count + events.Count);
        }

        // Documenti: text files in the document store, their versions and their text (the full-text index follows by trigger).
        var workspaces = await context.Workspaces.AsNoTracking().Where(w => w.Key.StartsWith("P") || w.Key == DocumentService.NationalKey)
            .Select(w => new { w.Id, w.Key, w.ProvinceId }).ToListAsync(ct);
        var nationalWorkspace = workspaces.First(w => w.Key == DocumentService.NationalKey).Id;
        var workspacesOf = workspaces.Where(w => w.ProvinceId != null && w.Key.Contains(':')).GroupBy(w => w.ProvinceId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Id).ToArray());
        long documentId = await MaxId("Documents"), versionId = await MaxId("DocumentVersions");
        var firstDocument = documentId + 1;
        var firstVersion = versionId + 1;
        var newFiles = new HashSet<string>();
        var files = new List<(string Sha, byte[] Bytes)>();
        var documentShare = Allocate(scale.Documents, weights);
        long documentRow = 0;
        await using (var documents = BulkInserter<Document>.Open(context, transaction))
        await using (var versions = BulkInserter<DocumentVersion>.Open(context, transaction, documents))
        await using (var texts = BulkInserter<DocumentText>.Open(context, transaction, documents))
        {
            var body = new StringBuilder();
            for (var pi = 0; pi < provinces.Count; pi++)
            {
                var p = provinces[pi];
                for (var k = 0; k < documentShare[pi]; k++)
                {
                    var r = new DemoRandom(seed, (int)Stream.Document, ++documentRow);
                    var id = (int)++documentId;
                    var isNational = r.Chance(1, 0.05);
                    var workspace = isNational ? nationalWorkspace : r.Pick(2, workspacesOf[p.Id]);
                    var type = r.Pick(3, DemoTexts.DocumentTypes);
                    var comune = p.PickComune(r.Unit(4));
                    var created = BaseDate.AddMinutes(-r.Int(5, 60 * 24 * 365 * 3));
                    var title = $"{type} n. {r.Between(6, 1, 900)}/{created.Year} – {r.Pick(7, DemoTexts.DocumentSubjects)}" + (isNational ? "" : $" ({comune.Name})");
                    var tags = string.Join(", ", new[] { r.Pick(8, DemoTexts.DocumentTags), r.Pick(9, DemoTexts.DocumentTags) }.Distinct());
                    var description = r.Chance(10, 0.3) ? $"Documento della {Province.DisplayNameOf(ProvinceType.Provincia, p.Name)} relativo a {r.Pick(11, DemoTexts.DocumentSubjects)}." : null;
                    body.Clear();
                    body.Append(title).Append("\n\n");
                    body.Append(isNational ? "Modello condiviso tra le Province." : $"Ente: {Province.DisplayNameOf(ProvinceType.Provincia, p.Name)}. Comune interessato: {comune.Name}.").Append('\n');
                    var paragraphs = r.Between(12, 3, 8);
                    for (var s = 0; s < paragraphs; s++)
                        body.Append(r.Pick(100 + s, DemoTexts.Sentences)).Append(' ').Append(r.Pick(200 + s, DemoTexts.Sentences)).Append(" Riferimento interno n. ").Append(documentRow).Append(", paragrafo ").Append(s + 1).Append(".\n");
                    var text = body.ToString();
                    var bytes = Encoding.UTF8.GetBytes(text);
                    var sha = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
                    if (newFiles.Add(sha)) files.Add((sha, bytes));
                    documents.Add(new Document
                    {
                        Id = id, WorkspaceId = workspace, ProvinceId = isNational ? null : p.Id, Title = title, Description = description, DocumentType = type,
                        Tags = tags, CurrentVersionNumber = 1, CreatedAtUtc = created, CreatedBy = Author, UpdatedAtUtc = created,
                    });
                    versions.Add(new DocumentVersion
                    {
                        Id = (int)++versionId, DocumentId = id, Number = 1, AuthorName = Author, CreatedAtUtc = created, SizeBytes = bytes.Length, Sha256 = sha,
                        OriginalFileName = $"{type.ToLowerInvariant()}-{id}.txt", ContentType = "text/plain", ExtractionStatus = ExtractionStatus.Indicizzato,
                    });
                    texts.Add(new DocumentText { DocumentId = id, Title = title, Tags = tags, Body = DocumentService.ComposeBody(description, text) });
                }
            }
            Range("DocumentTexts", "DocumentId", firstDocument, documentId);
            Range("DocumentVersions", "Id", firstVersion, versionId);
            Range("Documents", "Id", firstDocument, documentId);
            await Step($"Documenti ({documents.Count:N0} con testo indicizzato)", documents.Count + versions.Count + texts.Count);
        }
        await WriteFilesAsync(files, ct);
        await Step("File dei documenti nell'archivio", files.Count);

        // Agenda: a value of every indicator of the current framework for every Comune.
        var framework = await context.AgendaFrameworks.Where(f => f.IsCurrent).Select(f => f.Id).FirstAsync(ct);
        var indicators = await context.AgendaIndicators.Where(i => i.FrameworkId == framework && i.Origin != IndicatorOrigin.SelfAssessment)
            .OrderBy(i => i.Code).Select(i => new { i.Id, i.TargetValue, i.GoalpostMin, i.GoalpostMax, i.Direction }).ToListAsync(ct);
        var batchId = (int)await MaxId("AgendaImportBatches") + 1;
        long measurementId = await MaxId("AgendaMeasurements");
        var firstMeasurement = measurementId + 1;
        var comuni = provinces.SelectMany(p => p.Comuni).OrderBy(c => c.IstatCode, StringComparer.Ordinal).ToList();
        await using (var batches = BulkInserter<AgendaImportBatch>.Open(context, transaction))
            batches.Add(new AgendaImportBatch
            {
                Id = batchId, FrameworkId = framework, Kind = "demo", FileName = $"demo genera --scala {scale.Name} --seme {seed}", Sha256 = Stamp(seed, "agenda").PadRight(64, '0'),
                ImportedAtUtc = BaseDate, ImportedBy = Author, Rows = comuni.Count * indicators.Count, Added = comuni.Count * indicators.Count,
            });
        await using (var measurements = BulkInserter<AgendaMeasurement>.Open(context, transaction))
        {
            for (var c = 0; c < comuni.Count; c++)
            {
                var r = new DemoRandom(seed, (int)Stream.Measurement, int.Parse(comuni[c].IstatCode, CultureInfo.InvariantCulture));
                // A Comune's digital maturity: its values lean the same way on every indicator.
                var maturity = r.Unit(0);
                for (var i = 0; i < indicators.Count; i++)
                {
                    var ind = indicators[i];
                    var u = Math.Clamp(0.6 * maturity + 0.4 * r.Unit(i + 1), 0, 1);
                    double value = ind switch
                    {
                        { GoalpostMin: { } min, GoalpostMax: { } max } => Math.Round(min + (max - min) * u, 1),
                        { TargetValue: 1 } => u > 0.4 ? 1 : 0,
                        { TargetValue: 0 } => u > 0.85 ? 1 : 0,
                        { TargetValue: { } target } => Math.Round(target * 1.2 * u, 1),
                        _ => Math.Round(100 * u, 1),
                    };
                    measurements.Add(new AgendaMeasurement { Id = ++measurementId, IndicatorId = ind.Id, ComuneId = comuni[c].Id, Value = value, MeasuredOn = new DateOnly(2026, 9, 30), BatchId = batchId });
                }
            }
            Range("AgendaMeasurements", "Id", firstMeasurement, measurementId);
            Range("AgendaImportBatches", "Id", batchId, batchId);
            await Step($"Indicatori Agenda ({comuni.Count:N0} Comuni × {indicators.Count} indicatori)", measurements.Count);
        }

        if (sqlite)
        {
            foreach (var sql in rebuild) await Exec(sql);
            await Exec(RequestSearchSql.SqliteTriggers + RequestSearchSql.SqliteFill);
            await Step("Indici e indice di ricerca delle richieste ricostruiti", rebuild.Count);
        }
        else
        {
            foreach (var table in new[] { "Procedures", "Lots", "EconomicOperators", "Participations", "ParticipationMembers", "ProcedureDeadlines", "Calls", "CallDeadlines",
                         "SlaClasses", "CatalogServices", "ServiceRequests", "RequestEvents", "Documents", "DocumentVersions", "AgendaImportBatches", "AgendaMeasurements" })
                await Exec($"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), GREATEST((SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{table}\"), 1))");
        }

        var generationId = (int)await MaxId("DemoGenerations") + 1;
        await using (var marks = BulkInserter<DemoGeneration>.Open(context, transaction))
            marks.Add(new DemoGeneration
            {
                Id = generationId, Scale = scale.Name, Seed = seed, GeneratedAtUtc = BaseDate, Ranges = string.Join(";", ranges),
                Summary = string.Join("; ", steps.Select(s => $"{s.Item1}: {s.Item2}")),
            });
        if (!sqlite) await Exec("SELECT setval(pg_get_serial_sequence('\"DemoGenerations\"', 'Id'), (SELECT MAX(\"Id\") FROM \"DemoGenerations\"))");
        await transaction.CommitAsync(ct);
        await Step("Salvataggio", 1);

        // Files of the replaced run that the new one does not use any more.
        foreach (var sha in oldFiles.Where(f => !newFiles.Contains(f)).Distinct()) await store.DeleteAsync(sha, ct);
        await Exec2(context, "ANALYZE", ct);
        await Step("Statistiche del database (ANALYZE)", 0);
        return new DemoResult(steps, total.Elapsed, replaced);
    }

    private static async Task Exec2(PortalDbContext context, string sql, CancellationToken ct)
    {
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes the rows of every previous run (children first) and the officers; returns the files their versions used.</summary>
    private static async Task<List<string>> DeletePreviousAsync(PortalDbContext context, Func<string, Task> exec,
        Func<string, Func<DbDataReader, (string, string)>, Task<List<(string, string)>>> query, CancellationToken ct)
    {
        var runs = await context.Set<DemoGeneration>().AsNoTracking().OrderByDescending(g => g.Id).ToListAsync(ct);
        var files = new List<string>();
        foreach (var run in runs)
        {
            foreach (var part in run.Ranges.Split(';', StringSplitOptions.RemoveEmptyEntries).OrderBy(DeletionRank))
            {
                var colon = part.LastIndexOf(':');
                var (table, column) = (part[..part.IndexOf('.')], part[(part.IndexOf('.') + 1)..colon]);
                var bounds = part[(colon + 1)..].Split('-');
                var where = $"\"{column}\" BETWEEN {long.Parse(bounds[0], CultureInfo.InvariantCulture)} AND {long.Parse(bounds[1], CultureInfo.InvariantCulture)}";
                if (table == "DocumentVersions")
                    files.AddRange((await query($"SELECT \"Sha256\", '' FROM \"DocumentVersions\" WHERE {where}", r => (r.GetString(0), ""))).Select(x => x.Item1));
                await exec($"DELETE FROM \"{table}\" WHERE {where}");
            }
            await exec($"DELETE FROM \"DemoGenerations\" WHERE \"Id\" = {run.Id}");
        }
        await exec($"DELETE FROM \"AspNetUserRoles\" WHERE \"UserId\" LIKE '{UserIdPrefix}%'");
        await exec($"DELETE FROM \"AspNetUsers\" WHERE \"Id\" LIKE '{UserIdPrefix}%'");
        return files;
    }

    /// <summary>Children before the rows they refer to (foreign keys are checked on every delete).</summary>
    private static readonly string[] DeletionOrder =
    [
        "AgendaMeasurements", "AgendaImportBatches", "DocumentTexts", "DocumentVersions", "Documents", "RequestEvents", "ServiceRequests",
        "CatalogServices", "SlaClasses", "CallDeadlines", "Calls", "ParticipationMembers", "Participations", "ProcedureDeadlines", "Lots",
        "Procedures", "EconomicOperators",
    ];

    private static int DeletionRank(string range) =>
        Array.IndexOf(DeletionOrder, range[..range.IndexOf('.')]) is var i and >= 0 ? i : DeletionOrder.Length;

    private async Task WriteFilesAsync(List<(string Sha, byte[] Bytes)> files, CancellationToken ct)
    {
        if (store is LocalDocumentStore local)
        {
            // Straight to the final path: content-addressed, so a file already there is the same file.
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (f, token) =>
            {
                var path = local.PathOf(f.Sha);
                if (File.Exists(path)) return;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temporary = path + ".demo-" + Environment.ProcessId;
                await File.WriteAllBytesAsync(temporary, f.Bytes, token);
                File.Move(temporary, path, overwrite: true);
            });
            return;
        }
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (f, token) =>
        {
            using var staged = await store.StageAsync(new MemoryStream(f.Bytes), long.MaxValue, token);
            await store.CommitAsync(staged, token);
        });
    }

    private async Task<List<ProvinceInfo>> LoadProvincesAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        var provinces = await db.Provinces.AsNoTracking().Where(p => p.SuppressedOn == null).Select(p => new { p.Id, p.Code, p.Sigla, p.Name }).ToListAsync(ct);
        var comuni = await db.Comuni.AsNoTracking().Where(c => c.SuppressedOn == null)
            .Select(c => new { c.Id, c.Name, c.IstatCode, c.ProvinceId, c.Population }).ToListAsync(ct);
        var byProvince = comuni.GroupBy(c => c.ProvinceId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.IstatCode, StringComparer.Ordinal).ToList());
        var list = new List<ProvinceInfo>();
        foreach (var p in provinces.OrderBy(p => p.Code, StringComparer.Ordinal))
        {
            if (!byProvince.TryGetValue(p.Id, out var own) || own.Count == 0) continue;
            var cumulative = new long[own.Count];
            long sum = 0;
            for (var i = 0; i < own.Count; i++) cumulative[i] = sum += Math.Max(1, own[i].Population ?? 1000);
            list.Add(new ProvinceInfo(p.Id, p.Code, p.Sigla, p.Name, sum, own.Select(c => new ComuneInfo(c.Id, c.Name, c.IstatCode)).ToArray(), cumulative));
        }
        if (list.Count == 0) throw new DemoGenerationException("nessuna Provincia con Comuni nel territorio: importare prima l'elenco ISTAT (import-comuni).");
        return list;
    }

    /// <summary>Largest-remainder split of <paramref name="total"/> by weight: the parts add up exactly.</summary>
    internal static int[] Allocate(int total, double[] weights)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => total * w / sum).ToArray();
        var parts = exact.Select(x => (int)Math.Floor(x)).ToArray();
        var left = total - parts.Sum();
        foreach (var i in Enumerable.Range(0, weights.Length).OrderByDescending(i => exact[i] - parts[i]).ThenBy(i => i).Take(left)) parts[i]++;
        return parts;
    }

    private static TenderPhase PhaseOf(double u, double ageDays)
    {
        // Old procedures are mostly concluded; last year's are still being awarded or executed.
        var old = Math.Clamp(ageDays / 1500, 0, 1);
        var concluded = 0.1 + 0.75 * old;
        if (u < concluded) return TenderPhase.Conclusa;
        var rest = (u - concluded) / (1 - concluded);
        return rest switch { < 0.4 => TenderPhase.Esecuzione, < 0.6 => TenderPhase.Affidamento, < 0.8 => TenderPhase.Pubblicazione, < 0.9 => TenderPhase.Progettazione, _ => TenderPhase.Programmazione };
    }

    private static RequestStatus StatusOf(double u, double ageDays)
    {
        if (ageDays > 45)
            return u switch { < 0.86 => RequestStatus.Chiusa, < 0.90 => RequestStatus.Risolta, < 0.94 => RequestStatus.InAttesa, < 0.97 => RequestStatus.InCarico, < 0.99 => RequestStatus.Pianificata, _ => RequestStatus.Nuova };
        return u switch { < 0.15 => RequestStatus.Nuova, < 0.45 => RequestStatus.InCarico, < 0.55 => RequestStatus.Pianificata, < 0.65 => RequestStatus.InAttesa, < 0.8 => RequestStatus.Risolta, _ => RequestStatus.Chiusa };
    }

    /// <summary>A valid SIMOG/PCP CIG: letter A–U, 6 hex digits, 3 hex check digits.</summary>
    internal static string CigOf(char letter, long number)
    {
        var n = number % 0x1000000;
        var check = (n + (letter - 'A' + 1)) * 211 % 4091;
        return $"{letter}{n:X6}{check:X3}";
    }

    /// <summary>A valid partita IVA: 7-digit matricola, 3-digit office (the Province's ISTAT code), check digit.</summary>
    internal static string PartitaIvaOf(int matricola, string provinceCode)
    {
        var office = int.Parse(provinceCode, CultureInfo.InvariantCulture) % 1000;
        var digits = $"{matricola % 10_000_000:0000000}{office:000}";
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var d = digits[i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return digits + (10 - sum % 10) % 10;
    }

    private static string Stamp(long seed, string what) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{what}")))[..32];
}
