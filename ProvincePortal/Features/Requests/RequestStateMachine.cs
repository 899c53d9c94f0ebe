namespace ProvincePortal.Features.Requests;

public enum RequestAction
{
    PrendiInCarico = 1, Assegna = 2, Pianifica = 3, MettiInAttesa = 4, Riprendi = 5, Risolvi = 6,
    ApprovaSoluzione = 7, RifiutaSoluzione = 8, ChiudiAutomaticamente = 9,
}

/// <summary>Who acts on a request: an operator of the Province, the requesting Comune, the system (jobs), or a reader.</summary>
public enum RequestActor { Operatore = 1, Richiedente = 2, Sistema = 3, Lettore = 4 }

public sealed class RequestTransitionException(string message) : Exception(message);

/// <summary>
/// The life cycle of a request (GLPI's model): which action may be taken in which state and by whom, and the state it leads
/// to. Every change of state goes through <see cref="Apply"/>; a refused action gets an Italian message saying why.
/// </summary>
public static class RequestStateMachine
{
    private sealed record Rule(RequestAction Action, RequestStatus[] From, RequestActor Actor, RequestStatus? To);

    // To = null: the state does not change (assigning again, re-planning), except Assegna from Nuova which takes charge.
    private static readonly Rule[] Rules =
    [
        new(RequestAction.PrendiInCarico, [RequestStatus.Nuova], RequestActor.Operatore, RequestStatus.InCarico),
        new(RequestAction.Assegna, [RequestStatus.Nuova, RequestStatus.InCarico, RequestStatus.Pianificata, RequestStatus.InAttesa], RequestActor.Operatore, null),
        new(RequestAction.Pianifica, [RequestStatus.InCarico, RequestStatus.Pianificata], RequestActor.Operatore, RequestStatus.Pianificata),
        new(RequestAction.MettiInAttesa, [RequestStatus.InCarico, RequestStatus.Pianificata], RequestActor.Operatore, RequestStatus.InAttesa),
        new(RequestAction.Riprendi, [RequestStatus.InAttesa], RequestActor.Operatore, RequestStatus.InCarico),
        new(RequestAction.Risolvi, [RequestStatus.InCarico, RequestStatus.Pianificata, RequestStatus.InAttesa], RequestActor.Operatore, RequestStatus.Risolta),
        new(RequestAction.ApprovaSoluzione, [RequestStatus.Risolta], RequestActor.Richiedente, RequestStatus.Chiusa),
        new(RequestAction.RifiutaSoluzione, [RequestStatus.Risolta], RequestActor.Richiedente, RequestStatus.InCarico),
        new(RequestAction.ChiudiAutomaticamente, [RequestStatus.Risolta], RequestActor.Sistema, RequestStatus.Chiusa),
    ];

    public static bool IsOpen(RequestStatus s) => s != RequestStatus.Chiusa;

    /// <summary>The resolve clock does not run while waiting for the Comune or while a solution awaits its answer.</summary>
    public static bool PausesResolveClock(RequestStatus s) => s is RequestStatus.InAttesa or RequestStatus.Risolta;

    public static bool CanApply(RequestStatus from, RequestAction action, RequestActor actor) =>
        Rules.Any(r => r.Action == action && r.Actor == actor && r.From.Contains(from));

    /// <summary>The actions an actor may take now, for the buttons of the request page.</summary>
    public static IReadOnlyList<RequestAction> Allowed(RequestStatus from, RequestActor actor) =>
        Rules.Where(r => r.Actor == actor && r.From.Contains(from)).Select(r => r.Action).ToList();

    /// <summary>The state after <paramref name="action"/>, or an exception with the reason it is refused.</summary>
    public static RequestStatus Apply(RequestStatus from, RequestAction action, RequestActor actor)
    {
        var rule = Rules.First(r => r.Action == action);
        if (rule.Actor != actor)
            throw new RequestTransitionException(rule.Actor switch
            {
                RequestActor.Operatore => $"Solo un operatore del Centro di Competenza può eseguire l'azione «{Label(action)}».",
                RequestActor.Richiedente => $"Solo il Comune richiedente può eseguire l'azione «{Label(action)}».",
                _ => $"L'azione «{Label(action)}» è eseguita solo automaticamente dal sistema.",
            });
        if (!rule.From.Contains(from))
            throw new RequestTransitionException(
                $"L'azione «{Label(action)}» non è consentita su una richiesta nello stato «{Label(from)}»: è possibile solo nello stato " +
                string.Join(" o ", rule.From.Select(s => $"«{Label(s)}»")) + ".");
        if (action == RequestAction.Assegna) return from == RequestStatus.Nuova ? RequestStatus.InCarico : from;
        return rule.To!.Value;
    }

    public static string Label(RequestStatus s) => s switch
    {
        RequestStatus.Nuova => "Nuova",
        RequestStatus.InCarico => "In carico",
        RequestStatus.Pianificata => "Pianificata",
        RequestStatus.InAttesa => "In attesa",
        RequestStatus.Risolta => "Risolta",
        RequestStatus.Chiusa => "Chiusa",
        _ => s.ToString(),
    };

    public static string Label(RequestAction a) => a switch
    {
        RequestAction.PrendiInCarico => "Prendi in carico",
        RequestAction.Assegna => "Assegna",
        RequestAction.Pianifica => "Pianifica",
        RequestAction.MettiInAttesa => "Metti in attesa",
        RequestAction.Riprendi => "Riprendi",
        RequestAction.Risolvi => "Risolvi",
        RequestAction.ApprovaSoluzione => "Approva la soluzione",
        RequestAction.RifiutaSoluzione => "Rifiuta la soluzione",
        RequestAction.ChiudiAutomaticamente => "Chiusura automatica",
        _ => a.ToString(),
    };

    public static string Label(RequestPriority p) => p switch
    {
        RequestPriority.Bassa => "Bassa",
        RequestPriority.Media => "Media",
        RequestPriority.Alta => "Alta",
        RequestPriority.Urgente => "Urgente",
        _ => p.ToString(),
    };

    public static string Label(SlaState s) => s switch
    {
        SlaState.InTempo => "In tempo",
        SlaState.InScadenza => "In scadenza",
        SlaState.Violato => "Violato",
        SlaState.InPausa => "In pausa",
        SlaState.Rispettato => "Rispettato",
        _ => s.ToString(),
    };

    public static string Label(FormFieldKind k) => k switch
    {
        FormFieldKind.Testo => "Testo",
        FormFieldKind.TestoLungo => "Testo lungo",
        FormFieldKind.Numero => "Numero",
        FormFieldKind.Data => "Data",
        FormFieldKind.Scelta => "Scelta da elenco",
        FormFieldKind.Allegato => "Allegato",
        _ => k.ToString(),
    };

    public static string Label(RequesterKind k) => k switch
    {
        RequesterKind.Comuni => "Comuni",
        RequesterKind.UfficiProvinciali => "Uffici provinciali",
        RequesterKind.Tutti => "Comuni e uffici provinciali",
        _ => k.ToString(),
    };

    public static string Label(SlaUnit u) => u switch
    {
        SlaUnit.Minuti => "minuti lavorativi",
        SlaUnit.Ore => "ore lavorative",
        SlaUnit.Giorni => "giorni lavorativi",
        _ => u.ToString(),
    };

    public static string Label(RequestEventKind k) => k switch
    {
        RequestEventKind.Creata => "Richiesta inviata",
        RequestEventKind.PresaInCarico => "Presa in carico",
        RequestEventKind.Assegnata => "Assegnazione",
        RequestEventKind.Pianificata => "Pianificazione",
        RequestEventKind.MessaInAttesa => "Messa in attesa",
        RequestEventKind.Ripresa => "Ripresa della lavorazione",
        RequestEventKind.Risolta => "Soluzione proposta",
        RequestEventKind.SoluzioneApprovata => "Soluzione approvata",
        RequestEventKind.SoluzioneRifiutata => "Soluzione rifiutata",
        RequestEventKind.ChiusaAutomaticamente => "Chiusura automatica",
        RequestEventKind.Risposta => "Risposta",
        RequestEventKind.NotaInterna => "Nota interna",
        RequestEventKind.PrioritaCambiata => "Priorità cambiata",
        RequestEventKind.AvvisoSla => "Avviso SLA",
        RequestEventKind.ViolazioneSla => "SLA violato",
        RequestEventKind.Promemoria => "Promemoria al richiedente",
        _ => k.ToString(),
    };
}
