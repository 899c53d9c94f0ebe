using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls.Projects;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.EuCalls.Partners;

public sealed record PartnerFilter(string? Text = null, string? Theme = null, string? Programme = null, AnnouncementKind? Kind = null,
    bool IncludeClosed = false, bool OnlyMyProvince = false);

public sealed record PartnerRow(int Id, AnnouncementKind Kind, string Title, string Organisation, string Country, string Programme,
    PartnerRole RoleSought, DateOnly Deadline, bool Open, string AuthorProvince, IReadOnlyList<string> Themes);

public sealed record PartnerDetails(PartnerAnnouncement Announcement, string AuthorProvince, bool Open, bool CanEdit);

/// <summary>An announcement of the opposite kind; <see cref="Score"/> ranks it (themes in common, same programme).</summary>
public sealed record PartnerMatch(PartnerRow Row, int SharedThemes, bool SameProgramme, int Score);

public sealed class PartnerInput
{
    public AnnouncementKind Kind { get; set; } = AnnouncementKind.Richiesta;
    public string? Title { get; set; }
    public string? Organisation { get; set; }
    public string? Country { get; set; } = "IT";
    public string? Programme { get; set; }
    public int? CallId { get; set; }
    public PartnerRole RoleSought { get; set; } = PartnerRole.Partner;
    public DateTime? Deadline { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string? Description { get; set; }
    public IReadOnlyCollection<string> Themes { get; set; } = [];
    public bool Closed { get; set; }

    public static PartnerInput From(PartnerAnnouncement a) => new()
    {
        Kind = a.Kind, Title = a.Title, Organisation = a.Organisation, Country = a.Country, Programme = a.Programme, CallId = a.CallId,
        RoleSought = a.RoleSought, Deadline = a.Deadline.ToDateTime(TimeOnly.MinValue), ContactEmail = a.ContactEmail,
        ContactPhone = a.ContactPhone, Description = a.Description, Themes = a.Themes.Select(t => t.Theme).ToHashSet(), Closed = a.Closed,
    };

    public Dictionary<string, string> Validate(bool isNew, DateOnly today)
    {
        var e = new Dictionary<string, string>();
        if (!Enum.IsDefined(Kind)) e[nameof(Kind)] = "Tipo non valido: richiesta o offerta di partenariato.";
        if (string.IsNullOrWhiteSpace(Title)) e[nameof(Title)] = "Il titolo è obbligatorio.";
        else if (Title.Trim().Length > 300) e[nameof(Title)] = "Il titolo supera i 300 caratteri.";
        if (string.IsNullOrWhiteSpace(Organisation)) e[nameof(Organisation)] = "L'ente è obbligatorio.";
        else if (Organisation.Trim().Length > 300) e[nameof(Organisation)] = "Il nome dell'ente supera i 300 caratteri.";
        var country = (Country ?? "").Trim().ToUpperInvariant();
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
            e[nameof(Country)] = "Paese non valido: indicare il codice ISO di due lettere (es. IT, DE, FR).";
        if (string.IsNullOrWhiteSpace(Programme)) e[nameof(Programme)] = "Il programma è obbligatorio.";
        else if (!EuCodeLists.Programmes.Contains(Programme)) e[nameof(Programme)] = $"Programma «{Programme}» non presente nell'elenco.";
        if (!Enum.IsDefined(RoleSought)) e[nameof(RoleSought)] = "Ruolo cercato non valido.";
        var themes = Themes.ToList();
        if (themes.Count == 0) e[nameof(Themes)] = "Indicare almeno un tema.";
        else if (themes.FirstOrDefault(t => !EuCodeLists.Themes.Contains(t)) is { } bad) e[nameof(Themes)] = $"Tema «{bad}» non presente nell'elenco.";
        if (Deadline is null) e[nameof(Deadline)] = "La scadenza è obbligatoria.";
        else if (isNew && DateOnly.FromDateTime(Deadline.Value) < today)
            e[nameof(Deadline)] = $"La scadenza ({Localization.Formats.Date(DateOnly.FromDateTime(Deadline.Value))}) è già passata.";
        if (string.IsNullOrWhiteSpace(ContactEmail)) e[nameof(ContactEmail)] = "L'e-mail di contatto è obbligatoria.";
        else if (!MailAddress.TryCreate(ContactEmail.Trim(), out var mail) || mail.Address != ContactEmail.Trim() || !mail.Host.Contains('.'))
            e[nameof(ContactEmail)] = $"E-mail di contatto non valida: «{ContactEmail.Trim()}».";
        if (ContactPhone is { Length: > 0 } phone && !System.Text.RegularExpressions.Regex.IsMatch(phone.Trim(), @"^\+?[0-9 ./-]{6,30}$"))
            e[nameof(ContactPhone)] = "Telefono di contatto non valido: solo cifre, spazi e il prefisso internazionale (+39 …).";
        if (Description is { Length: > 4000 }) e[nameof(Description)] = "La descrizione supera i 4000 caratteri.";
        return e;
    }
}

/// <summary>
/// Ricerca partner: announcements every Province reads, written only by the EU office (and administrators) of the
/// Province that published them. An announcement past its deadline counts as closed: queries compare with today,
/// nothing has to run at midnight.
/// </summary>
public sealed class PartnerService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser)
{
    public async Task<(IReadOnlyList<PartnerRow> Items, int Total)> ListAsync(PartnerFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var today = EuCodeLists.Today;
        IQueryable<PartnerAnnouncement> q = db.Set<PartnerAnnouncement>().AsNoTracking();
        if (!filter.IncludeClosed) q = q.Where(a => !a.Closed && a.Deadline >= today);
        if (filter.OnlyMyProvince) { var p = user.ProvinceId ?? -1; q = q.Where(a => a.AuthorProvinceId == p); }
        if (filter.Kind is { } kind) q = q.Where(a => a.Kind == kind);
        if (!string.IsNullOrWhiteSpace(filter.Programme)) q = q.Where(a => a.Programme == filter.Programme);
        if (!string.IsNullOrWhiteSpace(filter.Theme)) q = q.Where(a => a.Themes.Any(t => t.Theme == filter.Theme));
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var t = filter.Text.Trim().ToLower();
            q = q.Where(a => a.Title.ToLower().Contains(t) || a.Organisation.ToLower().Contains(t)
                || (a.Description != null && a.Description.ToLower().Contains(t)));
        }
        var total = await q.CountAsync(ct);
        var rows = await Project(db, q.OrderBy(a => a.Deadline).ThenBy(a => a.Id), today)
            .Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200)).ToListAsync(ct);
        return (rows.Select(ToRow).ToList(), total);
    }

    /// <summary>Null when it does not exist (or the user may not use the section).</summary>
    public async Task<PartnerDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var a = await db.Set<PartnerAnnouncement>().AsNoTracking().Include(x => x.Themes).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return null;
        var province = await ProvinceNameAsync(db, a.AuthorProvinceId, ct);
        return new PartnerDetails(a, province, a.IsOpenOn(EuCodeLists.Today), CanEdit(user, a.AuthorProvinceId));
    }

    /// <summary>
    /// Open announcements of the opposite kind that share at least a theme or the programme, best first: two points per
    /// theme in common, three for the same programme; ties go to the nearer deadline.
    /// </summary>
    public async Task<IReadOnlyList<PartnerMatch>> MatchesAsync(int id, int take = 20, CancellationToken ct = default)
    {
        await ReaderAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var a = await db.Set<PartnerAnnouncement>().AsNoTracking().Include(x => x.Themes).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new EuWorkNotFoundException("Annuncio di ricerca partner non trovato.");
        var opposite = a.Kind == AnnouncementKind.Richiesta ? AnnouncementKind.Offerta : AnnouncementKind.Richiesta;
        var themes = a.Themes.Select(t => t.Theme).ToList();
        var programme = a.Programme;
        var today = EuCodeLists.Today;
        var candidates = db.Set<PartnerAnnouncement>().AsNoTracking()
            .Where(x => x.Id != id && x.Kind == opposite && !x.Closed && x.Deadline >= today)
            .Where(x => x.Programme == programme || x.Themes.Any(t => themes.Contains(t.Theme)))
            .Select(x => new { x, Shared = x.Themes.Count(t => themes.Contains(t.Theme)), Same = x.Programme == programme })
            .Select(x => new { x.x, x.Shared, x.Same, Score = x.Shared * 2 + (x.Same ? 3 : 0) })
            .OrderByDescending(x => x.Score).ThenBy(x => x.x.Deadline).ThenBy(x => x.x.Id)
            .Take(Math.Clamp(take, 1, 100));
        var found = await candidates.Select(c => new { c.Shared, c.Same, c.Score, c.x.Id }).ToListAsync(ct);
        var ids = found.Select(f => f.Id).ToList();
        var rows = (await Project(db, db.Set<PartnerAnnouncement>().Where(x => ids.Contains(x.Id)), today).ToListAsync(ct))
            .ToDictionary(r => r.Id, ToRow);
        return found.Select(f => new PartnerMatch(rows[f.Id], f.Shared, f.Same, f.Score)).ToList();
    }

    public async Task<int> CreateAsync(PartnerInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        if (user.ProvinceId is not int provinceId)
            throw new EuWorkForbiddenException("Il suo profilo non è associato a una Provincia: non può pubblicare annunci di ricerca partner.");
        EuWorkValidationException.ThrowIfAny(input.Validate(isNew: true, EuCodeLists.Today));
        await using var db = await ScopedAsync(user, ct);
        await EuCallLookup.CheckCallAsync(db, provinceId, input.CallId, nameof(PartnerInput.CallId), ct);
        var now = DateTime.UtcNow;
        var a = new PartnerAnnouncement { AuthorProvinceId = provinceId, AuthorName = user.FullName, CreatedAtUtc = now };
        Apply(a, input, now);
        db.Add(a);
        await db.SaveChangesAsync(ct);
        return a.Id;
    }

    public async Task UpdateAsync(int id, PartnerInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        await using var db = await ScopedAsync(user, ct);
        var a = await db.Set<PartnerAnnouncement>().Include(x => x.Themes).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new EuWorkNotFoundException("Annuncio di ricerca partner non trovato.");
        if (!CanEdit(user, a.AuthorProvinceId))
            throw new EuWorkForbiddenException("Solo la Provincia che ha pubblicato l'annuncio può modificarlo.");
        EuWorkValidationException.ThrowIfAny(input.Validate(isNew: false, EuCodeLists.Today));
        await EuCallLookup.CheckCallAsync(db, a.AuthorProvinceId, input.CallId, nameof(PartnerInput.CallId), ct);
        Apply(a, input, DateTime.UtcNow);
        await db.SaveChangesAsync(ct);
    }

    public async Task SetClosedAsync(int id, bool closed, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        await using var db = await ScopedAsync(user, ct);
        var a = await db.Set<PartnerAnnouncement>().FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new EuWorkNotFoundException("Annuncio di ricerca partner non trovato.");
        if (!CanEdit(user, a.AuthorProvinceId))
            throw new EuWorkForbiddenException("Solo la Provincia che ha pubblicato l'annuncio può chiuderlo o riaprirlo.");
        a.Closed = closed;
        a.UpdatedAtUtc = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    public static bool CanEdit(PortalPrincipal u, int authorProvinceId) =>
        EuWorkAccess.CanWrite(u) && (u.IsPlatformAdmin || u.ProvinceId == authorProvinceId);

    private sealed record RawRow(int Id, AnnouncementKind Kind, string Title, string Organisation, string Country, string Programme,
        PartnerRole RoleSought, DateOnly Deadline, bool Open, string? ProvinceName, Territory.ProvinceType? ProvinceType, List<string> Themes);

    private static IQueryable<RawRow> Project(PortalDbContext db, IQueryable<PartnerAnnouncement> q, DateOnly today) =>
        q.Select(a => new RawRow(a.Id, a.Kind, a.Title, a.Organisation, a.Country, a.Programme, a.RoleSought, a.Deadline,
            !a.Closed && a.Deadline >= today,
            db.Provinces.Where(p => p.Id == a.AuthorProvinceId).Select(p => p.Name).FirstOrDefault(),
            db.Provinces.Where(p => p.Id == a.AuthorProvinceId).Select(p => (Territory.ProvinceType?)p.Type).FirstOrDefault(),
            a.Themes.OrderBy(t => t.Theme).Select(t => t.Theme).ToList()));

    private static PartnerRow ToRow(RawRow r) => new(r.Id, r.Kind, r.Title, r.Organisation, r.Country, r.Programme, r.RoleSought, r.Deadline, r.Open,
        r.ProvinceName is null ? "" : Territory.Province.DisplayNameOf(r.ProvinceType ?? Territory.ProvinceType.Provincia, r.ProvinceName), r.Themes);

    private static void Apply(PartnerAnnouncement a, PartnerInput i, DateTime now)
    {
        a.Kind = i.Kind;
        a.Title = i.Title!.Trim();
        a.Organisation = i.Organisation!.Trim();
        a.Country = i.Country!.Trim().ToUpperInvariant();
        a.Programme = i.Programme!;
        a.CallId = i.CallId;
        a.RoleSought = i.RoleSought;
        a.Deadline = DateOnly.FromDateTime(i.Deadline!.Value);
        a.ContactEmail = i.ContactEmail!.Trim();
        a.ContactPhone = EuCodeLists.Clean(i.ContactPhone);
        a.Description = EuCodeLists.Clean(i.Description);
        a.Closed = i.Closed;
        a.UpdatedAtUtc = now;
        var wanted = i.Themes.Distinct().ToHashSet();
        a.Themes.RemoveAll(t => !wanted.Contains(t.Theme));
        foreach (var t in wanted.Where(t => a.Themes.All(x => x.Theme != t))) a.Themes.Add(new PartnerAnnouncementTheme { Theme = t });
    }

    private static async Task<string> ProvinceNameAsync(PortalDbContext db, int provinceId, CancellationToken ct)
    {
        var p = await db.Provinces.AsNoTracking().Where(x => x.Id == provinceId).Select(x => new { x.Type, x.Name }).FirstOrDefaultAsync(ct);
        return p is null ? "" : Territory.Province.DisplayNameOf(p.Type, p.Name);
    }

    /// <summary>A context acting as the user, so that the audit trail names who changed the announcement.</summary>
    private async Task<PortalDbContext> ScopedAsync(PortalPrincipal user, CancellationToken ct)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.Scope = PortalDbFactory.ScopeOf(user);
        return db;
    }

    private async Task<PortalPrincipal> ReaderAsync()
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.EuCalls)) throw new EuWorkNotFoundException("Annuncio di ricerca partner non trovato.");
        return user;
    }

    private async Task<PortalPrincipal> WriterAsync()
    {
        var user = await ReaderAsync();
        if (!EuWorkAccess.CanWrite(user)) throw new EuWorkForbiddenException("Il suo ruolo consente di consultare la ricerca partner, non di pubblicare annunci.");
        return user;
    }
}
