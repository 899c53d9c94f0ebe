using System.Text;
using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls.Bulletins;

/// <summary>
/// What a bulletin says, in one place: the e-mail (subject and plain-text body, the same text the preview shows) and the
/// PDF of the archive. Sections follow a fixed order: calls, deadlines, news.
/// </summary>
public static class BulletinText
{
    public static readonly BulletinItemKind[] SectionOrder = [BulletinItemKind.Bando, BulletinItemKind.Scadenza, BulletinItemKind.Notizia];

    public static string SectionTitle(BulletinItemKind kind) => kind switch
    {
        BulletinItemKind.Bando => "Bandi",
        BulletinItemKind.Scadenza => "Scadenze",
        _ => "Notizie",
    };

    public static string KindLabel(BulletinItemKind kind) => kind switch
    {
        BulletinItemKind.Bando => "Bando",
        BulletinItemKind.Scadenza => "Scadenza",
        _ => "Notizia",
    };

    public static string NumberLabel(int number, int year) => $"n. {number}/{year}";

    public static string Subject(string provinceName, int number, int year, string title) =>
        $"Bollettino Bandi UE {NumberLabel(number, year)} · {provinceName} · {title}";

    public static IEnumerable<(BulletinItemKind Kind, IReadOnlyList<BulletinItem> Items)> Sections(IEnumerable<BulletinItem> items)
    {
        var list = items.ToList();
        foreach (var kind in SectionOrder)
        {
            var inSection = list.Where(i => i.Kind == kind).OrderBy(i => i.Ordinal).ThenBy(i => i.Id).ToList();
            if (inSection.Count > 0) yield return (kind, inSection);
        }
    }

    /// <summary>The first line of an item: deadlines lead with their date.</summary>
    public static string Headline(BulletinItem item) =>
        item.Kind == BulletinItemKind.Scadenza && item.DeadlineUtc is { } d ? $"{Formats.DateTime(d)} · {item.Title}" : item.Title;

    public static string Body(string provinceName, Bulletin b, int number, int year, DateTime sentUtc, string? archiveLink)
    {
        var sb = new StringBuilder();
        sb.Append(provinceName).AppendLine(" · Servizio Europa");
        sb.Append("Bollettino Bandi UE ").Append(NumberLabel(number, year)).Append(" del ").AppendLine(Formats.Date(sentUtc));
        sb.AppendLine();
        sb.AppendLine(b.Title);
        sb.AppendLine(new string('=', Math.Min(60, Math.Max(3, b.Title.Length))));
        if (!string.IsNullOrWhiteSpace(b.Introduction))
        {
            sb.AppendLine();
            sb.AppendLine(b.Introduction.Trim());
        }
        foreach (var (kind, items) in Sections(b.Items))
        {
            sb.AppendLine();
            sb.AppendLine(SectionTitle(kind).ToUpperInvariant());
            foreach (var item in items)
            {
                sb.AppendLine();
                sb.Append("- ").AppendLine(Headline(item));
                if (!string.IsNullOrWhiteSpace(item.Text))
                    foreach (var line in item.Text.Trim().Replace("\r\n", "\n").Split('\n')) sb.Append("  ").AppendLine(line);
                if (!string.IsNullOrWhiteSpace(item.Link)) sb.Append("  ").AppendLine(item.Link);
            }
        }
        sb.AppendLine();
        sb.AppendLine("-- ");
        sb.Append("Ricevete questo bollettino come referenti dei Comuni della ").Append(provinceName).AppendLine(".");
        if (archiveLink is not null) sb.Append("Archivio dei bollettini: ").AppendLine(archiveLink);
        return sb.ToString();
    }

    public static byte[] Pdf(string provinceName, Bulletin b)
    {
        var number = b.Number ?? 0;
        var year = b.Year ?? 0;
        var report = new PdfReport($"Bollettino Bandi UE {NumberLabel(number, year)}", provinceName + " · Servizio Europa", b.SentAtUtc ?? b.UpdatedAtUtc)
            .Heading(b.Title)
            .Note(b.SentAtUtc is { } sent ? $"Inviato il {Formats.DateTime(sent)} da {b.SentBy} a {Formats.Number(b.RecipientCount)} destinatari." : "Bozza non inviata.");
        if (!string.IsNullOrWhiteSpace(b.Introduction)) report.Paragraph(b.Introduction.Trim());
        foreach (var (kind, items) in Sections(b.Items))
        {
            report.Heading(SectionTitle(kind));
            foreach (var item in items)
            {
                report.Paragraph("• " + Headline(item));
                if (!string.IsNullOrWhiteSpace(item.Text)) report.Paragraph(item.Text.Trim());
                if (!string.IsNullOrWhiteSpace(item.Link)) report.Note(item.Link);
            }
        }
        return report.ToBytes();
    }

    public static string PdfFileName(Bulletin b) => $"bollettino-bandi-{b.Year}-{b.Number:000}.pdf";
}
