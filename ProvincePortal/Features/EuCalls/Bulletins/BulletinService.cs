using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls.Bulletins;

public sealed record BulletinRow(int Id, int? Number, int? Year, string Title, int Items, DateTime? SentAtUtc, string? SentBy,
    int RecipientCount, bool Published, DateTime UpdatedAtUtc);

public sealed record BulletinDetail(Bulletin Bulletin, bool CanWrite)
{
    public bool Editable => CanWrite && !Bulletin.IsSent;
}

public sealed record BulletinInput
{
    public string Title { get; set; } = "";
    public string? Introduction { get; set; }
    public string? ExtraRecipients { get; set; }
    public bool Published { get; set; } = true;
}

public sealed record BulletinNewsInput
{
    public string Title { get; set; } = "";
    public string? Text { get; set; }
    public string? Link { get; set; }
}

/// <summary>The e-mail as it will leave: subject, body and recipients; the number is the one sending would assign now.</summary>
public sealed record BulletinPreview(string Subject, string Body, IReadOnlyList<ComuneContact> Recipients, int Number, int Year, bool EmailEnabled);

public sealed record BulletinCallOption(int Id, string Identifier, string Title, string Programme, DateTime? NextDeadlineUtc);

public sealed record BulletinDeadlineOption(int DeadlineId, int CallId, string Identifier, string Title, DateTime DeadlineUtc);

public sealed record BulletinSent(int Number, int Year, int Recipients);

public sealed class BulletinNotFoundException() : Exception("Bollettino non trovato.");

public sealed class BulletinValidationException(IReadOnlyList<string> errors) : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Bollettini of the Servizio Europa. The EU office and the Province's administrators compose and send; the Province's other
/// users (Dirigente, Comuni) read the sent ones; drafts and other Provinces' bulletins do not exist for them (not found).
/// Sending writes the number, the sender and one outbox e-mail per contact in one transaction, so a bulletin is sent once.
/// </summary>
public sealed class BulletinService(
    PortalDbFactory dbFactory, CurrentUser currentUser, IComuneContactDirectory directory, NotificationService notifications,
    IOptionsMonitor<EmailOptions> emailOptions, TimeProvider clock)
{
    public const int MaxItems = 100;

    public static bool MayWrite(PortalPrincipal user) => CallService.MayWrite(user) && user.ProvinceId is not null;

    public async Task<bool> CanWriteAsync() => MayWrite(await currentUser.GetAsync());

    public async Task<(IReadOnlyList<BulletinRow> Rows, int Total)> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var q = Visible(db, user);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(b => b.SentAtUtc != null).ThenByDescending(b => b.SentAtUtc).ThenByDescending(b => b.Id)
            .Skip(Math.Max(0, page) * Math.Clamp(pageSize, 1, 200)).Take(Math.Clamp(pageSize, 1, 200))
            .Select(b => new BulletinRow(b.Id, b.Number, b.Year, b.Title, b.Items.Count, b.SentAtUtc, b.SentBy, b.RecipientCount, b.Published, b.UpdatedAtUtc))
            .ToListAsync(ct);
        return (rows, total);
    }

    public async Task<BulletinDetail?> GetAsync(int id, CancellationToken ct)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await Visible(db, user).AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct);
        return b is null ? null : new BulletinDetail(b, MayWrite(user));
    }

    public async Task<int> CreateAsync(BulletinInput input, CancellationToken ct)
    {
        var user = await WriterAsync();
        Check(input);
        var now = Now;
        await using var db = await dbFactory.CreateAsync(ct);
        var b = new Bulletin { ProvinceId = user.ProvinceId!.Value, CreatedBy = user.FullName, CreatedAtUtc = now };
        Apply(b, input, now);
        db.Add(b);
        await db.SaveChangesAsync(ct);
        return b.Id;
    }

    public async Task UpdateAsync(int id, BulletinInput input, CancellationToken ct)
    {
        await WriterAsync();
        Check(input);
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await DraftAsync(db, id, ct);
        Apply(b, input, Now);
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteDraftAsync(int id, CancellationToken ct)
    {
        await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await DraftAsync(db, id, ct);
        db.Remove(b);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Calls the user sees that are open or forthcoming, for the picker; words of <paramref name="text"/> all match.</summary>
    public async Task<IReadOnlyList<BulletinCallOption>> SearchCallsAsync(string? text, CancellationToken ct)
    {
        await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var now = Now;
        var q = CallService.Filtered(db, db.Calls.AsNoTracking(), new CallFilter(text), now)
            .Where(c => c.LastDeadlineUtc == null || c.LastDeadlineUtc >= now);
        return await q.OrderBy(c => c.FirstDeadlineUtc == null).ThenBy(c => c.LastDeadlineUtc).ThenBy(c => c.Id).Take(20)
            .Select(c => new BulletinCallOption(c.Id, c.Identifier, c.Title, c.Programme,
                c.Deadlines.Where(d => d.DeadlineUtc >= now).Min(d => (DateTime?)d.DeadlineUtc)))
            .ToListAsync(ct);
    }

    /// <summary>Deadlines of the calls the user sees in the next <paramref name="days"/> days.</summary>
    public async Task<IReadOnlyList<BulletinDeadlineOption>> UpcomingDeadlinesAsync(int days, CancellationToken ct)
    {
        await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var now = Now;
        var until = now.AddDays(Math.Clamp(days, 1, 366));
        return await db.CallDeadlines.AsNoTracking().Where(d => d.DeadlineUtc >= now && d.DeadlineUtc <= until)
            .OrderBy(d => d.DeadlineUtc).ThenBy(d => d.Id).Take(200)
            .Select(d => new BulletinDeadlineOption(d.Id, d.CallId, d.Call!.Identifier, d.Call.Title, d.DeadlineUtc))
            .ToListAsync(ct);
    }

    public async Task AddCallAsync(int id, int callId, CancellationToken ct)
    {
        await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await DraftAsync(db, id, ct);
        if (b.Items.Any(i => i.Kind == BulletinItemKind.Bando && i.CallId == callId)) return;
        var call = await db.Calls.AsNoTracking().Include(c => c.Deadlines).FirstOrDefaultAsync(c => c.Id == callId, ct)
            ?? throw new BulletinValidationException(["Bando: non trovato nel registro."]);
        var parts = new List<string> { call.Programme };
        if (call.TypeOfAction is { Length: > 0 } action) parts.Add(action);
        var deadlines = call.Deadlines.OrderBy(d => d.DeadlineUtc).Select(d => Formats.DateTime(d.DeadlineUtc)).ToList();
        if (deadlines.Count > 0) parts.Add("Scadenze: " + string.Join(", ", deadlines));
        if (call.BudgetCents is { } budget) parts.Add("Budget: " + Formats.EuroCents(budget));
        var text = string.Join(" · ", parts);
        if (call.Beneficiaries is { Length: > 0 } beneficiaries) text += "\nBeneficiari: " + beneficiaries;
        AddItem(b, new BulletinItem
        {
            Kind = BulletinItemKind.Bando, CallId = call.Id, Title = Cut($"{call.Identifier} · {call.Title}", 1000), Text = Cut(text, 8000),
            Link = CallLink(call), DeadlineUtc = call.FirstDeadlineUtc,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task AddDeadlineAsync(int id, int deadlineId, CancellationToken ct)
    {
        await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await DraftAsync(db, id, ct);
        var d = await db.CallDeadlines.AsNoTracking().Include(x => x.Call).FirstOrDefaultAsync(x => x.Id == deadlineId, ct)
            ?? throw new BulletinValidationException(["Scadenza: non trovata nel registro."]);
        if (b.Items.Any(i => i.Kind == BulletinItemKind.Scadenza && i.CallId == d.CallId && i.DeadlineUtc == d.DeadlineUtc)) return;
        var call = d.Call!;
        AddItem(b, new BulletinItem
        {
            Kind = BulletinItemKind.Scadenza, CallId = call.Id, DeadlineUtc = d.DeadlineUtc,
            Title = Cut($"{call.Identifier} · {call.Title}", 1000), Text = call.Programme, Link = CallLink(call),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task AddNewsAsync(int id, BulletinNewsInput input, CancellationToken ct)
    {
        await WriterAsync();
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Title)) errors.Add("Notizia, titolo: obbligatorio.");
        else if (input.Title.Trim().Length > 1000) errors.Add("Notizia, titolo: al massimo 1000 caratteri.");
        if (input.Text?.Length > 8000) errors.Add("Notizia, testo: al massimo 8000 caratteri.");
        if (!string.IsNullOrWhiteSpace(input.Link) && !IsHttpUrl(input.Link)) errors.Add("Notizia, link: indirizzo non valido (http o https).");
        if (errors.Count > 0) throw new BulletinValidationException(errors);
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await DraftAsync(db, id, ct);
        AddItem(b, new BulletinItem
        {
            Kind = BulletinItemKind.Notizia, Title = input.Title.Trim(), Text = Clean(input.Text), Link = Clean(input.Link),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveItemAsync(int id, int itemId, CancellationToken ct)
    {
        await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await DraftAsync(db, id, ct);
        var item = b.Items.FirstOrDefault(i => i.Id == itemId) ?? throw new BulletinNotFoundException();
        b.Items.Remove(item);
        b.UpdatedAtUtc = Now;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Moves an item one place up (-1) or down (+1) inside its section.</summary>
    public async Task MoveItemAsync(int id, int itemId, int direction, CancellationToken ct)
    {
        await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await DraftAsync(db, id, ct);
        var item = b.Items.FirstOrDefault(i => i.Id == itemId) ?? throw new BulletinNotFoundException();
        var section = b.Items.Where(i => i.Kind == item.Kind).OrderBy(i => i.Ordinal).ThenBy(i => i.Id).ToList();
        var at = section.IndexOf(item);
        var to = at + Math.Sign(direction);
        if (to < 0 || to >= section.Count) return;
        (section[at], section[to]) = (section[to], section[at]);
        for (var k = 0; k < section.Count; k++) section[k].Ordinal = k + 1;
        b.UpdatedAtUtc = Now;
        await db.SaveChangesAsync(ct);
    }

    public async Task<BulletinPreview> PreviewAsync(int id, CancellationToken ct)
    {
        await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await db.Bulletins.AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new BulletinNotFoundException();
        var province = await ProvinceNameAsync(db, b.ProvinceId, ct);
        var (extra, _) = BulletinAddresses.Parse(b.ExtraRecipients);
        var recipients = await directory.ContactsAsync(b.ProvinceId, extra, ct);
        var (number, year) = b.IsSent ? (b.Number!.Value, b.Year!.Value) : await NextNumberAsync(db, b.ProvinceId, ct);
        var when = b.SentAtUtc ?? Now;
        return new BulletinPreview(BulletinText.Subject(province, number, year, b.Title), BulletinText.Body(province, b, number, year, when, ArchiveLink(b.Id)),
            recipients, number, year, emailOptions.CurrentValue.Enabled);
    }

    /// <summary>
    /// Numbers the bulletin, records who sent it and queues one e-mail per contact, all in one SaveChanges (the audit trail
    /// records the change in the same transaction). A bulletin already sent, or sent meanwhile by someone else, is refused.
    /// </summary>
    public async Task<BulletinSent> SendAsync(int id, CancellationToken ct)
    {
        var user = await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await db.Bulletins.Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new BulletinNotFoundException();
        if (b.IsSent) throw AlreadySent(b);
        var errors = new List<string>();
        if (b.Items.Count == 0) errors.Add("Il bollettino è vuoto: aggiungere almeno un bando, una scadenza o una notizia.");
        var (extra, addressErrors) = BulletinAddresses.Parse(b.ExtraRecipients);
        errors.AddRange(addressErrors);
        var recipients = errors.Count == 0 ? await directory.ContactsAsync(b.ProvinceId, extra, ct) : [];
        if (errors.Count == 0 && recipients.Count == 0)
            errors.Add("Nessun destinatario: nessun utente dei Comuni della Provincia ha un indirizzo e-mail e non ci sono destinatari aggiuntivi.");
        if (errors.Count > 0) throw new BulletinValidationException(errors);

        var now = Now;
        var (number, year) = await NextNumberAsync(db, b.ProvinceId, ct);
        var province = await ProvinceNameAsync(db, b.ProvinceId, ct);
        b.Number = number;
        b.Year = year;
        b.SentAtUtc = now;
        b.SentBy = user.FullName;
        b.RecipientCount = recipients.Count;
        b.UpdatedAtUtc = now;
        b.RowVersion++;
        var subject = BulletinText.Subject(province, number, year, b.Title);
        var body = BulletinText.Body(province, b, number, year, now, ArchiveLink(b.Id));
        foreach (var r in recipients)
            db.OutboxEmails.Add(new OutboxEmail { To = r.Email, Subject = Cut(subject, 300), Body = body, CreatedAtUtc = now, NextAttemptAtUtc = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another user sent it (row version) or numbered another bulletin with the same number at the same instant.
            await using var fresh = await dbFactory.CreateAsync(ct);
            var current = await fresh.Bulletins.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (current?.IsSent == true) throw AlreadySent(current);
            throw new BulletinValidationException(["Un altro bollettino è stato inviato nello stesso momento: ripetere l'invio."]);
        }
        notifications.WakeOutbox();
        return new BulletinSent(number, year, recipients.Count);
    }

    /// <summary>The PDF of a bulletin the user may read; null when it does not exist for the user.</summary>
    public async Task<(byte[] Pdf, string FileName)?> PdfAsync(int id, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.EuCalls)) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var b = await Visible(db, user).AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (b is null || !b.IsSent) return null;
        return (BulletinText.Pdf(await ProvinceNameAsync(db, b.ProvinceId, ct), b), BulletinText.PdfFileName(b));
    }

    public static string CallLink(Call call) =>
        call.ProvinceId is null ? PortalResultParser.TopicPageBase + Uri.EscapeDataString(call.Identifier) : call.Url ?? "";

    /// <summary>The bulletin's page in the portal, written in the e-mail when the portal's public address is configured.</summary>
    private string? ArchiveLink(int id) =>
        string.IsNullOrWhiteSpace(emailOptions.CurrentValue.LinkBaseUrl) ? null : notifications.AbsoluteLink($"/bandi/bollettini/{id}");

    private static BulletinValidationException AlreadySent(Bulletin b) =>
        new([$"Il bollettino {BulletinText.NumberLabel(b.Number ?? 0, b.Year ?? 0)} è già stato inviato il {Formats.DateTime(b.SentAtUtc)} da {b.SentBy}: non si può inviare due volte."]);

    private async Task<(int Number, int Year)> NextNumberAsync(PortalDbContext db, int provinceId, CancellationToken ct)
    {
        var year = TimeZoneInfo.ConvertTimeFromUtc(Now, Formats.Rome).Year;
        var last = await db.Bulletins.Where(x => x.ProvinceId == provinceId && x.Year == year).MaxAsync(x => x.Number, ct) ?? 0;
        return (last + 1, year);
    }

    /// <summary>"Provincia di Treviso", "Città metropolitana di Milano".</summary>
    internal static async Task<string> ProvinceNameAsync(PortalDbContext db, int provinceId, CancellationToken ct)
    {
        var p = await db.Provinces.AsNoTracking().Where(x => x.Id == provinceId).Select(x => new { x.Type, x.Name }).FirstAsync(ct);
        return Territory.Province.DisplayNameOf(p.Type, p.Name);
    }

    private static async Task<Bulletin> DraftAsync(PortalDbContext db, int id, CancellationToken ct)
    {
        var b = await db.Bulletins.Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new BulletinNotFoundException();
        if (b.IsSent) throw new BulletinValidationException([$"Il bollettino {BulletinText.NumberLabel(b.Number ?? 0, b.Year ?? 0)} è già stato inviato e non si può più modificare."]);
        return b;
    }

    private void AddItem(Bulletin b, BulletinItem item)
    {
        if (b.Items.Count >= MaxItems) throw new BulletinValidationException([$"Il bollettino ha già {MaxItems} voci, il massimo consentito."]);
        item.ProvinceId = b.ProvinceId;
        item.Ordinal = b.Items.Where(i => i.Kind == item.Kind).Select(i => i.Ordinal).DefaultIfEmpty(0).Max() + 1;
        b.Items.Add(item);
        b.UpdatedAtUtc = Now;
    }

    /// <summary>Readers: the Bandi UE users of a Province. Drafts are only for the writers (<see cref="Visible"/>).</summary>
    private async Task<PortalPrincipal> ReaderAsync()
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.EuCalls)) throw new BulletinNotFoundException();
        return user;
    }

    private async Task<PortalPrincipal> WriterAsync()
    {
        var user = await currentUser.GetAsync();
        if (!MayWrite(user)) throw new BulletinNotFoundException();
        return user;
    }

    private static IQueryable<Bulletin> Visible(PortalDbContext db, PortalPrincipal user) =>
        MayWrite(user) ? db.Bulletins : db.Bulletins.Where(b => b.SentAtUtc != null);

    private static void Check(BulletinInput input)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Title)) errors.Add("Titolo: obbligatorio.");
        else if (input.Title.Trim().Length > 300) errors.Add("Titolo: al massimo 300 caratteri.");
        if (input.Introduction?.Length > 8000) errors.Add("Introduzione: al massimo 8000 caratteri.");
        errors.AddRange(BulletinAddresses.Parse(input.ExtraRecipients).Errors);
        if (errors.Count > 0) throw new BulletinValidationException(errors);
    }

    private static void Apply(Bulletin b, BulletinInput input, DateTime now)
    {
        b.Title = input.Title.Trim();
        b.Introduction = input.Introduction?.Trim() ?? "";
        var (addresses, _) = BulletinAddresses.Parse(input.ExtraRecipients);
        b.ExtraRecipients = addresses.Count == 0 ? null : string.Join("\n", addresses);
        b.Published = input.Published;
        b.UpdatedAtUtc = now;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static bool IsHttpUrl(string s) => Uri.TryCreate(s.Trim(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https";
    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    private static string Cut(string s, int max) => s.Length > max ? s[..(max - 1)] + "…" : s;
}
