namespace ProvincePortal.Features.Tenders;

/// <summary>What the procedure form edits; amounts in euro, dates as the date pickers give them.</summary>
public sealed class TenderInput
{
    /// <summary>Null: the Province itself is the committente.</summary>
    public int? ComuneId { get; set; }
    public string? CommittenteCodiceFiscale { get; set; }
    public string? Oggetto { get; set; }
    public ContractType Tipo { get; set; } = ContractType.Lavori;
    public string? SceltaContraente { get; set; }
    public string? SceltaContraenteL190 { get; set; }
    public string? Criterio { get; set; }
    public string? StatoAppalto { get; set; }
    public string? Esito { get; set; }
    public string? Cpv { get; set; }
    public string? Cup { get; set; }
    public decimal? ImportoBase { get; set; }
    public decimal? OneriSicurezza { get; set; }
    public string? Rup { get; set; }
    public string? RupCodiceFiscale { get; set; }
    public DateTime? DataPubblicazione { get; set; }
    public DateTime? DataAggiudicazione { get; set; }
    public DateTime? DataStipula { get; set; }
    public DateTime? DataInizioEsecuzione { get; set; }
    public DateTime? DataFineEsecuzione { get; set; }
    public string? Note { get; set; }

    public static TenderInput From(Procedure p) => new()
    {
        ComuneId = p.ComuneId, CommittenteCodiceFiscale = p.CommittenteCodiceFiscale, Oggetto = p.Oggetto, Tipo = p.Tipo,
        SceltaContraente = p.SceltaContraente, SceltaContraenteL190 = p.SceltaContraenteL190, Criterio = p.Criterio,
        StatoAppalto = p.StatoAppalto, Esito = p.Esito, Cpv = p.Cpv, Cup = p.Cup,
        ImportoBase = p.ImportoBaseCents / 100m, OneriSicurezza = p.OneriSicurezzaCents / 100m,
        Rup = p.Rup, RupCodiceFiscale = p.RupCodiceFiscale,
        DataPubblicazione = Money.ToDateTime(p.DataPubblicazione), DataAggiudicazione = Money.ToDateTime(p.DataAggiudicazione),
        DataStipula = Money.ToDateTime(p.DataStipula), DataInizioEsecuzione = Money.ToDateTime(p.DataInizioEsecuzione),
        DataFineEsecuzione = Money.ToDateTime(p.DataFineEsecuzione), Note = p.Note,
    };
}

public sealed class LotInput
{
    public int? Numero { get; set; }
    public string? Cig { get; set; }
    public string? Oggetto { get; set; }
    public decimal? Importo { get; set; }
    public string? StatoLotto { get; set; }
    public decimal? ImportoAggiudicazione { get; set; }
    public decimal? RibassoPercent { get; set; }
    public decimal? SommeLiquidate { get; set; }
    public DateTime? DataInizio { get; set; }
    public DateTime? DataUltimazione { get; set; }
    /// <summary>The version the user loaded: a later change by someone else is reported instead of overwritten.</summary>
    public int RowVersion { get; set; }

    public static LotInput From(Lot l) => new()
    {
        Numero = l.Numero, Cig = l.Cig, Oggetto = l.Oggetto, Importo = l.ImportoCents / 100m, StatoLotto = l.StatoLotto,
        ImportoAggiudicazione = l.ImportoAggiudicazioneCents / 100m, RibassoPercent = l.RibassoPercent,
        SommeLiquidate = l.SommeLiquidateCents / 100m, DataInizio = Money.ToDateTime(l.DataInizio),
        DataUltimazione = Money.ToDateTime(l.DataUltimazione), RowVersion = l.RowVersion,
    };
}

public sealed class MemberInput
{
    public string? Denominazione { get; set; }
    public string? CodiceFiscale { get; set; }
    public string? IdentificativoFiscaleEstero { get; set; }
    /// <summary>L.190 ruolo, required for members of a raggruppamento.</summary>
    public string? Ruolo { get; set; }
}

public sealed class ParticipationInput
{
    /// <summary>Set for a raggruppamento (RTI, consorzio, GEIE); empty for an operator bidding alone.</summary>
    public string? NomeRaggruppamento { get; set; }
    public bool Aggiudicatario { get; set; }
    public List<MemberInput> Members { get; set; } = [new()];

    public static ParticipationInput From(Participation p) => new()
    {
        NomeRaggruppamento = p.NomeRaggruppamento, Aggiudicatario = p.Aggiudicatario,
        Members = p.Members.Select(m => new MemberInput
        {
            Denominazione = m.Operator?.Denominazione, CodiceFiscale = m.Operator?.CodiceFiscale,
            IdentificativoFiscaleEstero = m.Operator?.IdentificativoFiscaleEstero, Ruolo = m.Ruolo,
        }).ToList(),
    };
}

public sealed class DeadlineInput
{
    public DeadlineKind Kind { get; set; } = DeadlineKind.ScadenzaOfferte;
    public string? Titolo { get; set; }
    /// <summary>Date and time on the offices' clock (Europe/Rome).</summary>
    public DateTime? Data { get; set; }
    public TimeSpan? Ora { get; set; }
    public string? Note { get; set; }
}

/// <summary>Conversions between the form's euro/DateTime values and the stored cents/DateOnly.</summary>
public static class Money
{
    public static long? ToCents(decimal? euro) => euro is { } e ? (long)Math.Round(e * 100m, MidpointRounding.AwayFromZero) : null;
    public static DateOnly? ToDate(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;
    public static DateTime? ToDateTime(DateOnly? value) => value?.ToDateTime(TimeOnly.MinValue);
}

/// <summary>
/// Field-level checks of the inputs, shared by the form (before sending) and the service (always): each error is keyed
/// by the input's property name and says, in Italian, which rule failed.
/// </summary>
public static class TenderValidator
{
    public static Dictionary<string, string> Validate(TenderInput i)
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(i.Oggetto)) e[nameof(i.Oggetto)] = "L'oggetto è obbligatorio.";
        else if (i.Oggetto.Trim().Length > 1000) e[nameof(i.Oggetto)] = "L'oggetto supera i 1000 caratteri.";
        if (!Enum.IsDefined(i.Tipo)) e[nameof(i.Tipo)] = "Tipo di contratto non valido: lavori, servizi o forniture.";
        if (string.IsNullOrWhiteSpace(i.SceltaContraente)) e[nameof(i.SceltaContraente)] = "La scelta del contraente è obbligatoria.";
        else if (!TenderCodeLists.Contains(TenderCodeLists.SceltaContraente, i.SceltaContraente))
            e[nameof(i.SceltaContraente)] = $"Scelta del contraente «{i.SceltaContraente}» non presente nella lista PCP sceltaContraente.";
        if (!string.IsNullOrEmpty(i.SceltaContraenteL190) && !TenderCodeLists.SceltaContraenteL190.Contains(i.SceltaContraenteL190))
            e[nameof(i.SceltaContraenteL190)] = "Scelta del contraente L. 190 non presente nell'elenco del tracciato (TypesL190.xsd).";
        if (!string.IsNullOrEmpty(i.Criterio) && !TenderCodeLists.Contains(TenderCodeLists.Criteri, i.Criterio))
            e[nameof(i.Criterio)] = "Criterio di aggiudicazione non presente nella lista PCP criteriAggiudicazione.";
        if (!string.IsNullOrEmpty(i.StatoAppalto) && !TenderCodeLists.Contains(TenderCodeLists.StatiAppalto, i.StatoAppalto))
            e[nameof(i.StatoAppalto)] = "Stato non presente nella lista PCP statoAppalto.";
        if (!string.IsNullOrEmpty(i.Esito) && !TenderCodeLists.Contains(TenderCodeLists.Esiti, i.Esito))
            e[nameof(i.Esito)] = "Esito non presente nella lista PCP esitoProcedura.";
        if (!string.IsNullOrWhiteSpace(i.Cpv) && CpvCode.Check(i.Cpv) is { } cpv) e[nameof(i.Cpv)] = cpv;
        if (!string.IsNullOrWhiteSpace(i.Cup) && CupCode.Check(i.Cup) is { } cup) e[nameof(i.Cup)] = cup;
        if (!string.IsNullOrWhiteSpace(i.CommittenteCodiceFiscale) && CodiceFiscale.Check(i.CommittenteCodiceFiscale) is { } cf)
            e[nameof(i.CommittenteCodiceFiscale)] = cf;
        if (!string.IsNullOrWhiteSpace(i.RupCodiceFiscale) && CodiceFiscale.Check(i.RupCodiceFiscale) is { } rcf)
            e[nameof(i.RupCodiceFiscale)] = rcf;
        if (i.ImportoBase is < 0) e[nameof(i.ImportoBase)] = "L'importo a base d'asta non può essere negativo.";
        if (i.OneriSicurezza is < 0) e[nameof(i.OneriSicurezza)] = "Gli oneri per la sicurezza non possono essere negativi.";
        else if (i.OneriSicurezza > (i.ImportoBase ?? 0))
            e[nameof(i.OneriSicurezza)] = "Gli oneri per la sicurezza sono compresi nella base d'asta: non possono superarla.";
        foreach (var (field, message) in DateOrder.Check(
            new(nameof(i.DataPubblicazione), "data di pubblicazione", Money.ToDate(i.DataPubblicazione)),
            new(nameof(i.DataAggiudicazione), "data di aggiudicazione", Money.ToDate(i.DataAggiudicazione)),
            new(nameof(i.DataStipula), "data di stipula", Money.ToDate(i.DataStipula)),
            new(nameof(i.DataInizioEsecuzione), "data di inizio dell'esecuzione", Money.ToDate(i.DataInizioEsecuzione)),
            new(nameof(i.DataFineEsecuzione), "data di fine dell'esecuzione", Money.ToDate(i.DataFineEsecuzione))))
            e.TryAdd(field, message);
        return e;
    }

    public static Dictionary<string, string> Validate(LotInput i)
    {
        var e = new Dictionary<string, string>();
        if (i.Numero is < 1) e[nameof(i.Numero)] = "Il numero del lotto parte da 1.";
        if (!string.IsNullOrWhiteSpace(i.Cig) && CigCode.Check(i.Cig) is { } cig) e[nameof(i.Cig)] = cig;
        if (string.IsNullOrWhiteSpace(i.Oggetto)) e[nameof(i.Oggetto)] = "L'oggetto del lotto è obbligatorio.";
        else if (i.Oggetto.Trim().Length > 1000) e[nameof(i.Oggetto)] = "L'oggetto del lotto supera i 1000 caratteri.";
        if (i.Importo is < 0) e[nameof(i.Importo)] = "L'importo del lotto non può essere negativo.";
        if (!string.IsNullOrEmpty(i.StatoLotto) && !TenderCodeLists.Contains(TenderCodeLists.StatiLotto, i.StatoLotto))
            e[nameof(i.StatoLotto)] = "Stato non presente nella lista PCP statoLotto.";
        if (i.ImportoAggiudicazione is < 0) e[nameof(i.ImportoAggiudicazione)] = "L'importo di aggiudicazione non può essere negativo.";
        if (i.RibassoPercent is < 0 or > 100) e[nameof(i.RibassoPercent)] = "Il ribasso è una percentuale tra 0 e 100.";
        if (i.SommeLiquidate is < 0) e[nameof(i.SommeLiquidate)] = "Le somme liquidate non possono essere negative.";
        foreach (var (field, message) in DateOrder.Check(
            new(nameof(i.DataInizio), "data di inizio", Money.ToDate(i.DataInizio)),
            new(nameof(i.DataUltimazione), "data di ultimazione", Money.ToDate(i.DataUltimazione))))
            e.TryAdd(field, message);
        return e;
    }

    public static Dictionary<string, string> Validate(ParticipationInput i)
    {
        var e = new Dictionary<string, string>();
        if (i.Members.Count == 0) e["Members"] = "Indicare almeno un operatore economico.";
        var group = i.Members.Count > 1 || !string.IsNullOrWhiteSpace(i.NomeRaggruppamento);
        for (var k = 0; k < i.Members.Count; k++)
        {
            var m = i.Members[k];
            var prefix = $"Members[{k}].";
            if (string.IsNullOrWhiteSpace(m.Denominazione)) e[prefix + nameof(m.Denominazione)] = "La denominazione (ragione sociale) è obbligatoria.";
            else if (m.Denominazione.Trim().Length > 250) e[prefix + nameof(m.Denominazione)] = "La denominazione supera i 250 caratteri (limite del tracciato L. 190).";
            var hasCf = !string.IsNullOrWhiteSpace(m.CodiceFiscale);
            var hasForeign = !string.IsNullOrWhiteSpace(m.IdentificativoFiscaleEstero);
            if (hasCf == hasForeign)
                e[prefix + nameof(m.CodiceFiscale)] = "Indicare il codice fiscale italiano oppure l'identificativo fiscale estero (uno dei due).";
            else if (hasCf && CodiceFiscale.Check(m.CodiceFiscale) is { } cf) e[prefix + nameof(m.CodiceFiscale)] = cf;
            if (group && string.IsNullOrEmpty(m.Ruolo)) e[prefix + nameof(m.Ruolo)] = "Nel raggruppamento ogni membro ha un ruolo (mandataria, mandante …).";
            else if (!string.IsNullOrEmpty(m.Ruolo) && !TenderCodeLists.Contains(TenderCodeLists.RuoliL190, m.Ruolo))
                e[prefix + nameof(m.Ruolo)] = "Ruolo non presente nell'elenco L. 190 (01-MANDANTE … 05-CONSORZIATA).";
            var id = (hasCf ? m.CodiceFiscale : m.IdentificativoFiscaleEstero)?.Trim().ToUpperInvariant();
            if (id is { Length: > 0 } && i.Members.Take(k).Any(o => (string.IsNullOrWhiteSpace(o.CodiceFiscale) ? o.IdentificativoFiscaleEstero : o.CodiceFiscale)?.Trim().ToUpperInvariant() == id))
                e.TryAdd(prefix + nameof(m.CodiceFiscale), "Lo stesso operatore compare due volte nel raggruppamento.");
        }
        // One operator leads a raggruppamento: a second mandataria is a typing error, not a valid grouping.
        var mandatarie = i.Members.Select((m, k) => (m, k)).Where(x => x.m.Ruolo == "02-MANDATARIA").ToList();
        if (group && mandatarie.Count > 1)
            e.TryAdd($"Members[{mandatarie[1].k}].{nameof(MemberInput.Ruolo)}", "Il raggruppamento ha una sola mandataria: gli altri membri sono mandanti.");
        return e;
    }

    public static Dictionary<string, string> Validate(DeadlineInput i)
    {
        var e = new Dictionary<string, string>();
        if (!Enum.IsDefined(i.Kind)) e[nameof(i.Kind)] = "Tipo di scadenza non valido.";
        if (i.Data is null) e[nameof(i.Data)] = "La data della scadenza è obbligatoria.";
        if (i.Kind == DeadlineKind.Personalizzata && string.IsNullOrWhiteSpace(i.Titolo))
            e[nameof(i.Titolo)] = "Una scadenza personalizzata ha bisogno di un titolo.";
        return e;
    }
}

/// <summary>What a procedure needs before it can enter a phase.</summary>
public static class PhaseRules
{
    public static TenderPhase? Next(TenderPhase p) => p == TenderPhase.Conclusa ? null : p + 1;

    public static IReadOnlyList<string> Missing(Procedure p, TenderPhase target)
    {
        var m = new List<string>();
        if (target >= TenderPhase.Progettazione && string.IsNullOrWhiteSpace(p.Rup)) m.Add("il RUP");
        if (target >= TenderPhase.Pubblicazione)
        {
            if (p.ImportoBaseCents <= 0) m.Add("l'importo a base d'asta");
            if (string.IsNullOrEmpty(p.Criterio) && p.SceltaContraente != TenderCodeLists.AffidamentoDiretto) m.Add("il criterio di aggiudicazione");
            if (string.IsNullOrEmpty(p.Cpv)) m.Add("il codice CPV");
            if (p.DataPubblicazione is null) m.Add("la data di pubblicazione");
            if (p.Lots.Count == 0) m.Add("almeno un lotto");
            foreach (var l in p.Lots.Where(l => string.IsNullOrEmpty(l.Cig)).OrderBy(l => l.Numero)) m.Add($"il CIG del lotto {l.Numero}");
        }
        if (target >= TenderPhase.Affidamento)
        {
            if (p.DataAggiudicazione is null) m.Add("la data di aggiudicazione");
            foreach (var l in p.Lots.OrderBy(l => l.Numero).Where(l => l.StatoLotto is null || !TenderCodeLists.LotStatesWithoutWinner.Contains(l.StatoLotto)))
            {
                if (!l.Participations.Any(x => x.Aggiudicatario)) m.Add($"l'aggiudicatario del lotto {l.Numero}");
                if (l.ImportoAggiudicazioneCents is null) m.Add($"l'importo di aggiudicazione del lotto {l.Numero}");
            }
        }
        if (target >= TenderPhase.Esecuzione && p.DataStipula is null) m.Add("la data di stipula del contratto");
        if (target >= TenderPhase.Conclusa)
        {
            if (p.DataFineEsecuzione is null) m.Add("la data di fine dell'esecuzione");
            if (string.IsNullOrEmpty(p.Esito)) m.Add("l'esito");
        }
        return m;
    }

    public static string Label(TenderPhase phase) => phase switch
    {
        TenderPhase.Programmazione => "Programmazione",
        TenderPhase.Progettazione => "Progettazione",
        TenderPhase.Pubblicazione => "Pubblicazione",
        TenderPhase.Affidamento => "Affidamento",
        TenderPhase.Esecuzione => "Esecuzione",
        _ => "Conclusa",
    };
}

public sealed class TenderNotFoundException() : Exception("Procedura non trovata.");

public sealed class TenderForbiddenException(string message) : Exception(message);

public sealed class TenderConcurrencyException(string message) : Exception(message)
{
    public const string ProcedureChanged = "La procedura è stata modificata da un altro utente dopo che l'ha aperta: ricarichi la pagina per vedere i dati aggiornati e ripeta la modifica.";
    public const string LotChanged = "Il lotto è stato modificato da un altro utente dopo che l'ha aperto: ricarichi la pagina per vedere i dati aggiornati e ripeta la modifica.";
}

/// <summary>Bad input: errors by field (input property name) with Italian messages.</summary>
public sealed class TenderValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public TenderValidationException(string field, string message) : this(new Dictionary<string, string> { [field] = message }) { }
}
