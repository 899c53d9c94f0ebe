using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.EuCalls;

public sealed record PublicCall(string Identifier, string Title, string Programme, string Status, DateTime? OpeningUtc,
    IReadOnlyList<DateTime> DeadlinesUtc, long? BudgetCents, string? Url, DateTime UpdatedUtc, string Uid);

public sealed record PublicFeed(string Sigla, string ProvinceName, IReadOnlyList<PublicCall> Calls, DateTime GeneratedUtc);

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
        return new PublicFeed(province.Sigla, province.Name, calls.Select(c => new PublicCall(c.Identifier, c.Title, c.Programme,
            CallRules.Label(CallRules.StatusOf(c.OpeningUtc, c.LastDeadlineUtc, now)), c.OpeningUtc, c.Deadlines, c.BudgetCents, c.Url, c.UpdatedAtUtc,
            $"urn:provinceportal:{province.Sigla.ToLowerInvariant()}:bando:{c.Id}")).ToList(), now);
    }

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
        // Bulletins (issue 5, bollettini) will be added here by their feature.
        bollettini = Array.Empty<object>(),
    }, new JsonSerializerOptions { WriteIndented = true });
}
