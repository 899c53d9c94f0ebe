using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Crm;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Territory.IndicePa;

/// <summary>
/// Imports the IndicePA "enti" file into the territory (the IPA code of each Comune and Province) and into the CRM (the
/// Comune's PEC and website, in one contact whose source is IndicePA). Entes are linked by the cadastral code of their
/// seat, which survives ISTAT recodings. Contacts typed by hand are never touched; the IndicePA contact is updated in
/// place, so a second import of the same file changes nothing. Preview and import run the same computation; the import
/// writes it in one SaveChanges (all or nothing). Rows with errors are reported and skipped, never half applied.
/// </summary>
public sealed class IpaImportService(IDbContextFactory<PortalDbContext> factory, CurrentUser? currentUser = null, TimeProvider? clock = null)
{
    public const string ReasonOtherCategory = "Ente di altra categoria (non è un Comune né una Provincia)";
    public const string ReasonNotAComune = "Categoria L6 ma non è un Comune (consorzio, unione o associazione)";
    public const string ReasonRegion = "Regione (categoria L4)";
    public const string ReasonUnknownSeat = "Codice catastale della sede non presente nel territorio";
    public const string ReasonSuppressed = "Comune soppresso nell'elenco ISTAT";
    public const string ReasonTypeMismatch = "La sede è in un'unità sovracomunale di altro tipo";
    public const string ReasonDuplicate = "Comune o Provincia già collegato da un'altra riga";
    public const string ContactName = "Recapiti da IndicePA";

    private enum Target { None, Comune, Province }

    public async Task<IpaImportResult> PreviewAsync(IpaImportRequest request, CancellationToken ct = default)
    {
        await EnsureAllowedAsync();
        var file = await IpaFileParser.ParseFileAsync(request.Path, request.FileName, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        // Platform-wide like the import: the existing IndicePA contacts of every Province decide what is new.
        db.Scope = TenantScope.System;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return await ApplyAsync(db, file, request.ImportedBy, ct);
    }

    /// <exception cref="IpaFileException">The file cannot be used: nothing was written.</exception>
    public async Task<IpaImportResult> ImportAsync(IpaImportRequest request, CancellationToken ct = default)
    {
        await EnsureAllowedAsync();
        var file = await IpaFileParser.ParseFileAsync(request.Path, request.FileName, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System with { UserName = Truncate(request.ImportedBy, 256) };
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var result = await ApplyAsync(db, file, request.ImportedBy, ct);
        db.IpaImportRuns.Add(new IpaImportRun
        {
            ImportedAtUtc = Now(), FileName = Truncate(file.FileName, 260), Sha256 = file.Sha256, ImportedBy = Truncate(request.ImportedBy, 256),
            Rows = result.Rows, ComuniLinked = result.ComuniLinked, ProvincesLinked = result.ProvincesLinked, NewPec = result.NewPec,
            ChangedPec = result.ChangedPec, Unchanged = result.Unchanged, NotLinked = result.NotLinked.Count, RowErrors = result.RowsWithErrors,
        });
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        return result;
    }

    /// <summary>The last applied imports, newest first.</summary>
    public async Task<IReadOnlyList<IpaImportRun>> ListRunsAsync(int take = 10, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.IpaImportRuns.AsNoTracking().OrderByDescending(r => r.ImportedAtUtc).ThenByDescending(r => r.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Applies the file to tracked entities of <paramref name="db"/>; the caller saves (import) or throws them away (preview).</summary>
    private async Task<IpaImportResult> ApplyAsync(PortalDbContext db, IpaFile file, string importedBy, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Now(), Formats.Rome));
        var errors = file.Errors.ToList();
        var notLinked = new List<IpaNotLinked>();
        var candidates = new List<(IpaRow Row, Target Target, ProvinceType[] Types)>();
        foreach (var row in file.Rows)
        {
            var (target, types, reason) = Classify(row);
            if (target == Target.None) { notLinked.Add(new IpaNotLinked(row.Line, row.IpaCode, row.Name, reason!)); continue; }
            if (row.CadastralCode.Length == 0)
            {
                errors.Add(new IpaRowError(row.Line, IpaFileParser.ColCadastral, "manca il codice catastale del comune sede: l'ente non può essere collegato.", row.IpaCode));
                continue;
            }
            candidates.Add((row, target, types));
        }
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));

        var codes = candidates.Select(c => c.Row.CadastralCode).Distinct().ToList();
        var comuni = await db.Comuni.Where(c => codes.Contains(c.CadastralCode)).ToDictionaryAsync(c => c.CadastralCode, StringComparer.OrdinalIgnoreCase, ct);
        var provinces = await db.Provinces.ToDictionaryAsync(p => p.Id, ct);
        var contacts = (await db.Set<ContattoComune>().Where(x => x.Source == ContattoFonte.IndicePa).OrderBy(x => x.Id).ToListAsync(ct))
            .GroupBy(x => x.ComuneId).ToDictionary(g => g.Key, g => g.First());

        var changes = new List<IpaChange>();
        var linkedBy = new Dictionary<(Target, int), int>();
        int comuniLinked = 0, provincesLinked = 0, newPec = 0, changedPec = 0, unchanged = 0;
        foreach (var (row, target, types) in candidates)
        {
            if (!comuni.TryGetValue(row.CadastralCode, out var seat))
            {
                notLinked.Add(new IpaNotLinked(row.Line, row.IpaCode, row.Name, ReasonUnknownSeat, row.CadastralCode));
                continue;
            }
            var before = changes.Count;
            if (target == Target.Comune)
            {
                if (seat.SuppressedOn is { } gone)
                {
                    notLinked.Add(new IpaNotLinked(row.Line, row.IpaCode, row.Name, ReasonSuppressed, $"{seat.Name}, dal {Formats.Date(gone)}"));
                    continue;
                }
                if (!linkedBy.TryAdd((Target.Comune, seat.Id), row.Line))
                {
                    notLinked.Add(new IpaNotLinked(row.Line, row.IpaCode, row.Name, ReasonDuplicate, $"{seat.Name}: riga {linkedBy[(Target.Comune, seat.Id)]}"));
                    continue;
                }
                comuniLinked++;
                var label = $"{seat.Name} ({provinces[seat.ProvinceId].Sigla})";
                if (!string.Equals(seat.IpaCode, row.IpaCode, StringComparison.OrdinalIgnoreCase))
                {
                    changes.Add(new IpaChange(row.Line, IpaChangeKind.CodiceIpa, row.IpaCode, label, seat.IpaCode, row.IpaCode));
                    seat.IpaCode = row.IpaCode;
                }
                var (pecChange, _) = ApplyContact(db, contacts, seat, row, label, today, changes);
                if (pecChange == IpaChangeKind.PecNuova) newPec++;
                if (pecChange == IpaChangeKind.PecCambiata) changedPec++;
                if (pecChange is not null)
                    db.Add(new Interazione
                    {
                        ProvinceId = seat.ProvinceId, ComuneId = seat.Id, Kind = InterazioneTipo.AggiornamentoDati, Date = today,
                        Subject = $"PEC aggiornata da IndicePA il {Formats.Date(today)}",
                        Notes = changes.Last(c => c.Kind == pecChange).Before is { } old ? $"Da «{old}» a «{row.Pec}» (codice IPA {row.IpaCode})." : $"Nuova PEC «{row.Pec}» (codice IPA {row.IpaCode}).",
                        AuthorName = Truncate(importedBy, 256), CreatedAtUtc = Now(),
                    });
            }
            else
            {
                var province = provinces[seat.ProvinceId];
                if (!types.Contains(province.Type))
                {
                    notLinked.Add(new IpaNotLinked(row.Line, row.IpaCode, row.Name, ReasonTypeMismatch, $"sede a {seat.Name}, {province.DisplayName}"));
                    continue;
                }
                if (!linkedBy.TryAdd((Target.Province, province.Id), row.Line))
                {
                    notLinked.Add(new IpaNotLinked(row.Line, row.IpaCode, row.Name, ReasonDuplicate, $"{province.DisplayName}: riga {linkedBy[(Target.Province, province.Id)]}"));
                    continue;
                }
                provincesLinked++;
                if (!string.Equals(province.IpaCode, row.IpaCode, StringComparison.OrdinalIgnoreCase))
                {
                    changes.Add(new IpaChange(row.Line, IpaChangeKind.CodiceIpa, row.IpaCode, $"{province.DisplayName} ({province.Sigla})", province.IpaCode, row.IpaCode));
                    province.IpaCode = row.IpaCode;
                }
            }
            if (changes.Count == before) unchanged++;
        }

        notLinked.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new IpaImportResult(file.FileName, file.EncodingName, file.DataRows, comuniLinked, provincesLinked, newPec, changedPec, unchanged,
            changes, notLinked, errors) { Date = today };
    }

    /// <summary>Creates or updates the Comune's IndicePA contact; returns the PEC change, if any. An address IndicePA no longer lists is kept.</summary>
    private static (IpaChangeKind? Pec, IpaChangeKind? Website) ApplyContact(PortalDbContext db, Dictionary<int, ContattoComune> contacts, Comune comune,
        IpaRow row, string label, DateOnly today, List<IpaChange> changes)
    {
        if (!contacts.TryGetValue(comune.Id, out var contact))
        {
            if (row.Pec is null && row.Website is null) return (null, null);
            contact = new ContattoComune
            {
                ProvinceId = comune.ProvinceId, ComuneId = comune.Id, Role = ContattoRuolo.Ente, Name = ContactName, Source = ContattoFonte.IndicePa,
            };
            db.Add(contact);
            contacts[comune.Id] = contact;
        }
        IpaChangeKind? pec = null, website = null;
        if (row.Pec is not null && !string.Equals(contact.Pec, row.Pec, StringComparison.OrdinalIgnoreCase))
        {
            pec = contact.Pec is null ? IpaChangeKind.PecNuova : IpaChangeKind.PecCambiata;
            changes.Add(new IpaChange(row.Line, pec.Value, row.IpaCode, label, contact.Pec, row.Pec));
            contact.Pec = row.Pec;
        }
        if (row.Website is not null && !string.Equals(contact.Website, row.Website, StringComparison.OrdinalIgnoreCase))
        {
            website = contact.Website is null ? IpaChangeKind.SitoNuovo : IpaChangeKind.SitoCambiato;
            changes.Add(new IpaChange(row.Line, website.Value, row.IpaCode, label, contact.Website, row.Website));
            contact.Website = row.Website;
        }
        if (pec is not null || website is not null) contact.SourceUpdatedOn = today;
        return (pec, website);
    }

    /// <summary>
    /// Which entes are a Comune or a province-level unit of the portal. Category L6 also holds consorzi, unioni and
    /// associazioni of Comuni: a Comune's IPA code is "c_" + its cadastral code, and its name starts with "Comune".
    /// Province: L5 (Province and the Sicilian liberi consorzi), L45 (città metropolitane), and in L4 (Regioni e
    /// Province autonome) only the Province autonome.
    /// </summary>
    private static (Target Target, ProvinceType[] Types, string? Reason) Classify(IpaRow row)
    {
        switch (row.Category)
        {
            case "L6":
                var byCode = row.CadastralCode.Length > 0 && row.IpaCode.Equals("c_" + row.CadastralCode, StringComparison.OrdinalIgnoreCase);
                var byName = row.Name.StartsWith("Comune ", StringComparison.OrdinalIgnoreCase);
                return byCode || byName ? (Target.Comune, [], null) : (Target.None, [], ReasonNotAComune);
            case "L5":
                return (Target.Province, [ProvinceType.Provincia, ProvinceType.LiberoConsorzio], null);
            case "L45":
                return (Target.Province, [ProvinceType.CittaMetropolitana], null);
            case "L4" when row.Name.Contains("Provincia Autonoma", StringComparison.OrdinalIgnoreCase):
                return (Target.Province, [ProvinceType.ProvinciaAutonoma], null);
            case "L4":
                return (Target.None, [], ReasonRegion);
            default:
                return (Target.None, [], ReasonOtherCategory);
        }
    }

    /// <summary>Only platform administrators import, as for the ISTAT list. Work with no signed-in user (command line) is trusted.</summary>
    private async Task EnsureAllowedAsync()
    {
        if (currentUser is null) return;
        var user = await currentUser.GetAsync();
        if (user.IsAuthenticated && !user.Satisfies(Policies.PlatformAdministration))
            throw new UnauthorizedAccessException("Solo l'amministratore di piattaforma può importare i dati di IndicePA.");
    }

    private DateTime Now() => (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
