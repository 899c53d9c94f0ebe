using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls.Projects;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Reports;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls.Analysis;

public sealed record AnalysedCall(int Id, string Identifier, string Title, string Programme, string? TypeOfAction, long? BudgetCents,
    decimal? CoFinancingRate, DateTime? FirstDeadlineUtc, DateTime? LastDeadlineUtc, string? Url);

/// <summary>The call and the Province's sheet (null while nobody has written one).</summary>
public sealed record AnalysisView(AnalysedCall Call, CallAnalysis? Analysis, bool CanEdit, string Province);

public sealed class AnalysisInput
{
    public string? Obiettivi { get; set; }
    public string? AzioniECosti { get; set; }
    public string? Beneficiari { get; set; }
    public string? Partenariato { get; set; }
    public string? Cofinanziamento { get; set; }
    public string? CriteriValutazione { get; set; }
    public string? PertinenzaComuni { get; set; }
    public AnalysisRecommendation Raccomandazione { get; set; }
    public string? Note { get; set; }
    public bool SharedWithComuni { get; set; }

    public static AnalysisInput From(CallAnalysis? a) => a is null ? new() : new()
    {
        Obiettivi = a.Obiettivi, AzioniECosti = a.AzioniECosti, Beneficiari = a.Beneficiari, Partenariato = a.Partenariato,
        Cofinanziamento = a.Cofinanziamento, CriteriValutazione = a.CriteriValutazione, PertinenzaComuni = a.PertinenzaComuni,
        Raccomandazione = a.Raccomandazione, Note = a.Note, SharedWithComuni = a.SharedWithComuni,
    };

    /// <summary>The sections in print order: property name, Italian label, value.</summary>
    public IEnumerable<(string Field, string Label, string? Value)> Sections() =>
    [
        (nameof(Obiettivi), "Obiettivi", Obiettivi),
        (nameof(AzioniECosti), "Azioni e costi ammissibili", AzioniECosti),
        (nameof(Beneficiari), "Beneficiari ammissibili", Beneficiari),
        (nameof(Partenariato), "Partenariato richiesto", Partenariato),
        (nameof(Cofinanziamento), "Cofinanziamento", Cofinanziamento),
        (nameof(CriteriValutazione), "Criteri di valutazione", CriteriValutazione),
        (nameof(PertinenzaComuni), "Pertinenza per i Comuni", PertinenzaComuni),
        (nameof(Note), "Note", Note),
    ];

    public Dictionary<string, string> Validate()
    {
        var e = new Dictionary<string, string>();
        foreach (var (field, label, value) in Sections())
            if (value is { Length: > CallAnalysisConfiguration.TextLength })
                e[field] = $"{label}: il testo supera i {Formats.Number(CallAnalysisConfiguration.TextLength)} caratteri (ne ha {Formats.Number(value.Length)}).";
        if (!Enum.IsDefined(Raccomandazione)) e[nameof(Raccomandazione)] = "Raccomandazione non valida: consigliato, da valutare o non pertinente.";
        return e;
    }
}

/// <summary>
/// Schede di analisi. The EU office and administrators write the sheet of their Province; Dirigenti read it; a Comune's
/// users read it only once the Province shares it with the Comuni. A call the Province does not see is not found.
/// </summary>
public sealed class CallAnalysisService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    /// <summary>Null when the call, or for a Comune's user the shared sheet, does not exist for the user.</summary>
    public async Task<AnalysisView?> GetAsync(int callId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.EuCalls)) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var call = await db.Calls.AsNoTracking().Where(c => c.Id == callId)
            .Select(c => new AnalysedCall(c.Id, c.Identifier, c.Title, c.Programme, c.TypeOfAction, c.BudgetCents, c.CoFinancingRate,
                c.FirstDeadlineUtc, c.LastDeadlineUtc, c.Url))
            .FirstOrDefaultAsync(ct);
        if (call is null) return null;
        var provinceId = user.ProvinceId ?? -1;
        var analysis = await db.Set<CallAnalysis>().AsNoTracking().FirstOrDefaultAsync(a => a.CallId == callId && a.ProvinceId == provinceId, ct);
        if (EuWorkAccess.IsComuneOnly(user) && analysis is not { SharedWithComuni: true }) return null;
        var province = await db.Provinces.AsNoTracking().Where(p => p.Id == provinceId).Select(p => new { p.Type, p.Name }).FirstOrDefaultAsync(ct);
        return new AnalysisView(call, analysis, EuWorkAccess.CanWrite(user) && user.ProvinceId is not null,
            province is null ? "" : Territory.Province.DisplayNameOf(province.Type, province.Name));
    }

    /// <summary>Creates the Province's sheet or updates it; <paramref name="rowVersion"/> is the version the user loaded (null for a new one).</summary>
    public async Task<CallAnalysis> SaveAsync(int callId, AnalysisInput input, int? rowVersion, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.EuCalls)) throw new EuWorkNotFoundException("Bando non trovato.");
        if (!EuWorkAccess.CanWrite(user)) throw new EuWorkForbiddenException("Il suo ruolo consente di leggere le schede di analisi, non di scriverle.");
        if (user.ProvinceId is not int provinceId)
            throw new EuWorkForbiddenException("Il suo profilo non è associato a una Provincia: non può scrivere schede di analisi.");
        EuWorkValidationException.ThrowIfAny(input.Validate());
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await db.Calls.AnyAsync(c => c.Id == callId, ct)) throw new EuWorkNotFoundException("Bando non trovato.");
        var now = DateTime.UtcNow;
        var a = await db.Set<CallAnalysis>().FirstOrDefaultAsync(x => x.CallId == callId && x.ProvinceId == provinceId, ct);
        if (a is null)
        {
            if (rowVersion is not null) throw new EuWorkConcurrencyException();
            a = new CallAnalysis { CallId = callId, ProvinceId = provinceId, CreatedAtUtc = now };
            db.Add(a);
        }
        else
        {
            // Someone else created the sheet while this user was writing a new one: same conflict as a concurrent edit.
            db.Entry(a).Property(x => x.RowVersion).OriginalValue = rowVersion ?? -1;
            a.RowVersion = (rowVersion ?? -1) + 1;
        }
        a.Obiettivi = EuCodeLists.Clean(input.Obiettivi);
        a.AzioniECosti = EuCodeLists.Clean(input.AzioniECosti);
        a.Beneficiari = EuCodeLists.Clean(input.Beneficiari);
        a.Partenariato = EuCodeLists.Clean(input.Partenariato);
        a.Cofinanziamento = EuCodeLists.Clean(input.Cofinanziamento);
        a.CriteriValutazione = EuCodeLists.Clean(input.CriteriValutazione);
        a.PertinenzaComuni = EuCodeLists.Clean(input.PertinenzaComuni);
        a.Raccomandazione = input.Raccomandazione;
        a.Note = EuCodeLists.Clean(input.Note);
        a.SharedWithComuni = input.SharedWithComuni;
        a.AuthorName = user.FullName;
        a.UpdatedAtUtc = now;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new EuWorkConcurrencyException(); }
        catch (DbUpdateException) when (a.Id == 0) { throw new EuWorkConcurrencyException(); }
        return a;
    }

    /// <summary>The sheet as an A4 PDF; null when the user may not read it (or it has not been written).</summary>
    public async Task<(byte[] Pdf, string FileName)?> PdfAsync(int callId, CancellationToken ct = default)
    {
        var view = await GetAsync(callId, ct);
        if (view?.Analysis is not { } a) return null;
        var c = view.Call;
        var report = new PdfReport("Scheda di analisi del bando", view.Province, DateTime.UtcNow)
            .Heading(c.Title)
            .Note($"{c.Identifier} · {c.Programme}{(c.TypeOfAction is { } t ? " · " + t : "")}")
            .KeyFigures([
                new KeyFigure("Raccomandazione", CallAnalysis.Label(a.Raccomandazione)),
                new KeyFigure("Budget del bando", c.BudgetCents is { } b ? Formats.EuroCents(b) : "n.d."),
                new KeyFigure("Scadenza", c.LastDeadlineUtc is { } d ? Formats.Date(d) : "n.d."),
                new KeyFigure("Tasso di cofinanziamento", c.CoFinancingRate is { } r ? Formats.Number((double)r, 0) + " %" : "n.d."),
            ]);
        foreach (var (_, label, value) in AnalysisInput.From(a).Sections())
        {
            report.Heading(label);
            report.Paragraph(string.IsNullOrWhiteSpace(value) ? "Non compilato." : value);
        }
        report.Note($"Scheda redatta da {a.AuthorName}, aggiornata il {Formats.DateTime(a.UpdatedAtUtc)}."
            + (a.SharedWithComuni ? " Condivisa con i Comuni." : " Ad uso interno della Provincia."));
        if (c.Url is { } url) report.Note("Pagina del bando: " + url);
        var safe = new string(c.Identifier.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray());
        return (report.ToBytes(), $"scheda-analisi-{(safe.Length == 0 ? c.Id.ToString() : safe)}.pdf");
    }
}
