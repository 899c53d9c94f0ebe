using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.EuCalls;

public sealed record PublicCall(string Identifier, string Title, string Programme, string Status, DateTime? OpeningUtc,
    IReadOnlyList<DateTime> DeadlinesUtc, long? BudgetCents, string? Url, DateTime UpdatedUtc, string Uid);

public sealed record PublicFeed(string Sigla, string ProvinceName, IReadOnlyList<PublicCall> Calls, DateTime GeneratedUtc)
{
    /// <summary>Sent bulletins the Province chose to publish, newest first.</summary>
    public IReadOnlyList<PublicBulletin> Bulletins { get; init; } = [];
    /// <summary>"https://portale.example/": links to the portal's public pages are written absolute, for other websites.</summary>
    public string BaseUrl { get; init; } = "/";
}

/// <summary>A published bulletin; <see cref="PdfPath"/> is relative to <see cref="PublicFeed.BaseUrl"/>.</summary>
public sealed record PublicBulletin(int Number, int Year, string Title, string Introduction, DateTime SentUtc, string PdfPath, string Uid);

/// <summary>
/// What a Province publishes for the Comuni's websites, without login. "Published" is the Province's decision on each call
/// (<see cref="CallProvinceNote.Published"/>, the "Pubblica nei feed" switch on the call page): shared EU calls and its own
/// calls alike; only calls still open or forthcoming are listed. Notes, relevance and unpublished calls never leave.
/// </summary>
public sealed class PublicFeedService(IDbContextFactory<PortalDbContext> factory, TimeProvider clock)
{
    public async Task<PublicFeed?> ForProvinceAsync(string sigla, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var province = await db.Provinces.AsNoTracking().IgnoreQueryFilters()
            .Where(p => p.Sigla == sigla.ToUpper()).Select(p => new { p.Id, p.Sigla, p.Name }).FirstOrDefaultAsync(ct);
        if (province is null) return null;
        db.Scope = TenantScope.ForProvince(province.Id);
        var now = clock.GetUtcNow().UtcDateTime;
        var calls = await db.CallProvinceNotes.AsNoTracking()
            .Where(n => n.ProvinceId == province.Id && n.Published && (n.Call!.LastDeadlineUtc == null || n.Call.LastDeadlineUtc >= now))
            .Select(n => n.Call!)
            .OrderBy(c => c.FirstDeadlineUtc).Take(200)
            .Select(c => new { c.Id, c.Identifier, c.Title, c.Programme, c.OpeningUtc, c.LastDeadlineUtc, c.BudgetCents, c.Url, c.UpdatedAtUtc,
                Deadlines = c.Deadlines.OrderBy(d => d.DeadlineUtc).Select(d => d.DeadlineUtc).ToList() })
            .ToListAsync(ct);
        var bulletins = await db.Bulletins.AsNoTracking()
            .Where(b => b.ProvinceId == province.Id && b.Published && b.SentAtUtc != null)
            .OrderByDescending(b => b.SentAtUtc).Take(20)
            .Select(b => new { b.Id, Number = b.Number!.Value, Year = b.Year!.Value, b.Title, b.Introduction, SentAtUtc = b.SentAtUtc!.Value })
            .ToListAsync(ct);
        return new PublicFeed(province.Sigla, province.Name, calls.Select(c => new PublicCall(c.Identifier, c.Title, c.Programme,
            CallRules.Label(CallRules.StatusOf(c.OpeningUtc, c.LastDeadlineUtc, now)), c.OpeningUtc, c.Deadlines, c.BudgetCents, c.Url, c.UpdatedAtUtc,
            $"urn:provinceportal:{province.Sigla.ToLowerInvariant()}:bando:{c.Id}")).ToList(), now)
        {
            Bulletins = bulletins.Select(b => new PublicBulletin(b.Number, b.Year, b.Title, b.Introduction, b.SentAtUtc,
                Bulletins.PublicBulletinService.PdfPath(province.Sigla, b.Year, b.Number),
                $"urn:provinceportal:{province.Sigla.ToLowerInvariant()}:bollettino:{b.Year}-{b.Number}")).ToList(),
        };
    }

    private static string BulletinTitle(PublicBulletin b) => $"Bollettino n. {b.Number}/{b.Year} · {b.Title}";

    private static string Summary(PublicCall c)
    {
        var parts = new List<string> { c.Programme, "Stato: " + c.Status };
        var next = c.DeadlinesUtc.Select(d => Localization.Formats.DateTime(d));
        if (c.DeadlinesUtc.Count > 0) parts.Add("Scadenze: " + string.Join(", ", next));
        if (c.BudgetCents is { } b) parts.Add("Budget: " + Localization.Formats.EuroCents(b));
        return string.Join(" · ", parts);
    }

    public static string Rss(PublicFeed feed, string selfUrl)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            w.WriteStartElement("rss");
            w.WriteAttributeString("version", "2.0");
            w.WriteAttributeString("xmlns", "atom", null, "http://www.w3.org/2005/Atom");
            w.WriteStartElement("channel");
            w.WriteElementString("title", $"Bandi · {feed.ProvinceName}");
            w.WriteElementString("link", selfUrl);
            w.WriteElementString("description", $"Bandi aperti e in arrivo segnalati dal Servizio Europa della {feed.ProvinceName}");
            w.WriteElementString("language", "it-it");
            w.WriteElementString("lastBuildDate", feed.GeneratedUtc.ToString("R"));
            w.WriteStartElement("atom", "link", "http://www.w3.org/2005/Atom");
            w.WriteAttributeString("href", selfUrl); w.WriteAttributeString("rel", "self"); w.WriteAttributeString("type", "application/rss+xml");
            w.WriteEndElement();
            foreach (var c in feed.Calls)
            {
                w.WriteStartElement("item");
                w.WriteElementString("title", $"{c.Identifier} · {c.Title}");
                if (c.Url is not null) w.WriteElementString("link", c.Url);
                w.WriteElementString("description", Summary(c));
                w.WriteStartElement("guid"); w.WriteAttributeString("isPermaLink", "false"); w.WriteString(c.Uid); w.WriteEndElement();
                w.WriteElementString("pubDate", c.UpdatedUtc.ToString("R"));
                w.WriteElementString("category", c.Programme);
                w.WriteEndElement();
            }
            foreach (var b in feed.Bulletins)
            {
                w.WriteStartElement("item");
                w.WriteElementString("title", BulletinTitle(b));
                w.WriteElementString("link", feed.BaseUrl + b.PdfPath);
                w.WriteElementString("description", b.Introduction);
                w.WriteStartElement("guid"); w.WriteAttributeString("isPermaLink", "false"); w.WriteString(b.Uid); w.WriteEndElement();
                w.WriteElementString("pubDate", b.SentUtc.ToString("R"));
                w.WriteElementString("category", "Bollettino");
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + sb;
    }

    public static string Atom(PublicFeed feed, string selfUrl)
    {
        const string ns = "http://www.w3.org/2005/Atom";
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            w.WriteStartElement("feed", ns);
            w.WriteAttributeString("xml", "lang", null, "it");
            w.WriteElementString("id", ns, $"urn:provinceportal:{feed.Sigla.ToLowerInvariant()}:bandi");
            w.WriteElementString("title", ns, $"Bandi · {feed.ProvinceName}");
            w.WriteElementString("updated", ns, XmlConvert.ToString(feed.GeneratedUtc, XmlDateTimeSerializationMode.Utc));
            w.WriteStartElement("link", ns); w.WriteAttributeString("rel", "self"); w.WriteAttributeString("href", selfUrl); w.WriteEndElement();
            w.WriteStartElement("author", ns); w.WriteElementString("name", ns, $"Servizio Europa · {feed.ProvinceName}"); w.WriteEndElement();
            foreach (var c in feed.Calls)
            {
                w.WriteStartElement("entry", ns);
                w.WriteElementString("id", ns, c.Uid);
                w.WriteElementString("title", ns, $"{c.Identifier} · {c.Title}");
                w.WriteElementString("updated", ns, XmlConvert.ToString(c.UpdatedUtc, XmlDateTimeSerializationMode.Utc));
                if (c.Url is not null) { w.WriteStartElement("link", ns); w.WriteAttributeString("href", c.Url); w.WriteEndElement(); }
                w.WriteElementString("summary", ns, Summary(c));
                w.WriteStartElement("category", ns); w.WriteAttributeString("term", c.Programme); w.WriteEndElement();
                w.WriteEndElement();
            }
            foreach (var b in feed.Bulletins)
            {
                w.WriteStartElement("entry", ns);
                w.WriteElementString("id", ns, b.Uid);
                w.WriteElementString("title", ns, BulletinTitle(b));
                w.WriteElementString("updated", ns, XmlConvert.ToString(b.SentUtc, XmlDateTimeSerializationMode.Utc));
                w.WriteStartElement("link", ns); w.WriteAttributeString("href", feed.BaseUrl + b.PdfPath); w.WriteAttributeString("type", "application/pdf"); w.WriteEndElement();
                w.WriteElementString("summary", ns, b.Introduction);
                w.WriteStartElement("category", ns); w.WriteAttributeString("term", "Bollettino"); w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + sb;
    }

    public static string Json(PublicFeed feed) => JsonSerializer.Serialize(new
    {
        provincia = new { sigla = feed.Sigla, nome = feed.ProvinceName },
        generato = feed.GeneratedUtc,
        bandi = feed.Calls.Select(c => new
        {
            identificativo = c.Identifier, titolo = c.Title, programma = c.Programme, stato = c.Status,
            apertura = c.OpeningUtc, scadenze = c.DeadlinesUtc, budgetEuro = c.BudgetCents / 100m, link = c.Url,
        }),
        scadenze = feed.Calls.SelectMany(c => c.DeadlinesUtc.Where(d => d >= feed.GeneratedUtc).Select(d => new { data = d, identificativo = c.Identifier, titolo = c.Title }))
            .OrderBy(s => s.data),
        bollettini = feed.Bulletins.Select(b => new
        {
            numero = b.Number, anno = b.Year, titolo = b.Title, introduzione = b.Introduction, inviato = b.SentUtc, pdf = feed.BaseUrl + b.PdfPath,
        }),
    }, new JsonSerializerOptions { WriteIndented = true });
}
