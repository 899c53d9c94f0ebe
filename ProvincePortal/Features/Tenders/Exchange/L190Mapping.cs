using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// Between an L.190 "lotto" and the register: one lot per procedure on import (the file has no grouping of lots),
/// participants and winners as participations with their members and roles. A winner that also appears among the
/// participants is the same participation flagged as aggiudicatario; the export writes every participation as a
/// participant and the flagged ones again as winners, which is how L.190 files are written.
/// </summary>
public static class L190Mapping
{
    public static Procedure NewProcedure(int provinceId, L190Lot data, L190Metadata meta, string fileName, OperatorDirectory operators, DateTime now)
    {
        var awarded = data.Aggiudicatari.Count > 0;
        var procedure = new Procedure
        {
            ProvinceId = provinceId,
            CommittenteCodiceFiscale = data.CodiceFiscaleProp,
            Oggetto = data.Oggetto,
            // L.190 does not say works, services or supplies: the object's first word usually does.
            Tipo = data.Oggetto.StartsWith("lavor", StringComparison.OrdinalIgnoreCase) ? ContractType.Lavori
                 : data.Oggetto.StartsWith("fornitur", StringComparison.OrdinalIgnoreCase) ? ContractType.Forniture : ContractType.Servizi,
            SceltaContraente = ProcedureTypeMap.PcpFromL190(data.SceltaContraente) ?? "",
            SceltaContraenteL190 = data.SceltaContraente,
            ImportoBaseCents = Cents(data.ImportoAggiudicazione),
            Phase = !awarded ? TenderPhase.Pubblicazione : data.DataInizio is null ? TenderPhase.Affidamento : TenderPhase.Esecuzione,
            Esito = awarded ? "selec-w" : null,
            DataInizioEsecuzione = data.DataInizio,
            DataFineEsecuzione = data.DataUltimazione,
            Anno = meta.AnnoRiferimento,
            Note = TenderImportService.Cut($"Importata dal dataset L.190 «{fileName}» (anno {meta.AnnoRiferimento}, {meta.EntePubblicatore}); struttura proponente: {data.DenominazioneProp}.", 4000),
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        var lot = new Lot { ProvinceId = provinceId, Numero = 1, Cig = data.Cig, Oggetto = data.Oggetto };
        Fill(lot, data, operators);
        procedure.Lots.Add(lot);
        return procedure;
    }

    public static void Update(PortalDbContext db, Lot lot, L190Lot data, OperatorDirectory operators, DateTime now)
    {
        db.Participations.RemoveRange(lot.Participations);
        lot.Participations = [];
        Fill(lot, data, operators);
        lot.RowVersion++;
        var p = lot.Procedure!;
        p.SceltaContraenteL190 = data.SceltaContraente;
        p.SceltaContraente = ProcedureTypeMap.PcpFromL190(data.SceltaContraente) ?? p.SceltaContraente;
        p.UpdatedAtUtc = now;
        p.RowVersion++;
    }

    private static void Fill(Lot lot, L190Lot data, OperatorDirectory operators)
    {
        lot.Oggetto = data.Oggetto;
        lot.ImportoAggiudicazioneCents = data.Aggiudicatari.Count > 0 || data.ImportoAggiudicazione > 0 ? Cents(data.ImportoAggiudicazione) : null;
        if (lot.ImportoCents == 0) lot.ImportoCents = Cents(data.ImportoAggiudicazione);
        lot.SommeLiquidateCents = Cents(data.ImportoSommeLiquidate);
        lot.DataInizio = data.DataInizio;
        lot.DataUltimazione = data.DataUltimazione;
        if (data.Aggiudicatari.Count > 0) lot.StatoLotto ??= "AGG";

        var winners = data.Aggiudicatari.Select(Signature).ToHashSet();
        var participantSignatures = new HashSet<string>();
        foreach (var p in data.Partecipanti)
        {
            participantSignatures.Add(Signature(p));
            lot.Participations.Add(NewParticipation(lot, p, winners.Contains(Signature(p)), operators));
        }
        foreach (var w in data.Aggiudicatari.Where(w => !participantSignatures.Contains(Signature(w))))
            lot.Participations.Add(NewParticipation(lot, w, true, operators));
    }

    private static Participation NewParticipation(Lot lot, L190Participant p, bool winner, OperatorDirectory operators) => new()
    {
        ProvinceId = lot.ProvinceId,
        Aggiudicatario = winner,
        Members = p.Members.Select(m => new ParticipationMember
        {
            ProvinceId = lot.ProvinceId,
            Operator = operators.Get(m.Operator),
            Ruolo = p.Members.Count > 1 ? m.Ruolo : null,
        }).ToList(),
    };

    /// <summary>What a register lot differs in from the file's lot, as Italian field names (empty: unchanged).</summary>
    public static List<string> Differences(Lot lot, L190Lot data)
    {
        var d = new List<string>();
        if (lot.Oggetto != data.Oggetto) d.Add("oggetto");
        if (lot.Procedure!.SceltaContraenteL190 != data.SceltaContraente) d.Add("scelta del contraente");
        if ((lot.ImportoAggiudicazioneCents ?? 0) != Cents(data.ImportoAggiudicazione)) d.Add("importo di aggiudicazione");
        if ((lot.SommeLiquidateCents ?? 0) != Cents(data.ImportoSommeLiquidate)) d.Add("somme liquidate");
        if (lot.DataInizio != data.DataInizio || lot.DataUltimazione != data.DataUltimazione) d.Add("tempi di completamento");
        var (partecipanti, aggiudicatari) = Participants(lot);
        if (!Same(partecipanti, data.Partecipanti)) d.Add("partecipanti");
        if (!Same(aggiudicatari, data.Aggiudicatari)) d.Add("aggiudicatari");
        return d;
    }

    /// <summary>The lot's participations as L.190 participants and winners.</summary>
    public static (List<L190Participant> Partecipanti, List<L190Participant> Aggiudicatari) Participants(Lot lot)
    {
        var all = lot.Participations.OrderBy(p => p.Id).Select(p => (p.Aggiudicatario, Value: new L190Participant(
            p.Members.OrderBy(m => m.Id).Select(m => new L190Member(
                new L190Operator(m.Operator!.CodiceFiscale, m.Operator.IdentificativoFiscaleEstero, m.Operator.Denominazione), m.Ruolo)).ToList()))).ToList();
        return (all.Select(a => a.Value).ToList(), all.Where(a => a.Aggiudicatario).Select(a => a.Value).ToList());
    }

    private static bool Same(IEnumerable<L190Participant> a, IEnumerable<L190Participant> b)
    {
        // The winners of a file may be missing from its participants: compare as sets, which the import keeps.
        var left = a.Select(Signature).Order().ToList();
        var right = b.Select(Signature).Distinct().Order().ToList();
        return left.Distinct().SequenceEqual(right) || left.SequenceEqual(right);
    }

    private static string Signature(L190Participant p) =>
        string.Join("+", p.Members.Select(m => m.Operator.Key + "/" + (p.Members.Count > 1 ? m.Ruolo : "")).Order());

    public static long Cents(decimal euro) => (long)Math.Round(euro * 100m, MidpointRounding.AwayFromZero);

    /// <summary>The Province's operators by codice fiscale or foreign id; new ones are added to the context once.</summary>
    public sealed class OperatorDirectory(PortalDbContext db, int provinceId)
    {
        private readonly Dictionary<string, EconomicOperator> byKey = [];

        public async Task LoadAsync(CancellationToken ct)
        {
            foreach (var op in await db.EconomicOperators.Where(o => o.ProvinceId == provinceId).ToListAsync(ct))
                byKey.TryAdd(new L190Operator(op.CodiceFiscale, op.IdentificativoFiscaleEstero, op.Denominazione).Key, op);
        }

        public EconomicOperator Get(L190Operator op)
        {
            if (byKey.TryGetValue(op.Key, out var known)) return known;
            var created = new EconomicOperator
            {
                ProvinceId = provinceId,
                Denominazione = op.RagioneSociale,
                CodiceFiscale = op.CodiceFiscale,
                IdentificativoFiscaleEstero = op.CodiceFiscale is null ? op.IdentificativoFiscaleEstero : null,
                CreatedAtUtc = DateTime.UtcNow,
            };
            db.EconomicOperators.Add(created);
            byKey[op.Key] = created;
            return created;
        }
    }
}
