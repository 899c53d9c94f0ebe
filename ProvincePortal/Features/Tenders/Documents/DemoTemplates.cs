using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Documents;
using PortalDocument = ProvincePortal.Features.Documents.Document;
using WordDocument = DocumentFormat.OpenXml.Wordprocessing.Document;

namespace ProvincePortal.Features.Tenders.Documents;

/// <summary>
/// The demo's standard document: a short "lettera di invito" of our own wording in two versions with effective dates
/// (the second one in force from 16/09/2025), written in code as DOCX and stored as Documenti of the SUA of Treviso.
/// Some placeholders are deliberately split across runs, as Word does when part of a word is formatted.
/// </summary>
public static class DemoTemplates
{
    public const string Title = "Lettera di invito - procedura negoziata";
    public const string Tag = "bando-tipo";
    public static readonly DateOnly SecondVersionFrom = new(2025, 9, 16);

    public static byte[] Build(int edition)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            body.Append(
                P(Bold("{{committente}}")),
                P(Bold("Stazione Unica Appaltante - {{stazione_appaltante}}")),
                P(""),
                P(Bold("LETTERA DI INVITO")),
                P(new Run(new Text("Oggetto: ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new Text("{{ogg")), new Run(new RunProperties(new Bold()), new Text("etto}}"))),
                P("CIG: {{cig}} - CUP: {{cup}} - CPV: {{cpv}}"),
                P(new Run(new Text("Importo a base di gara: ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new Text("{{")), new Run(new Text("importo_base")), new Run(new Text("}}")),
                    new Run(new Text(", di cui oneri per la sicurezza non soggetti a ribasso {{oneri_sicurezza}}.") { Space = SpaceProcessingModeValues.Preserve })),
                P("Procedura: {{procedura}}. Criterio di aggiudicazione: {{criterio}}."),
                P(edition == 1
                    ? "Codesto operatore economico è invitato a presentare offerta per l'affidamento in oggetto, alle condizioni di seguito indicate."
                    : "Con la presente codesto operatore economico è invitato a presentare la propria migliore offerta per l'appalto in oggetto, secondo le regole della presente lettera e del disciplinare allegato."),
                P(Bold("Suddivisione in lotti")),
                LotsTable(),
                P("Le offerte devono pervenire sulla piattaforma di approvvigionamento digitale entro il {{scadenza_offerte}}."),
                P("Data di pubblicazione: {{data_pubblicazione}}."),
                P("Il Responsabile unico del progetto è {{rup}}."),
                P(edition == 1
                    ? "Modello in vigore fino al 15/09/2025."
                    : "Modello aggiornato, in vigore dal 16/09/2025."),
                P("Documento generato il {{data_generazione}}."));
            main.Document = new WordDocument(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Table LotsTable()
    {
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        return new Table(new TableProperties(border, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }),
            Row(true, "Lotto", "CIG", "Oggetto del lotto", "Importo"),
            Row(false, "{{lotti}}{{lotto.numero}}", "{{lotto.cig}}", "{{lotto.oggetto}}", "{{lotto.importo}}"));
    }

    private static TableRow Row(bool header, params string[] cells) =>
        new(cells.Select(c => new TableCell(new Paragraph(header ? Bold(c) : new Run(new Text(c) { Space = SpaceProcessingModeValues.Preserve })))));

    private static Run Bold(string text) => new(new RunProperties(new Bold()), new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static Paragraph P(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static Paragraph P(params Run[] runs) => new(runs);

    /// <summary>Stores both versions in the SUA workspace of Treviso once (skipped when the title is already there).</summary>
    public static async Task SeedAsync(PortalDbContext db, IDocumentStore store, CancellationToken ct)
    {
        var treviso = await db.Provinces.FirstOrDefaultAsync(p => p.Sigla == "TV" && p.SuppressedOn == null, ct);
        if (treviso is null) return;
        await DocumentService.EnsureProvinceWorkspacesAsync(db, treviso.Id, ct);
        var ws = await db.Workspaces.FirstAsync(w => w.ProvinceId == treviso.Id && w.Kind == WorkspaceKind.ServizioSua, ct);
        if (await db.Documents.AnyAsync(d => d.WorkspaceId == ws.Id && d.Title == Title, ct)) return;
        var now = DateTime.UtcNow;
        foreach (var (edition, from, to) in new[] { (1, new DateOnly(2023, 7, 1), (DateOnly?)SecondVersionFrom.AddDays(-1)), (2, SecondVersionFrom, null) })
        {
            var bytes = Build(edition);
            using var staged = await store.StageAsync(new MemoryStream(bytes), bytes.Length + 1, ct);
            await store.CommitAsync(staged, ct);
            var fileName = $"lettera-invito-negoziata-v{edition}.docx";
            var document = new PortalDocument
            {
                WorkspaceId = ws.Id, ProvinceId = ws.ProvinceId, Title = Title, DocumentType = "Modello", Tags = Tag,
                Description = edition == 1 ? "Versione in vigore fino al 15/09/2025." : "Versione in vigore dal 16/09/2025.",
                ValidFrom = from, ValidTo = to, CurrentVersionNumber = 1, CreatedAtUtc = now, UpdatedAtUtc = now, CreatedBy = "demo",
            };
            document.Versions.Add(new DocumentVersion
            {
                Number = 1, AuthorName = "Dati dimostrativi", CreatedAtUtc = now, SizeBytes = staged.Size, Sha256 = staged.Sha256,
                OriginalFileName = fileName, ContentType = DocumentRules.ContentTypeOf(fileName), ExtractionStatus = ExtractionStatus.NonApplicabile,
            });
            db.Documents.Add(document);
            await db.SaveChangesAsync(ct);
            db.DocumentTexts.Add(new DocumentText { DocumentId = document.Id, Title = document.Title, Tags = document.Tags, Body = "" });
            await db.SaveChangesAsync(ct);
        }
    }
}
