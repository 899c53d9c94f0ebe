using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.EuCalls.Bulletins;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;
using ProvincePortal.Tests.Features.Notifications;
using ProvincePortal.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>The app with e-mail on towards a real SMTP server on loopback, plus helpers to arrange calls and act as users.</summary>
public sealed class BulletinFactory : EmailPortalFactory, IAsyncLifetime
{
    public LoopbackSmtpServer Smtp { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Smtp = new LoopbackSmtpServer(SmtpPort);
        await Smtp.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync() => await Smtp.DisposeAsync();

    public Task<T> AsAsync<T>(string email, Func<BulletinService, Task<T>> action) =>
        AsUserAsync(email, sp => action(sp.GetRequiredService<BulletinService>()));

    public async Task<T> AsPrincipalAsync<T>(PortalPrincipal principal, Func<BulletinService, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(principal);
        return await action(scope.ServiceProvider.GetRequiredService<BulletinService>());
    }

    /// <summary>A shared EU call with one deadline <paramref name="deadlineInDays"/> days from now; returns the call and deadline ids.</summary>
    public async Task<(int CallId, int DeadlineId, DateTime DeadlineUtc)> AddCallAsync(string title, int deadlineInDays = 12)
    {
        await using var db = await CreateSystemDbAsync();
        var now = DateTime.UtcNow;
        var deadline = new DateTime(now.Year, now.Month, now.Day, 15, 0, 0, DateTimeKind.Utc).AddDays(deadlineInDays);
        var call = new Call
        {
            Origin = CallOrigin.PortaleUe, PortalKey = "BOLL-" + Guid.NewGuid().ToString("N"), Identifier = "CERV-2026-" + Random.Shared.Next(10000, 99999),
            Title = title, Programme = "CERV", TypeOfAction = "CERV Project Grants", Beneficiaries = "Enti locali", BudgetCents = 120_000_000,
            OpeningUtc = now.AddDays(-5), SearchText = CallRules.Normalize(title), CreatedAtUtc = now, UpdatedAtUtc = now,
        };
        CallRules.ApplyDeadlines(call, [deadline]);
        db.Calls.Add(call);
        await db.SaveChangesAsync();
        return (call.Id, call.Deadlines.Single().Id, deadline);
    }

    public async Task<int> ProvinceIdAsync(string sigla)
    {
        await using var db = await CreateSystemDbAsync();
        return await db.Provinces.Where(p => p.Sigla == sigla).Select(p => p.Id).SingleAsync();
    }
}

/// <summary>Bollettini: composition, preview, sending through the outbox to a real SMTP server, archive, PDF, feeds, isolation.</summary>
public sealed class BulletinTests(BulletinFactory factory) : IClassFixture<BulletinFactory>
{
    private const string Europa = "europa@demo.it";
    private const string Manager = "dirigente@demo.it";
    private const string Comune = "comune@demo.it";

    private static string Marker() => Guid.NewGuid().ToString("N")[..8];

    private async Task<int> DraftAsync(string title, string? extra = null, bool published = true) =>
        await factory.AsAsync(Europa, s => s.CreateAsync(new BulletinInput
        {
            Title = title, Introduction = "Buongiorno,\necco le opportunità del mese per i Comuni.", ExtraRecipients = extra, Published = published,
        }, default));

    private static string Normalize(string s) => s.Replace("\r\n", "\n").TrimEnd();

    [Fact]
    public async Task ComposePreviewSend_ReachesComuniAndExtraAddresses_OnceOnly_AndIsArchivedAuditedAndDownloadable()
    {
        var m = Marker();
        var (callId, deadlineId, deadlineUtc) = await factory.AddCallAsync($"Cittadinanza attiva {m}");
        var id = await DraftAsync($"Bollettino {m}", extra: $"ufficio.europa.{m}@comune-prova.it");
        await factory.AsAsync(Europa, async s => { await s.AddCallAsync(id, callId, default); return 0; });
        await factory.AsAsync(Europa, async s => { await s.AddDeadlineAsync(id, deadlineId, default); return 0; });
        await factory.AsAsync(Europa, async s =>
        {
            await s.AddNewsAsync(id, new BulletinNewsInput { Title = $"Info day regionale {m}", Text = "Iscrizioni aperte fino a venerdì.", Link = "https://www.regione.veneto.it/infoday" }, default);
            return 0;
        });
        // Adding the same call twice keeps one entry.
        await factory.AsAsync(Europa, async s => { await s.AddCallAsync(id, callId, default); return 0; });

        var preview = await factory.AsAsync(Europa, s => s.PreviewAsync(id, default));
        Assert.Contains(preview.Recipients, r => r.Email == Comune && r.Comune == "Conegliano");
        Assert.Contains(preview.Recipients, r => r.Email == $"ufficio.europa.{m}@comune-prova.it" && r.Comune is null);
        Assert.DoesNotContain(preview.Recipients, r => r.Email == Europa || r.Email == Manager);
        // The CRM's contacts of Conegliano flagged for communications are reached too; the others are not.
        Assert.Contains(preview.Recipients, r => r.Email == "urp@comune-conegliano.invalid" && r.Comune == "Conegliano");
        Assert.Contains(preview.Recipients, r => r.Email == "protocollo@pec.comune-oderzo.invalid" && r.Comune == "Oderzo");
        Assert.DoesNotContain(preview.Recipients, r => r.Email == "sindaco@comune-conegliano.invalid");
        Assert.Contains($"n. {preview.Number}/{preview.Year}", preview.Subject);
        var body = preview.Body;
        Assert.True(body.IndexOf("BANDI", StringComparison.Ordinal) < body.IndexOf("SCADENZE", StringComparison.Ordinal));
        Assert.True(body.IndexOf("SCADENZE", StringComparison.Ordinal) < body.IndexOf("NOTIZIE", StringComparison.Ordinal));
        Assert.StartsWith("Provincia di Treviso · Servizio Europa", body);
        Assert.Contains($"Cittadinanza attiva {m}", body);
        Assert.Contains($"{Formats.DateTime(deadlineUtc)} · ", body);
        Assert.Contains("https://www.regione.veneto.it/infoday", body);
        Assert.Contains($"{EmailPortalFactory.LinkBase}/bandi/bollettini/{id}", body);
        Assert.Equal(1, Regex(body, $"- CERV-2026-\\d+ · Cittadinanza attiva {m}\n  CERV · "));

        var sent = await factory.AsAsync(Europa, s => s.SendAsync(id, default));
        Assert.Equal(preview.Number, sent.Number);
        Assert.Equal(preview.Recipients.Count, sent.Recipients);

        // What the SMTP server received is the preview, word for word.
        var received = await factory.Smtp.WaitForAsync(Comune, x => x.Subject.Contains($"Bollettino {m}"));
        Assert.Equal(preview.Subject, received.Subject);
        Assert.Equal(Normalize(preview.Body), Normalize(received.TextBody));
        await factory.Smtp.WaitForAsync($"ufficio.europa.{m}@comune-prova.it", x => x.Subject.Contains($"Bollettino {m}"));

        // Sent once: a second send, or an edit, is refused with the number and the date.
        var again = await Assert.ThrowsAsync<BulletinValidationException>(() => factory.AsAsync(Europa, s => s.SendAsync(id, default)));
        Assert.Contains($"n. {sent.Number}/{sent.Year} è già stato inviato", again.Message);
        await Assert.ThrowsAsync<BulletinValidationException>(() => factory.AsAsync(Europa, async s => { await s.AddNewsAsync(id, new BulletinNewsInput { Title = "Tardi" }, default); return 0; }));
        await using (var db = await factory.CreateSystemDbAsync())
            Assert.Equal(sent.Recipients, await db.OutboxEmails.CountAsync(x => x.Subject == preview.Subject));

        // Archive: the Dirigente and the Comune read it; the audit trail has the sending.
        var (rows, _) = await factory.AsAsync(Manager, s => s.ListAsync(0, 200, default));
        var row = Assert.Single(rows, r => r.Id == id);
        Assert.Equal((sent.Number, sent.Year), (row.Number!.Value, row.Year!.Value));
        Assert.Equal("Elena Europa", row.SentBy);
        Assert.NotNull(await factory.AsAsync(Comune, s => s.GetAsync(id, default)));
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var audit = await db.AuditEntries.Include(a => a.Changes)
                .Where(a => a.Entity == nameof(Bulletin) && a.EntityKey == id.ToString() && a.Action == AuditAction.Modifica).ToListAsync();
            Assert.Contains(audit, a => a.Changes.Any(c => c.Field == nameof(Bulletin.SentAtUtc) && c.OldValue == null && c.NewValue != null));
        }

        using var client = await factory.LoginAsync(Manager);
        var response = await client.GetAsync($"/bandi/bollettini/{id}.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains($"Bollettino Bandi UE n. {sent.Number}/{sent.Year}", text);
        Assert.Contains($"Bollettino {m}", text);
        Assert.Contains($"Info day regionale {m}", text);
        Assert.Contains($"Cittadinanza attiva {m}", text);
    }

    private static int Regex(string text, string pattern) => System.Text.RegularExpressions.Regex.Matches(text.Replace("\r\n", "\n"), pattern).Count;

    [Fact]
    public async Task PublishedBulletins_AreInTheJsonRssAndAtomFeeds_WithAPublicPdf_UnpublishedAreNot()
    {
        var m = Marker();
        var published = await DraftAsync($"Pubblico {m}");
        var hidden = await DraftAsync($"Riservato {m}", published: false);
        foreach (var id in new[] { published, hidden })
        {
            await factory.AsAsync(Europa, async s => { await s.AddNewsAsync(id, new BulletinNewsInput { Title = $"Notizia {m}" }, default); return 0; });
            await factory.AsAsync(Europa, s => s.SendAsync(id, default));
        }
        var sent = await factory.AsAsync(Europa, s => s.GetAsync(published, default));
        var hiddenSent = await factory.AsAsync(Europa, s => s.GetAsync(hidden, default));

        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var json = JsonDocument.Parse(await anonymous.GetStringAsync("/pubblico/TV/bandi.json"));
        var bulletins = json.RootElement.GetProperty("bollettini").EnumerateArray().ToList();
        var entry = Assert.Single(bulletins, b => b.GetProperty("titolo").GetString() == $"Pubblico {m}");
        Assert.Equal(sent!.Bulletin.Number, entry.GetProperty("numero").GetInt32());
        Assert.DoesNotContain(bulletins, b => b.GetProperty("titolo").GetString() == $"Riservato {m}");
        var pdfUrl = new Uri(entry.GetProperty("pdf").GetString()!);

        var rss = XDocument.Parse(await anonymous.GetStringAsync("/pubblico/TV/bandi.rss"));
        Assert.Contains(rss.Descendants("item"), i => i.Element("title")!.Value == $"Bollettino n. {sent.Bulletin.Number}/{sent.Bulletin.Year} · Pubblico {m}"
            && i.Element("link")!.Value == pdfUrl.ToString());
        Assert.DoesNotContain(rss.Descendants("item"), i => i.Element("title")!.Value.Contains($"Riservato {m}"));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await anonymous.GetStringAsync("/pubblico/TV/bandi.atom"));
        Assert.Contains(feed.Descendants(atom + "entry"), e => e.Element(atom + "title")!.Value.EndsWith($"Pubblico {m}"));

        var pdf = await anonymous.GetAsync(pdfUrl.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var refused = await anonymous.GetAsync($"/pubblico/TV/bollettini/{hiddenSent!.Bulletin.Year}-{hiddenSent.Bulletin.Number}.pdf");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        // Another Province's feed does not carry Treviso's bulletins.
        using var brescia = JsonDocument.Parse(await anonymous.GetStringAsync("/pubblico/BS/bandi.json"));
        Assert.DoesNotContain(brescia.RootElement.GetProperty("bollettini").EnumerateArray(), b => b.GetProperty("titolo").GetString() == $"Pubblico {m}");
    }

    [Fact]
    public async Task Drafts_AreOnlyForTheEuOffice_AndOtherProvincesSeeNothing()
    {
        var m = Marker();
        var id = await DraftAsync($"Bozza {m}");
        await factory.AsAsync(Europa, async s => { await s.AddNewsAsync(id, new BulletinNewsInput { Title = $"Notizia {m}" }, default); return 0; });

        Assert.Null(await factory.AsAsync(Comune, s => s.GetAsync(id, default)));
        Assert.Null(await factory.AsAsync(Manager, s => s.GetAsync(id, default)));
        await Assert.ThrowsAsync<BulletinNotFoundException>(() => factory.AsAsync(Comune, s => s.SendAsync(id, default)));
        await Assert.ThrowsAsync<BulletinNotFoundException>(() => factory.AsAsync(Manager, s => s.SendAsync(id, default)));

        var bs = new PortalPrincipal("bs-europa", "europa.bs@prova.it", "Operatore Europa di Brescia", await factory.ProvinceIdAsync("BS"), null,
            new HashSet<string> { Roles.EuropeOperator });
        Assert.Null(await factory.AsPrincipalAsync(bs, s => s.GetAsync(id, default)));
        await Assert.ThrowsAsync<BulletinNotFoundException>(() => factory.AsPrincipalAsync(bs, s => s.SendAsync(id, default)));
        Assert.DoesNotContain((await factory.AsPrincipalAsync(bs, s => s.ListAsync(0, 200, default))).Rows, r => r.Id == id);

        using var client = await factory.LoginAsync(Manager);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/bandi/bollettini/{id}.pdf")).StatusCode);
    }

    [Fact]
    public async Task TwoUsersSendingAtOnce_SendItOnce()
    {
        var m = Marker();
        var id = await DraftAsync($"Doppio invio {m}");
        await factory.AsAsync(Europa, async s => { await s.AddNewsAsync(id, new BulletinNewsInput { Title = $"Notizia {m}" }, default); return 0; });

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try { return (Sent: await factory.AsAsync("provincia@demo.it", s => s.SendAsync(id, default)), Error: (string?)null); }
            catch (BulletinValidationException ex) { return (Sent: (BulletinSent?)null, Error: ex.Message); }
        })));

        var sent = Assert.Single(attempts, a => a.Sent is not null).Sent!;
        Assert.Contains("già stato inviato", Assert.Single(attempts, a => a.Error is not null).Error);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.Equal(sent.Recipients, await db.OutboxEmails.CountAsync(x => x.Subject.Contains($"Doppio invio {m}")));
    }

    [Fact]
    public async Task BadInput_IsRefusedWithTheFieldAndLine_AndAnEmptyBulletinIsNotSent()
    {
        var bad = await Assert.ThrowsAsync<BulletinValidationException>(() => DraftAsync("", extra: "ok@comune.it\nnon-un-indirizzo"));
        Assert.Contains("Titolo: obbligatorio.", bad.Errors);
        Assert.Contains("Destinatari aggiuntivi, riga 2: «non-un-indirizzo» non è un indirizzo e-mail valido.", bad.Errors);

        var id = await DraftAsync($"Vuoto {Marker()}");
        var news = await Assert.ThrowsAsync<BulletinValidationException>(() => factory.AsAsync(Europa, async s =>
        {
            await s.AddNewsAsync(id, new BulletinNewsInput { Title = "Con link errato", Link = "ftp://file" }, default);
            return 0;
        }));
        Assert.Contains("Notizia, link: indirizzo non valido (http o https).", news.Errors);

        var empty = await Assert.ThrowsAsync<BulletinValidationException>(() => factory.AsAsync(Europa, s => s.SendAsync(id, default)));
        Assert.Contains("vuoto", empty.Message);
        var draft = await factory.AsAsync(Europa, s => s.GetAsync(id, default));
        Assert.Null(draft!.Bulletin.SentAtUtc);
        Assert.Null(draft.Bulletin.Number);
    }
}
