using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Tenders.Documents;

/// <summary>A template family (same title): its versions with their effective dates.</summary>
public sealed record TemplateFamily(string Title, string WorkspaceName, IReadOnlyList<TemplateVersion> Versions);

public sealed record TemplateVersion(int DocumentId, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record LinkedDocument(int Id, string Title, string? DocumentType, int CurrentVersionNumber, DateTime UpdatedAtUtc);

public sealed record GeneratedDocument(int DocumentId, int TemplateDocumentId, string Title);

/// <summary>
/// Standard documents of the SUA: templates are Documenti of type "Modello" or "Bando tipo" (DOCX) in the SUA workspace
/// or in the national "Modelli condivisi", one Documento per version with its ValidFrom/ValidTo. A procedure uses the
/// version in force on its publication date (today when not yet published). The generated DOCX is archived as a new
/// Documento of the SUA workspace linked to the procedure (LinkedModule "gare"), so search and the procedure find it.
/// </summary>
public sealed class TenderDocumentService(PortalDbFactory dbFactory, CurrentUser currentUser, TenderService tenders, DocumentService documents)
{
    public const string LinkedModule = "gare";
    public static readonly string[] TemplateTypes = ["Modello", "Bando tipo"];

    /// <summary>The placeholders a template may use; the lots' row fields go as {{lotto.campo}} in a row marked {{lotti}}.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> Placeholders =
    [
        ("oggetto", "oggetto della procedura"), ("cig", "CIG (del primo lotto; tutti nella tabella dei lotti)"), ("cup", "CUP"), ("cpv", "codice CPV"),
        ("importo_base", "importo a base d'asta"), ("oneri_sicurezza", "oneri per la sicurezza"), ("committente", "ente committente"),
        ("stazione_appaltante", "Provincia che svolge la procedura"), ("rup", "Responsabile unico del progetto"),
        ("procedura", "scelta del contraente"), ("criterio", "criterio di aggiudicazione"), ("tipo", "lavori, servizi o forniture"),
        ("data_pubblicazione", "data di pubblicazione"), ("scadenza_offerte", "termine per le offerte (prima scadenza di quel tipo)"),
        ("data_aggiudicazione", "data di aggiudicazione"), ("data_generazione", "data in cui il documento è generato"),
        ("numero_procedura", "numero della procedura nel registro"), ("lotti", "segna la riga della tabella ripetuta per ogni lotto"),
    ];

    public static readonly string[] LotFields = ["numero", "cig", "oggetto", "importo"];

    public async Task<IReadOnlyList<TemplateFamily>> ListTemplatesAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await documents.ListWorkspacesAsync(ct); // creates the Province's service workspaces on first use
        await using var db = await dbFactory.CreateAsync(ct);
        var rows = await Templates(db, user)
            .Select(d => new { d.Id, d.Title, d.ValidFrom, d.ValidTo, Workspace = d.Workspace!.Name })
            .OrderBy(d => d.Title).ThenBy(d => d.ValidFrom).Take(500).ToListAsync(ct);
        return rows.GroupBy(r => r.Title)
            .Select(g => new TemplateFamily(g.Key, g.First().Workspace, g.Select(r => new TemplateVersion(r.Id, r.ValidFrom, r.ValidTo)).ToList()))
            .ToList();
    }

    /// <summary>Fills the template version in force for the procedure and archives the result; Italian errors for every refusal.</summary>
    public async Task<GeneratedDocument> GenerateAsync(int procedureId, string templateTitle, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var details = await tenders.GetAsync(procedureId, ct) ?? throw new TenderNotFoundException();
        if (!details.CanWrite) throw new TenderForbiddenException("Il suo ruolo consente di consultare le gare, non di generarne i documenti.");
        var p = details.Procedure;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Formats.Rome));
        var reference = p.DataPubblicazione ?? today;

        await documents.ListWorkspacesAsync(ct);
        await using var db = await dbFactory.CreateAsync(ct);
        var candidates = await Templates(db, user).Where(d => d.Title == templateTitle)
            .Select(d => new { d.Id, d.ValidFrom, d.ValidTo }).ToListAsync(ct);
        if (candidates.Count == 0)
            throw new TenderValidationException("Modello", $"Il modello «{templateTitle}» non esiste o non è un modello DOCX leggibile.");
        var template = candidates
            .Where(d => (d.ValidFrom is null || d.ValidFrom <= reference) && (d.ValidTo is null || d.ValidTo >= reference))
            .OrderByDescending(d => d.ValidFrom ?? DateOnly.MinValue).FirstOrDefault()
            ?? throw new TenderValidationException("Modello",
                $"Nessuna versione del modello «{templateTitle}» è in vigore il {Formats.Date(reference)} " +
                $"({(p.DataPubblicazione is null ? "oggi: la procedura non ha ancora una data di pubblicazione" : "data di pubblicazione della procedura")}). " +
                $"Versioni disponibili: {string.Join("; ", candidates.OrderBy(c => c.ValidFrom).Select(c => c.ValidTo is null ? $"dal {Formats.Date(c.ValidFrom)} senza scadenza" : $"dal {Formats.Date(c.ValidFrom)} al {Formats.Date(c.ValidTo)}"))}.");

        var content = await documents.OpenVersionAsync(template.Id, null, ct)
            ?? throw new TenderValidationException("Modello", $"Il file del modello «{templateTitle}» non è disponibile nell'archivio.");
        byte[]? filled;
        IReadOnlyList<UnknownPlaceholder> unknown;
        await using (var stream = content.Content)
        {
            try { (filled, unknown) = DocxTemplate.Fill(stream, await ValuesAsync(db, details, today, ct), Lots(p), LotFields); }
            catch (Exception ex) when (ex is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or InvalidDataException or System.IO.FileFormatException)
            {
                throw new TenderValidationException("Modello", $"Il file «{content.FileName}» del modello «{templateTitle}» non è un documento Word (DOCX) leggibile.");
            }
        }
        if (filled is null) throw new TenderValidationException("Modello", DocxTemplate.Describe(templateTitle, unknown));

        var ws = await db.Workspaces.AsNoTracking().Where(w => w.ProvinceId == p.ProvinceId && w.Kind == WorkspaceKind.ServizioSua)
            .Select(w => w.Id).FirstAsync(ct);
        var title = Truncate($"{templateTitle} - {p.Oggetto}", 300);
        var fileName = $"{Slug(templateTitle)}-procedura-{p.Id}.docx";
        var id = await documents.CreateAsync(new NewDocument
        {
            WorkspaceId = ws, Title = title, DocumentType = "Bando", Tags = "gare,documento-generato",
            Description = $"Generato dalla procedura n. {p.Id} con il modello «{templateTitle}» (documento n. {template.Id}, in vigore dal {Formats.Date(template.ValidFrom)}).",
            LinkedModule = LinkedModule, LinkedRecordId = p.Id.ToString(),
            Comment = $"Generato dal modello n. {template.Id}",
        }, new MemoryStream(filled), fileName, ct);
        return new GeneratedDocument(id, template.Id, title);
    }

    /// <summary>The documents linked to the procedure that the user may read.</summary>
    public async Task<IReadOnlyList<LinkedDocument>> ListLinkedAsync(int procedureId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (await tenders.GetAsync(procedureId, ct) is null) throw new TenderNotFoundException();
        await using var db = await dbFactory.CreateAsync(ct);
        var key = procedureId.ToString();
        var readable = db.Workspaces.Where(DocumentAccess.CanRead(user)).Select(w => w.Id);
        return await db.Documents.AsNoTracking()
            .Where(d => d.LinkedModule == LinkedModule && d.LinkedRecordId == key && d.DeletedAtUtc == null && readable.Contains(d.WorkspaceId))
            .OrderByDescending(d => d.UpdatedAtUtc).Take(200)
            .Select(d => new LinkedDocument(d.Id, d.Title, d.DocumentType, d.CurrentVersionNumber, d.UpdatedAtUtc)).ToListAsync(ct);
    }

    private static IQueryable<Document> Templates(PortalDbContext db, PortalPrincipal user)
    {
        var readable = db.Workspaces.Where(DocumentAccess.CanRead(user))
            .Where(w => w.Kind == WorkspaceKind.ServizioSua || w.Kind == WorkspaceKind.Nazionale).Select(w => w.Id);
        return db.Documents.AsNoTracking()
            .Where(d => d.DeletedAtUtc == null && d.LinkedModule == null && d.DocumentType != null && TemplateTypes.Contains(d.DocumentType)
                && readable.Contains(d.WorkspaceId)
                && d.Versions.Any(v => v.Number == d.CurrentVersionNumber && v.OriginalFileName.ToLower().EndsWith(".docx")));
    }

    private static async Task<Dictionary<string, string>> ValuesAsync(PortalDbContext db, TenderDetails details, DateOnly today, CancellationToken ct)
    {
        var p = details.Procedure;
        var province = await db.Provinces.AsNoTracking().Where(x => x.Id == p.ProvinceId).Select(x => new { x.Type, x.Name }).FirstAsync(ct);
        var offers = p.Deadlines.Where(d => d.Kind == DeadlineKind.ScadenzaOfferte).OrderBy(d => d.DueAtUtc).FirstOrDefault();
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["oggetto"] = p.Oggetto,
            ["cig"] = p.Lots.OrderBy(l => l.Numero).Select(l => l.Cig).FirstOrDefault(c => c is not null) ?? "",
            ["cup"] = p.Cup ?? "",
            ["cpv"] = p.Cpv ?? "",
            ["importo_base"] = Formats.EuroCents(p.ImportoBaseCents),
            ["oneri_sicurezza"] = Formats.EuroCents(p.OneriSicurezzaCents),
            ["committente"] = details.Committente,
            ["stazione_appaltante"] = Territory.Province.DisplayNameOf(province.Type, province.Name),
            ["rup"] = p.Rup ?? "",
            ["procedura"] = TenderCodeLists.Label(TenderCodeLists.SceltaContraente, p.SceltaContraente) ?? p.SceltaContraente,
            ["criterio"] = TenderCodeLists.Label(TenderCodeLists.Criteri, p.Criterio) ?? "",
            ["tipo"] = p.Tipo.ToString().ToLowerInvariant(),
            ["data_pubblicazione"] = Formats.Date(p.DataPubblicazione),
            ["scadenza_offerte"] = offers is null ? "" : Formats.DateTime(offers.DueAtUtc),
            ["data_aggiudicazione"] = Formats.Date(p.DataAggiudicazione),
            ["data_generazione"] = Formats.Date(today),
            ["numero_procedura"] = p.Id.ToString(),
        };
    }

    private static List<DocxRow> Lots(Procedure p) => p.Lots.OrderBy(l => l.Numero).Select(l => new DocxRow(new Dictionary<string, string>
    {
        ["numero"] = l.Numero.ToString(), ["cig"] = l.Cig ?? "", ["oggetto"] = l.Oggetto, ["importo"] = Formats.EuroCents(l.ImportoCents),
    })).ToList();

    private static string Slug(string s)
    {
        var chars = s.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join("-", new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 60 ? slug[..60] : slug;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
