using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.EuCalls.Alerts;

public sealed class SavedSearchInput
{
    public string Name { get; set; } = "";
    public string? Text { get; set; }
    public IReadOnlyCollection<string> Programmes { get; set; } = [];
    public IReadOnlyCollection<string> Beneficiaries { get; set; } = [];
    /// <summary>Themes or keywords, separated by commas.</summary>
    public string? Themes { get; set; }
    public CallStatus? Status { get; set; }
    public int? DeadlineWithinDays { get; set; }
    /// <summary>Tutti: shared EU calls and the Province's own (national, regional); SoloUe leaves the own calls out.</summary>
    public CallKindFilter Kind { get; set; } = CallKindFilter.Tutti;
    public AlertFrequency Frequency { get; set; } = AlertFrequency.Giornaliera;

    /// <summary>The current filters of the registry grid, ready to be named and saved.</summary>
    public static SavedSearchInput From(CallFilter f) => new()
    {
        Text = f.Text,
        Programmes = (f.Programmes ?? []).Concat(string.IsNullOrWhiteSpace(f.Programme) ? [] : [f.Programme]).Distinct().ToList(),
        Beneficiaries = f.Beneficiaries?.ToList() ?? [],
        Themes = f.Themes is { Count: > 0 } t ? string.Join(", ", t) : null,
        Status = f.Status,
        DeadlineWithinDays = f.DeadlineWithinDays,
        Kind = f.Kind,
    };
}

public sealed record SavedSearchRow(int Id, string Name, string Criteria, AlertFrequency Frequency, bool Paused, int Alerts, DateTime? LastAlertUtc);

public sealed record CallAlertRow(long Id, int CallId, string Identifier, string Title, bool IsNew, string Summary, DateTime CreatedAtUtc);

/// <summary>
/// The current user's saved searches: each user sees and changes only their own (another user's id answers "not found").
/// Open to everyone who may use the calls registry.
/// </summary>
public sealed class SavedSearchService(PortalDbFactory factory, CurrentUser currentUser, TimeProvider clock)
{
    private const int MaxPerUser = 50;

    public async Task<bool> MayUseAsync() => MayUse(await currentUser.GetAsync());

    private static bool MayUse(PortalPrincipal user) => user.UserId is not null && (user.IsPlatformAdmin || user.Satisfies(Policies.EuCalls));

    private async Task<string> UserIdAsync()
    {
        var user = await currentUser.GetAsync();
        if (!MayUse(user)) throw new CallValidationException(["Le ricerche salvate sono riservate agli utenti dei bandi UE."]);
        return user.UserId!;
    }

    public async Task<(IReadOnlyList<SavedSearchRow> Rows, int Total)> ListMineAsync(int page, int pageSize, CancellationToken ct)
    {
        var userId = await UserIdAsync();
        await using var db = await factory.CreateAsync(ct);
        var query = db.SavedSearches.AsNoTracking().Where(s => s.UserId == userId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 100))
            .Select(s => new
            {
                Search = s,
                Alerts = db.CallAlerts.Count(a => a.SavedSearchId == s.Id),
                Last = db.CallAlerts.Where(a => a.SavedSearchId == s.Id).Max(a => (DateTime?)a.CreatedAtUtc),
            }).ToListAsync(ct);
        return (rows.Select(r => new SavedSearchRow(r.Search.Id, r.Search.Name, Describe(r.Search), r.Search.Frequency, r.Search.Paused, r.Alerts, r.Last)).ToList(), total);
    }

    /// <summary>Null when the search does not exist or is someone else's.</summary>
    public async Task<SavedSearchInput?> GetAsync(int id, CancellationToken ct)
    {
        var userId = await UserIdAsync();
        await using var db = await factory.CreateAsync(ct);
        var s = await db.SavedSearches.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.UserId == userId, ct);
        if (s is null) return null;
        return new SavedSearchInput
        {
            Name = s.Name, Text = s.Text, Programmes = SavedSearchLists.Split(s.Programmes), Beneficiaries = SavedSearchLists.Split(s.Beneficiaries),
            Themes = string.Join(", ", SavedSearchLists.Split(s.Themes)), Status = s.Status, DeadlineWithinDays = s.DeadlineWithinDays,
            Kind = s.Kind, Frequency = s.Frequency,
        };
    }

    public static List<string> Validate(SavedSearchInput input)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors.Add("Nome: obbligatorio.");
        else if (input.Name.Trim().Length > 200) errors.Add("Nome: al massimo 200 caratteri.");
        if (input.Text?.Trim().Length > 200) errors.Add("Testo: al massimo 200 caratteri.");
        if (input.DeadlineWithinDays is < 0 or > 3650) errors.Add("Scadenza entro giorni: tra 0 e 3650.");
        if (SavedSearchLists.Join(input.Programmes).Length > 2000) errors.Add("Programmi: troppi programmi scelti.");
        if (SavedSearchLists.Join(input.Beneficiaries).Length > 1000) errors.Add("Beneficiari: troppi tipi scelti.");
        var themes = SavedSearchLists.Split(input.Themes);
        if (themes.Count > 20 || SavedSearchLists.Join(themes).Length > 1000) errors.Add("Temi: al massimo 20 temi o parole chiave.");
        if (!Enum.IsDefined(input.Frequency)) errors.Add("Frequenza: valore non valido.");
        if (!Enum.IsDefined(input.Kind)) errors.Add("Origine: valore non valido.");
        return errors;
    }

    /// <summary>Creates (<paramref name="id"/> null) or updates one of the user's searches; returns its id, or null when not found.</summary>
    public async Task<int?> SaveAsync(int? id, SavedSearchInput input, CancellationToken ct)
    {
        var userId = await UserIdAsync();
        var errors = Validate(input);
        if (errors.Count > 0) throw new CallValidationException(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateAsync(ct);
        SavedSearch? s;
        if (id is int existing)
        {
            s = await db.SavedSearches.FirstOrDefaultAsync(x => x.Id == existing && x.UserId == userId, ct);
            if (s is null) return null;
        }
        else
        {
            if (await db.SavedSearches.CountAsync(x => x.UserId == userId, ct) >= MaxPerUser)
                throw new CallValidationException([$"Ricerche salvate: al massimo {MaxPerUser} per utente."]);
            s = new SavedSearch { UserId = userId, CreatedAtUtc = now };
            db.SavedSearches.Add(s);
        }
        s.Name = input.Name.Trim();
        s.Text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text.Trim();
        s.Programmes = SavedSearchLists.Join(input.Programmes);
        s.Beneficiaries = SavedSearchLists.Join(input.Beneficiaries);
        s.Themes = SavedSearchLists.Join(SavedSearchLists.Split(input.Themes));
        s.Status = input.Status;
        s.DeadlineWithinDays = input.DeadlineWithinDays;
        s.Kind = input.Kind;
        s.Frequency = input.Frequency;
        s.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        if (s.Frequency is not (AlertFrequency.Giornaliera or AlertFrequency.Settimanale))
        {
            // No digest any more: what was waiting for one is not mailed later out of the blue.
            var searchId = s.Id;
            await db.CallAlerts.Where(a => a.SavedSearchId == searchId && a.DigestDue && a.DigestId == null)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.DigestDue, false), ct);
        }
        return s.Id;
    }

    public async Task<bool> SetPausedAsync(int id, bool paused, CancellationToken ct)
    {
        var userId = await UserIdAsync();
        await using var db = await factory.CreateAsync(ct);
        var s = await db.SavedSearches.FirstOrDefaultAsync(x => x.Id == id && x.UserId == userId, ct);
        if (s is null) return false;
        s.Paused = paused;
        s.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken ct)
    {
        var userId = await UserIdAsync();
        await using var db = await factory.CreateAsync(ct);
        var s = await db.SavedSearches.FirstOrDefaultAsync(x => x.Id == id && x.UserId == userId, ct);
        if (s is null) return false;
        db.SavedSearches.Remove(s);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The alerts of one of the user's searches, newest first; empty for someone else's search.</summary>
    public async Task<(IReadOnlyList<CallAlertRow> Rows, int Total)> AlertsAsync(int searchId, int page, int pageSize, CancellationToken ct)
    {
        var userId = await UserIdAsync();
        await using var db = await factory.CreateAsync(ct);
        var query = db.CallAlerts.AsNoTracking().Where(a => a.SavedSearchId == searchId && a.SavedSearch!.UserId == userId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.CreatedAtUtc).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 100))
            .Select(a => new CallAlertRow(a.Id, a.CallId, a.Call!.Identifier, a.Call.Title, a.IsNew, a.Summary, a.CreatedAtUtc)).ToListAsync(ct);
        return (rows, total);
    }

    public async Task<string?> NameAsync(int id, CancellationToken ct)
    {
        var userId = await UserIdAsync();
        await using var db = await factory.CreateAsync(ct);
        return await db.SavedSearches.Where(s => s.Id == id && s.UserId == userId).Select(s => s.Name).FirstOrDefaultAsync(ct);
    }

    /// <summary>The criteria in one line, for the list.</summary>
    public static string Describe(SavedSearch s)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(s.Text)) parts.Add($"testo «{s.Text}»");
        if (s.Programmes.Length > 0) parts.Add($"programmi: {s.Programmes.Replace(SavedSearchLists.Separator, ", ")}");
        if (s.Beneficiaries.Length > 0) parts.Add($"beneficiari: {s.Beneficiaries.Replace(SavedSearchLists.Separator, ", ")}");
        if (s.Themes.Length > 0) parts.Add($"temi: {s.Themes.Replace(SavedSearchLists.Separator, ", ")}");
        if (s.Status is { } st) parts.Add($"stato: {CallRules.Label(st).ToLowerInvariant()}");
        if (s.DeadlineWithinDays is int d) parts.Add($"scadenza entro {d} giorni");
        parts.Add(s.Kind switch
        {
            CallKindFilter.SoloUe => "solo bandi UE condivisi",
            CallKindFilter.SoloPropri => "solo bandi della Provincia",
            _ => "bandi UE e della Provincia",
        });
        return string.Join("; ", parts);
    }
}
