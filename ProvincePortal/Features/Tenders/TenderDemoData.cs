using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Tenders;

/// <summary>
/// A handful of realistic procedures of the SUA of Treviso for the demo. The identifiers are invented but pass every
/// check (CIG computed with ANAC's v2 algorithm, partite IVA with their check digit, CPV with theirs); only the
/// Province's codice fiscale is its real one. Runs once: nothing is added when Treviso already has procedures.
/// </summary>
public static class TenderDemoData
{
    public static async Task SeedAsync(PortalDbContext db, CancellationToken ct)
    {
        var treviso = await db.Provinces.FirstOrDefaultAsync(p => p.Sigla == "TV" && p.SuppressedOn == null, ct);
        if (treviso is null || await db.Procedures.IgnoreQueryFilters().AnyAsync(p => p.ProvinceId == treviso.Id, ct)) return;
        var comuni = await db.Comuni.Where(c => c.ProvinceId == treviso.Id && (c.CadastralCode == "C957" || c.CadastralCode == "F443"))
            .ToDictionaryAsync(c => c.CadastralCode, c => c.Id, ct);
        int? conegliano = comuni.TryGetValue("C957", out var c1) ? c1 : null;
        int? montebelluna = comuni.TryGetValue("F443", out var c2) ? c2 : null;
        var now = DateTime.UtcNow;
        var tv = treviso.Id;

        EconomicOperator Op(string name, string piva) => new() { ProvinceId = tv, Denominazione = name, CodiceFiscale = piva, CreatedAtUtc = now };
        var alfa = Op("Costruzioni Piave S.r.l.", "04123450266");
        var beta = Op("Impianti Marca Trevigiana S.p.A.", "03987610262");
        var gamma = Op("Strade Venete Società Cooperativa", "04551200266");
        var delta = Op("Ristorazione Collettiva Nordest S.r.l.", "03670120264");
        var epsilon = Op("Arredi Pubblici Montello S.n.c.", "04899030268");
        var zeta = Op("Antincendio Sile S.r.l.", "02233440268");
        var foreign = new EconomicOperator { ProvinceId = tv, Denominazione = "Alpen Bau GmbH", IdentificativoFiscaleEstero = "ATU12345678", CreatedAtUtc = now };

        Participation Single(EconomicOperator o, bool winner = false) =>
            new() { ProvinceId = tv, Aggiudicatario = winner, Members = [new() { ProvinceId = tv, Operator = o }] };

        Procedure P(string oggetto, int? comune, ContractType tipo, string scelta, string? criterio, string cpv, string? cup,
            decimal base_, decimal oneri, TenderPhase phase, DateOnly? pubblicazione, string rup) => new()
        {
            ProvinceId = tv, ComuneId = comune, CommittenteCodiceFiscale = comune is null ? "80008870265" : null,
            Oggetto = oggetto, Tipo = tipo, SceltaContraente = scelta, Criterio = criterio, Cpv = cpv, Cup = cup,
            ImportoBaseCents = (long)(base_ * 100), OneriSicurezzaCents = (long)(oneri * 100), Phase = phase,
            DataPubblicazione = pubblicazione, Anno = pubblicazione?.Year ?? now.Year, Rup = rup,
            StatoAppalto = pubblicazione is null ? "IN_LAV" : "PUBB", CreatedAtUtc = now, UpdatedAtUtc = now,
        };

        var sp248 = P("Lavori di manutenzione straordinaria della SP 248 \"Schiavonesca-Marosticana\" - messa in sicurezza delle intersezioni",
            null, ContractType.Lavori, "6", "price", "45233141-9", "J17H24000120005", 1_250_000m, 35_000m, TenderPhase.Esecuzione, new DateOnly(2025, 3, 10), "Ing. Marco Bortolin");
        sp248.DataAggiudicazione = new DateOnly(2025, 6, 20);
        sp248.DataStipula = new DateOnly(2025, 7, 30);
        sp248.DataInizioEsecuzione = new DateOnly(2025, 9, 1);
        sp248.Esito = "selec-w";
        sp248.Lots.Add(new Lot
        {
            ProvinceId = tv, Numero = 1, Cig = "B3A41F222A", Oggetto = "Lotto unico", ImportoCents = 125_000_000, StatoLotto = "SOTT_CONTR",
            ImportoAggiudicazioneCents = 106_125_000, RibassoPercent = 15.5m, SommeLiquidateCents = 40_000_000,
            DataInizio = new DateOnly(2025, 9, 1),
            Participations =
            [
                new Participation
                {
                    ProvinceId = tv, NomeRaggruppamento = "RTI Costruzioni Piave - Impianti Marca Trevigiana", Aggiudicatario = true,
                    Members = [new() { ProvinceId = tv, Operator = alfa, Ruolo = "02-MANDATARIA" }, new() { ProvinceId = tv, Operator = beta, Ruolo = "01-MANDANTE" }],
                },
                Single(gamma),
                Single(foreign),
            ],
        });

        var mensa = P("Servizio di refezione scolastica per le scuole dell'infanzia e primarie, anni scolastici 2026/2027 - 2028/2029",
            conegliano, ContractType.Servizi, "6", "quality", "55523100-3", null, 1_980_000m, 9_900m, TenderPhase.Pubblicazione, new DateOnly(2026, 1, 15), "Dott.ssa Elena Dal Bo");
        mensa.Lots.Add(new Lot { ProvinceId = tv, Numero = 1, Cig = "B3A41F32FD", Oggetto = "Scuole dell'infanzia", ImportoCents = 79_200_000, StatoLotto = "PUBB" });
        mensa.Lots.Add(new Lot { ProvinceId = tv, Numero = 2, Cig = "B3A41F43D0", Oggetto = "Scuole primarie", ImportoCents = 118_800_000, StatoLotto = "PUBB" });
        mensa.Deadlines.Add(new ProcedureDeadline { ProvinceId = tv, Kind = DeadlineKind.ScadenzaOfferte, DueAtUtc = new DateTime(2026, 2, 20, 11, 0, 0, DateTimeKind.Utc), Note = "Offerte sulla piattaforma telematica della SUA" });
        mensa.Deadlines.Add(new ProcedureDeadline { ProvinceId = tv, Kind = DeadlineKind.Personalizzata, Titolo = "Prima seduta pubblica", DueAtUtc = new DateTime(2026, 2, 24, 8, 30, 0, DateTimeKind.Utc) });

        var arredi = P("Fornitura e posa di arredi per la nuova sala studio della biblioteca civica",
            montebelluna, ContractType.Forniture, "5", "price", "39150000-8", "E47B25000310004", 180_000m, 1_500m, TenderPhase.Affidamento, new DateOnly(2025, 10, 6), "Arch. Sara Pellizzari");
        arredi.DataAggiudicazione = new DateOnly(2025, 11, 28);
        arredi.Lots.Add(new Lot
        {
            ProvinceId = tv, Numero = 1, Cig = "B52C0105D8", Oggetto = "Lotto unico", ImportoCents = 18_000_000, StatoLotto = "AGG",
            ImportoAggiudicazioneCents = 16_218_000, RibassoPercent = 9.9m, Participations = [Single(epsilon, winner: true)],
        });

        var antincendio = P("Servizio di manutenzione degli impianti antincendio degli istituti scolastici provinciali, anno 2025",
            null, ContractType.Servizi, "10", null, "50413200-5", null, 95_000m, 0m, TenderPhase.Conclusa, new DateOnly(2025, 1, 20), "Per. Ind. Luca Zanatta");
        antincendio.DataAggiudicazione = new DateOnly(2025, 1, 31);
        antincendio.DataStipula = new DateOnly(2025, 2, 10);
        antincendio.DataInizioEsecuzione = new DateOnly(2025, 2, 15);
        antincendio.DataFineEsecuzione = new DateOnly(2025, 12, 31);
        antincendio.Esito = "selec-w";
        antincendio.Lots.Add(new Lot
        {
            ProvinceId = tv, Numero = 1, Cig = "B52C0116AB", Oggetto = "Lotto unico", ImportoCents = 9_500_000, StatoLotto = "SOTT_CONTR",
            ImportoAggiudicazioneCents = 9_215_000, RibassoPercent = 3m, SommeLiquidateCents = 9_215_000,
            DataInizio = new DateOnly(2025, 2, 15), DataUltimazione = new DateOnly(2025, 12, 31), Participations = [Single(zeta, winner: true)],
        });

        var riccati = P("Adeguamento sismico e miglioramento energetico dell'Istituto \"Riccati-Luzzatti\" di Treviso",
            null, ContractType.Lavori, "6", "quality", "45454100-5", "J42B25000080001", 2_400_000m, 72_000m, TenderPhase.Programmazione, null, "Ing. Marco Bortolin");

        var piazza = P("Riqualificazione di piazza Cima e delle vie adiacenti",
            conegliano, ContractType.Lavori, "5", "price", "45212200-8", null, 640_000m, 18_000m, TenderPhase.Progettazione, null, "Ing. Paolo Tonon");
        piazza.Lots.Add(new Lot { ProvinceId = tv, Numero = 1, Cig = "B61D7A05E1", Oggetto = "Lotto unico", ImportoCents = 64_000_000, StatoLotto = "IN_LAV" });

        db.Procedures.AddRange(sp248, mensa, arredi, antincendio, riccati, piazza);
        await db.SaveChangesAsync(ct);
    }
}
