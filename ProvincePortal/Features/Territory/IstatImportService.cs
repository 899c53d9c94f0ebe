using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Territory;

/// <summary>What to import: the file on disk, the name to record (an upload's original name) and the edition date if known.</summary>
public sealed record IstatImportRequest(string Path, DateOnly? Edition = null, string ImportedBy = "sistema", string? FileName = null);

public sealed record IstatImportResult(int Created, int Updated, int Rejected, int Suppressed, IReadOnlyList<string> Errors)
{
    public string SummaryLine => $"importati: {Created}, aggiornati: {Updated}, scartati: {Rejected}, soppressi: {Suppressed}";

    public DateOnly Edition { get; init; }
    public string FileName { get; init; } = "";
    public int Unchanged { get; init; }
    public int RegionsCreated { get; init; }
    public int ProvincesCreated { get; init; }
    public int ProvincesUpdated { get; init; }
    public int ProvincesSuppressed { get; init; }
    public IReadOnlyList<IstatRowProblem> RejectedRows { get; init; } = [];
}

public enum ComuneChangeKind { Nuovo, Rinominato, Ricodificato, CambioProvincia, Soppresso, Ripristinato }

/// <summary>One change an edition brings to a Comune. <see cref="Before"/>/<see cref="After"/> hold the changed value.</summary>
public sealed record ComuneChange(ComuneChangeKind Kind, string CadastralCode, string IstatCode, string Name, string Sigla, string? Before = null, string? After = null);

/// <summary>The dry run of an import: the same computation, nothing written.</summary>
public sealed record IstatPreview(IstatImportResult Counts, IReadOnlyList<ComuneChange> Changes, int DataRows, string EncodingName, DateOnly? NewestApplied)
{
    public IEnumerable<ComuneChange> Of(ComuneChangeKind kind) => Changes.Where(c => c.Kind == kind);
}

/// <summary>
/// Imports an edition of the ISTAT "Elenco comuni italiani". Comuni are keyed by cadastral code (it survives
/// recodings and province moves); a Comune missing from a newer edition is marked suppressed from that edition's
/// date, never deleted. An edition older than the newest applied is refused: applying it would undo newer
/// variazioni (suppress Comuni created since, restore old names). Re-importing the newest edition changes nothing.
/// The import runs in one transaction: either the whole edition is applied or nothing is.
/// </summary>
public sealed partial class IstatImportService(IDbContextFactory<PortalDbContext> factory, CurrentUser? currentUser = null,
    Hosting.FilterChoices? choices = null)
{
    /// <summary>The seed edition shipped with the app (Seed/istat), imported on the web app's first start.</summary>
    public static string SeedFile => Path.Combine(AppContext.BaseDirectory, "Seed", "istat", "elenco-comuni-italiani-2020-01-01.csv");

    public Task<IstatImportResult> ImportFileAsync(string path, DateOnly? edition, string importedBy, CancellationToken ct = default)
        => ImportAsync(new IstatImportRequest(path, edition, importedBy), null, ct);

    /// <exception cref="IstatFileException">The file cannot be used (or is an older edition): nothing was imported.</exception>
    public async Task<IstatImportResult> ImportAsync(IstatImportRequest request, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        await EnsureAllowedAsync();
        progress?.Report(0);
        var file = await IstatFileParser.ParseFileAsync(request.Path, request.FileName, ct);
        var edition = ResolveEdition(request.Edition, file.FileName);
        progress?.Report(25);

        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System with { UserName = request.ImportedBy };
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var plan = await ApplyAsync(db, file, edition, ct);
        var result = plan.Result;
        progress?.Report(40);

        db.TerritoryEditions.Add(new TerritoryEdition
        {
            EditionDate = edition,
            FileName = Truncate(file.FileName, 260),
            Sha256 = file.Sha256,
            ImportedAtUtc = DateTime.UtcNow,
            ImportedBy = Truncate(request.ImportedBy, 256),
            Created = result.Created,
            Updated = result.Updated,
            Suppressed = result.Suppressed,
            Unchanged = result.Unchanged,
            Rejected = result.Rejected,
            Rows = file.DataRows,
        });
        // Regions, Provinces and the Comuni that really change go through the change tracker (and the audit trail);
        // new Provinces get their keys here, before the new Comuni that point to them.
        // New Comuni are written below with plain INSERTs (thousands on a first import), which the audit
        // interceptor does not see: their summary entry is added here, in the same transaction.
        if (plan.NewComuni.Count > 0)
            db.AuditEntries.Add(new Audit.AuditEntry
            {
                AtUtc = DateTime.UtcNow, UserId = db.Scope.UserId, UserName = Truncate(request.ImportedBy, 256),
                Entity = nameof(Comune), EntityKey = Audit.AuditEntry.SummaryKey,
                Action = Audit.AuditAction.Inserimento, RecordCount = plan.NewComuni.Count,
            });
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        progress?.Report(50);

        await InsertComuniAsync(db, plan.NewComuni, done => progress?.Report(50 + 40 * done / Math.Max(1, plan.NewComuni.Count)), ct);
        await MarkSeenAsync(db, edition, plan.Untouchable, ct);
        progress?.Report(95);
        await transaction.CommitAsync(ct);
        // Gare's committenti are the territory's Comuni and the Province's name.
        choices?.Changed(Hosting.FilterChoices.Committenti);
        choices?.Changed(Hosting.FilterChoices.ProvinceName);
        progress?.Report(100);
        return result;
    }

    /// <summary>Computes what <see cref="ImportAsync"/> would change, on the same code path, and writes nothing.</summary>
    /// <exception cref="IstatFileException">The file cannot be used.</exception>
    public async Task<IstatPreview> PreviewAsync(IstatImportRequest request, CancellationToken ct = default)
    {
        await EnsureAllowedAsync();
        var file = await IstatFileParser.ParseFileAsync(request.Path, request.FileName, ct);
        var edition = ResolveEdition(request.Edition, file.FileName);
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var newest = await NewestEditionAsync(db, ct);
        var plan = await ApplyAsync(db, file, edition, ct);
        return new IstatPreview(plan.Result, plan.Changes, file.DataRows, file.EncodingName, newest);
    }

    /// <summary>The edition date: given explicitly, else from a file name like "…-2020-01-01.csv", else today.</summary>
    public static DateOnly ResolveEdition(DateOnly? edition, string fileName) =>
        edition ?? EditionFromFileName(fileName) ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Formats.Rome));

    /// <summary>The last valid yyyy-MM-dd date in the file name, if any.</summary>
    public static DateOnly? EditionFromFileName(string fileName)
    {
        foreach (var match in DateInName().Matches(Path.GetFileName(fileName)).Reverse())
            if (DateOnly.TryParseExact(match.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return d;
        return null;
    }

    /// <summary>What an edition changes: tracked entities already modified, plus the new Comuni to insert.</summary>
    /// <param name="Untouchable">Cadastral codes of rows refused one by one: their Comuni are left exactly as they are.</param>
    private sealed record Plan(IstatImportResult Result, List<ComuneChange> Changes, List<Comune> NewComuni, IReadOnlySet<string> Untouchable);

    /// <summary>
    /// Applies the edition to tracked entities of <paramref name="db"/> and returns the plan; the caller decides
    /// whether to write it (import) or to throw the context away (preview). New Comuni are not added to the context.
    /// </summary>
    private static async Task<Plan> ApplyAsync(PortalDbContext db, IstatFile file, DateOnly edition, CancellationToken ct)
    {
        var newest = await NewestEditionAsync(db, ct);
        if (newest is { } n && edition < n)
            throw new IstatFileException(
                $"{file.FileName}: l'edizione del {Formats.Date(edition)} è precedente all'ultima applicata ({Formats.Date(n)}). " +
                "Importarla annullerebbe le variazioni più recenti: nessun dato importato. Se la data attribuita al file è sbagliata, indicare quella giusta.");

        var regions = await db.Regions.ToDictionaryAsync(r => r.Code, StringComparer.Ordinal, ct);
        var provinces = await db.Provinces.ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, ct);
        var provinceById = provinces.Values.ToDictionary(p => p.Id);
        // Untracked: an edition changes a handful of the ~8,000 Comuni, and only those are attached (Track below).
        var comuni = await db.Comuni.AsNoTracking().ToDictionaryAsync(c => c.CadastralCode, StringComparer.Ordinal, ct);
        void Track(Comune c)
        {
            if (db.Entry(c).State == EntityState.Detached) db.Comuni.Attach(c);
        }
        var changes = new List<ComuneChange>();
        int regionsCreated = 0, provincesCreated = 0, provincesUpdated = 0, provincesSuppressed = 0;

        foreach (var row in file.Rows.DistinctBy(r => r.RegionCode))
        {
            if (!regions.TryGetValue(row.RegionCode, out var region))
            {
                region = new Region { Code = row.RegionCode, Name = row.RegionName };
                db.Regions.Add(region);
                regions[row.RegionCode] = region;
                regionsCreated++;
            }
            else if (region.Name != row.RegionName) region.Name = row.RegionName;
        }

        foreach (var row in file.Rows.DistinctBy(r => r.UtsCode))
        {
            var region = regions[row.RegionCode];
            if (!provinces.TryGetValue(row.UtsCode, out var province))
            {
                province = new Province { Code = row.UtsCode, Sigla = row.Sigla, Name = row.UtsName, Type = row.Type, Region = region };
                db.Provinces.Add(province);
                provinces[row.UtsCode] = province;
                provincesCreated++;
                continue;
            }
            var changed = false;
            if (province.Sigla != row.Sigla) { province.Sigla = row.Sigla; changed = true; }
            if (province.Name != row.UtsName) { province.Name = row.UtsName; changed = true; }
            if (province.Type != row.Type) { province.Type = row.Type; changed = true; }
            if (province.RegionId != region.Id || region.Id == 0) { province.Region = region; changed |= province.RegionId != region.Id; }
            if (province.SuppressedOn is not null) { province.SuppressedOn = null; changed = true; }
            if (changed) provincesUpdated++;
        }

        // Rows refused one by one still tell us the Comune exists: leave it as it is rather than suppress it.
        var protectedComuni = file.Rejected.Where(r => r.CadastralCode is not null).Select(r => r.CadastralCode!).ToHashSet(StringComparer.Ordinal);
        var protectedProvinces = file.Rejected.Where(r => r.UtsCode is not null).Select(r => r.UtsCode!).ToHashSet(StringComparer.Ordinal);
        foreach (var code in protectedComuni)
            if (comuni.TryGetValue(code, out var c) && provinceById.TryGetValue(c.ProvinceId, out var p)) protectedProvinces.Add(p.Code);

        var inFile = file.Rows.Select(r => r.UtsCode).ToHashSet(StringComparer.Ordinal);
        foreach (var province in provinces.Values)
        {
            if (province.SuppressedOn is null && !inFile.Contains(province.Code) && !protectedProvinces.Contains(province.Code))
            {
                province.SuppressedOn = edition;
                provincesSuppressed++;
            }
        }

        int created = 0, updated = 0, unchanged = 0, suppressed = 0;
        var newComuni = new List<Comune>();
        var seen = new HashSet<string>(file.Rows.Count, StringComparer.Ordinal);
        foreach (var row in file.Rows)
        {
            seen.Add(row.CadastralCode);
            var province = provinces[row.UtsCode];
            if (!comuni.TryGetValue(row.CadastralCode, out var comune))
            {
                comune = new Comune
                {
                    IstatCode = row.IstatCode,
                    CadastralCode = row.CadastralCode,
                    Name = row.Name,
                    NameOtherLanguage = row.NameOtherLanguage,
                    Province = province,
                    Population = row.Population,
                    IsCapoluogo = row.IsCapoluogo,
                    LastSeenEdition = edition,
                };
                newComuni.Add(comune);
                created++;
                changes.Add(new ComuneChange(ComuneChangeKind.Nuovo, row.CadastralCode, row.IstatCode, row.Name, row.Sigla));
                continue;
            }

            var changed = false;
            if (comune.Name != row.Name)
            {
                changes.Add(new ComuneChange(ComuneChangeKind.Rinominato, row.CadastralCode, row.IstatCode, row.Name, row.Sigla, comune.Name, row.Name));
                Track(comune);
                comune.Name = row.Name;
                changed = true;
            }
            if (comune.IstatCode != row.IstatCode)
            {
                changes.Add(new ComuneChange(ComuneChangeKind.Ricodificato, row.CadastralCode, row.IstatCode, row.Name, row.Sigla, comune.IstatCode, row.IstatCode));
                Track(comune);
                comune.IstatCode = row.IstatCode;
                changed = true;
            }
            if (comune.ProvinceId != province.Id || province.Id == 0)
            {
                var before = provinceById.TryGetValue(comune.ProvinceId, out var old) ? $"{old.Sigla} ({old.Code})" : null;
                changes.Add(new ComuneChange(ComuneChangeKind.CambioProvincia, row.CadastralCode, row.IstatCode, row.Name, row.Sigla, before, $"{province.Sigla} ({province.Code})"));
                Track(comune);
                comune.Province = province;
                changed = true;
            }
            if (comune.NameOtherLanguage != row.NameOtherLanguage) { Track(comune); comune.NameOtherLanguage = row.NameOtherLanguage; changed = true; }
            if (comune.IsCapoluogo != row.IsCapoluogo) { Track(comune); comune.IsCapoluogo = row.IsCapoluogo; changed = true; }
            // Newer editions carry no population: keep the last known figure.
            if (file.HasPopulation && comune.Population != row.Population) { Track(comune); comune.Population = row.Population; changed = true; }
            if (comune.SuppressedOn is { } was)
            {
                changes.Add(new ComuneChange(ComuneChangeKind.Ripristinato, row.CadastralCode, row.IstatCode, row.Name, row.Sigla, Formats.Date(was), null));
                Track(comune);
                comune.SuppressedOn = null;
                changed = true;
            }
            if (changed) updated++; else unchanged++;
        }

        foreach (var comune in comuni.Values)
        {
            if (comune.SuppressedOn is not null || seen.Contains(comune.CadastralCode) || protectedComuni.Contains(comune.CadastralCode)) continue;
            Track(comune);
            comune.SuppressedOn = edition;
            suppressed++;
            var sigla = provinceById.TryGetValue(comune.ProvinceId, out var p) ? p.Sigla : "";
            changes.Add(new ComuneChange(ComuneChangeKind.Soppresso, comune.CadastralCode, comune.IstatCode, comune.Name, sigla));
        }

        var result = new IstatImportResult(created, updated, file.Rejected.Count, suppressed, file.Rejected.Select(r => r.ToString()).ToList())
        {
            Edition = edition,
            FileName = file.FileName,
            Unchanged = unchanged,
            RegionsCreated = regionsCreated,
            ProvincesCreated = provincesCreated,
            ProvincesUpdated = provincesUpdated,
            ProvincesSuppressed = provincesSuppressed,
            RejectedRows = file.Rejected,
        };
        return new Plan(result, changes, newComuni, protectedComuni);
    }

    /// <summary>
    /// New Comuni written with plain INSERTs on the import's transaction: thousands of them (a first import) through
    /// the change tracker take seconds. They bypass the audit interceptor; the TerritoryEdition row (audited) records
    /// the import with its counts, and the Comuni that change later go through the tracker as usual.
    /// </summary>
    private static async Task InsertComuniAsync(PortalDbContext db, List<Comune> comuni, Action<int> progress, CancellationToken ct)
    {
        if (comuni.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(Comune))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string[] properties =
        [
            nameof(Comune.IstatCode), nameof(Comune.CadastralCode), nameof(Comune.Name), nameof(Comune.NameOtherLanguage),
            nameof(Comune.ProvinceId), nameof(Comune.Population), nameof(Comune.IsCapoluogo), nameof(Comune.SuppressedOn), nameof(Comune.LastSeenEdition),
        ];
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} (" +
                   string.Join(", ", properties.Select(p => sql.DelimitIdentifier(entity.FindProperty(p)!.GetColumnName(table)!))) + ") VALUES ";
        static object?[] Values(Comune c) =>
            [c.IstatCode, c.CadastralCode, c.Name, c.NameOtherLanguage, c.Province!.Id, c.Population, c.IsCapoluogo, c.SuppressedOn, c.LastSeenEdition];

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.IsSqlite())
        {
            // SQLite binds parameters by name, so wide multi-row statements get slower, not faster: one prepared
            // statement executed per row is the fast path (no network round trip).
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = head + "(" + string.Join(", ", properties.Select((_, j) => $"@p{j}")) + ")";
            var parameters = properties.Select((_, j) =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{j}";
                command.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            for (var i = 0; i < comuni.Count; i++)
            {
                var values = Values(comuni[i]);
                for (var j = 0; j < values.Length; j++) parameters[j].Value = values[j] ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(ct);
                if (i % 500 == 499) progress(i + 1);
            }
            progress(comuni.Count);
            return;
        }

        // Elsewhere one statement per 200 rows saves the round trips (1,800 parameters: well under PostgreSQL's limit).
        const int RowsPerCommand = 200;
        var text = new System.Text.StringBuilder();
        for (var start = 0; start < comuni.Count; start += RowsPerCommand)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            text.Clear().Append(head);
            var end = Math.Min(start + RowsPerCommand, comuni.Count);
            for (var i = start; i < end; i++)
            {
                text.Append(i == start ? "(" : ", (");
                var values = Values(comuni[i]);
                for (var j = 0; j < values.Length; j++)
                {
                    var name = $"@p{i - start}_{j}";
                    text.Append(j == 0 ? "" : ", ").Append(name);
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = values[j] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }
                text.Append(')');
            }
            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
            progress(end);
        }
    }

    /// <summary>Every Comune the edition lists was seen in it: one UPDATE instead of one per row.</summary>
    private static async Task MarkSeenAsync(PortalDbContext db, DateOnly edition, IReadOnlySet<string> untouchable, CancellationToken ct)
    {
        var query = db.Comuni.Where(c => c.SuppressedOn == null && (c.LastSeenEdition == null || c.LastSeenEdition < edition));
        if (untouchable.Count > 0)
        {
            var codes = untouchable.ToList();
            query = query.Where(c => !codes.Contains(c.CadastralCode));
        }
        await query.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSeenEdition, edition), ct);
    }

    private static Task<DateOnly?> NewestEditionAsync(PortalDbContext db, CancellationToken ct) =>
        db.TerritoryEditions.OrderByDescending(e => e.EditionDate).Select(e => (DateOnly?)e.EditionDate).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Only platform administrators import. Work with no signed-in user (first-start seeding) is trusted: it never
    /// comes from a page, which all require sign-in.
    /// </summary>
    private async Task EnsureAllowedAsync()
    {
        if (currentUser is null) return;
        var user = await currentUser.GetAsync();
        if (user.IsAuthenticated && !user.Satisfies(Policies.PlatformAdministration))
            throw new UnauthorizedAccessException("Solo l'amministratore di piattaforma può importare l'elenco ISTAT dei Comuni.");
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")] private static partial Regex DateInName();
}
