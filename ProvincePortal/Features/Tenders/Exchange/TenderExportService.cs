using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// Writes a Province's register as an L.190 data set (one year, lots with a CIG) and as an OCDS 1.1.5 release package.
/// A lot that cannot be written validly (no L.190 procedure type, an invalid fiscal code) is left out and reported,
/// so that the file always validates against ANAC's XSD.
/// </summary>
public sealed class TenderExportService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser, IConfiguration configuration)
{
    /// <param name="codiceFiscaleProponente">Used for procedures without a committente's codice fiscale (the SUA's own one).</param>
    public async Task<ExportResult> ExportL190Async(string sigla, int anno, Stream output, string fileName, string? codiceFiscaleProponente = null, CancellationToken ct = default)
    {
        if (anno is < 2012 or > 2100) throw new ExchangeRequestException($"Anno {anno} non valido: il dataset L.190 esiste dal 2012.");
        if (codiceFiscaleProponente is { } cfp && CodiceFiscale.Check(cfp) is { } bad)
            throw new ExchangeRequestException("Codice fiscale della struttura proponente: " + bad);
        var (db, province) = await OpenAsync(sigla, ct);
        await using var _ = db;
        var comuni = await ComuneNamesAsync(db, province.Id, ct);
        // Flat, untracked projections (lots, then all their participants in one query): 10,000 lots as entity graphs
        // with Include took most of the export's time.
        var lots = await db.Lots.AsNoTracking()
            .Where(l => l.ProvinceId == province.Id && l.Cig != null && l.Procedure!.Anno == anno)
            .OrderBy(l => l.ProcedureId).ThenBy(l => l.Numero)
            .Select(l => new LotRow(l.Id, l.Cig!, l.Oggetto, l.ImportoAggiudicazioneCents, l.SommeLiquidateCents, l.DataInizio, l.DataUltimazione,
                l.Procedure!.CommittenteCodiceFiscale, l.Procedure.ComuneId, l.Procedure.SceltaContraente, l.Procedure.SceltaContraenteL190))
            .ToListAsync(ct);
        var members = (await db.ParticipationMembers.AsNoTracking()
            .Join(db.Participations.Where(p => p.Lot!.ProvinceId == province.Id && p.Lot.Cig != null && p.Lot.Procedure!.Anno == anno),
                m => m.ParticipationId, p => p.Id, (m, p) => new MemberRow(p.LotId, p.Id, p.Aggiudicatario, m.Id, m.Ruolo,
                    m.Operator!.CodiceFiscale, m.Operator.IdentificativoFiscaleEstero, m.Operator.Denominazione))
            .ToListAsync(ct)).ToLookup(m => m.LotId);

        var skipped = new List<string>();
        var written = new List<L190Lot>(lots.Count);
        foreach (var lot in lots)
        {
            var cf = lot.CommittenteCodiceFiscale ?? codiceFiscaleProponente;
            var scelta = lot.SceltaL190 is { } s && ProcedureTypeMap.IsL190Value(s) ? s : ProcedureTypeMap.L190FromPcp(lot.SceltaPcp);
            var (partecipanti, aggiudicatari) = Participants(members[lot.Id]);
            var badOperator = partecipanti.SelectMany(x => x.Members).FirstOrDefault(m =>
                m.Operator.CodiceFiscale is { } c ? !CodiceFiscale.IsValid(c) : string.IsNullOrWhiteSpace(m.Operator.IdentificativoFiscaleEstero));
            var reason = cf is null ? "manca il codice fiscale del committente (indicare quello della struttura proponente)"
                : !CodiceFiscale.IsValid(cf) ? $"codice fiscale del committente {cf} non valido"
                : scelta is null ? $"scelta del contraente «{lot.SceltaPcp}» senza corrispondente L.190"
                : badOperator is not null ? $"operatore «{badOperator.Operator.RagioneSociale}» senza codice fiscale valido né identificativo estero"
                : null;
            if (reason is not null) { skipped.Add($"CIG {lot.Cig}: {reason}."); continue; }
            written.Add(new L190Lot(lot.Cig, cf!, Committente(lot.ComuneId, province, comuni), lot.Oggetto, scelta!, partecipanti, aggiudicatari,
                (lot.ImportoAggiudicazioneCents ?? 0) / 100m, lot.DataInizio, lot.DataUltimazione, (lot.SommeLiquidateCents ?? 0) / 100m));
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var meta = new L190Metadata("Pubblicazione 1 legge 190", $"Pubblicazione 1 legge 190 anno {anno} rif. {anno}", today, province.DisplayName,
            today, anno, Uri.EscapeDataString(Path.GetFileName(fileName)), "IODL 2.0");
        L190Writer.Write(output, new L190Dataset(meta, written));
        return new ExportResult(written.Count, skipped);
    }

    public async Task<ExportResult> ExportOcdsAsync(string sigla, Stream output, CancellationToken ct = default)
    {
        var (db, province) = await OpenAsync(sigla, ct);
        await using var _ = db;
        var comuni = await ComuneNamesAsync(db, province.Id, ct);
        var lots = await LotsQuery(db, province.Id).ToListAsync(ct);
        var prefix = configuration["Gare:OcidPrefix"] is { Length: > 0 } configured ? configured : "ocds-pportal";
        var sua = "IT-PROV-" + province.Sigla;

        var processes = new List<OcdsProcess>();
        foreach (var group in lots.GroupBy(l => l.ProcedureId))
        {
            var p = group.First().Procedure!;
            var ocid = $"{prefix}-{province.Sigla}-{p.Id}";
            var buyerId = p.CommittenteCodiceFiscale is { } cf ? OcdsWriter.PartyId(cf, null) : sua;
            var parties = new Dictionary<string, (string Name, string? Cf, string? Foreign, HashSet<string> Roles)>
            {
                [sua] = (province.DisplayName, null, null, ["procuringEntity"]),
            };
            void Role(string id, string name, string? cf, string? foreign, string role)
            {
                if (!parties.TryGetValue(id, out var party)) parties[id] = party = (name, cf, foreign, []);
                party.Roles.Add(role);
            }
            Role(buyerId, Committente(p, province, comuni), p.CommittenteCodiceFiscale, null, "buyer");
            var tenderers = new List<string>();
            var awards = new List<OcdsAward>();
            foreach (var lot in group.OrderBy(l => l.Numero))
            {
                var winners = new List<string>();
                foreach (var participation in lot.Participations)
                    foreach (var m in participation.Members)
                    {
                        var id = OcdsWriter.PartyId(m.Operator!.CodiceFiscale, m.Operator.IdentificativoFiscaleEstero);
                        Role(id, m.Operator.Denominazione, m.Operator.CodiceFiscale, m.Operator.IdentificativoFiscaleEstero, "tenderer");
                        if (!tenderers.Contains(id)) tenderers.Add(id);
                        if (participation.Aggiudicatario) { Role(id, m.Operator.Denominazione, m.Operator.CodiceFiscale, m.Operator.IdentificativoFiscaleEstero, "supplier"); winners.Add(id); }
                    }
                if (winners.Count > 0)
                    awards.Add(new OcdsAward($"{ocid}-{lot.Cig}", lot.Cig!, lot.Oggetto, lot.ImportoAggiudicazioneCents, p.DataAggiudicazione, winners.Distinct().ToList(), lot.DataInizio, lot.DataUltimazione));
            }
            processes.Add(new OcdsProcess(ocid, $"{ocid}-{p.UpdatedAtUtc:yyyyMMddHHmmss}", p.UpdatedAtUtc, p.Oggetto, buyerId, sua,
                p.Tipo switch { ContractType.Lavori => "works", ContractType.Forniture => "goods", _ => "services" },
                p.SceltaContraente, p.SceltaContraenteL190 ?? TenderCodeLists.SceltaContraente.FirstOrDefault(c => c.Code == p.SceltaContraente)?.Label,
                p.ImportoBaseCents, p.DataPubblicazione,
                parties.Select(kv => new OcdsParty(kv.Key, kv.Value.Name, kv.Value.Cf, kv.Value.Foreign, kv.Value.Roles.Order().ToList())).ToList(),
                group.OrderBy(l => l.Numero).Select(l => new OcdsItem(l.Cig!, l.Oggetto, l.ImportoCents)).ToList(),
                tenderers, awards, p.Phase == TenderPhase.Conclusa));
        }
        if (processes.Count == 0)
            throw new ExchangeRequestException($"Nessuna procedura con CIG da esportare per la Provincia {province.Sigla}: il pacchetto OCDS richiede almeno un rilascio.");
        var baseUrl = configuration["Gare:PublicBaseUrl"] is { Length: > 0 } b ? b.TrimEnd('/') : "https://provinceportal.invalid";
        OcdsWriter.Write(output, new OcdsPackageInfo($"{baseUrl}/gare/ocds/{province.Sigla}/{DateTime.UtcNow:yyyyMMddHHmmss}", province.DisplayName, null, DateTime.UtcNow), processes);
        return new ExportResult(lots.Count, []);
    }

    private async Task<(PortalDbContext Db, Province Province)> OpenAsync(string sigla, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        var db = await factory.CreateDbContextAsync(ct);
        try
        {
            // Platform-wide scope before the first query: a context keeps the scope kind of its model (PortalDbContext.Scope).
            db.Scope = TenantScope.System with { UserId = user.UserId, UserName = user.UserName };
            var province = await TenderImportService.ProvinceFor(db, user, sigla, ct);
            return (db, province);
        }
        catch { await db.DisposeAsync(); throw; }
    }

    private sealed record LotRow(int Id, string Cig, string Oggetto, long? ImportoAggiudicazioneCents, long? SommeLiquidateCents,
        DateOnly? DataInizio, DateOnly? DataUltimazione, string? CommittenteCodiceFiscale, int? ComuneId, string SceltaPcp, string? SceltaL190);

    private sealed record MemberRow(int LotId, int ParticipationId, bool Aggiudicatario, int MemberId, string? Ruolo,
        string? CodiceFiscale, string? IdentificativoFiscaleEstero, string Denominazione);

    /// <summary>As <see cref="L190Mapping.Participants"/> does for a loaded lot: every participation a participant, the winners again.</summary>
    private static (List<L190Participant>, List<L190Participant>) Participants(IEnumerable<MemberRow> rows)
    {
        var all = rows.GroupBy(r => r.ParticipationId).OrderBy(g => g.Key).Select(g => (g.First().Aggiudicatario, Value: new L190Participant(
            g.OrderBy(m => m.MemberId).Select(m => new L190Member(new L190Operator(m.CodiceFiscale, m.IdentificativoFiscaleEstero, m.Denominazione), m.Ruolo)).ToList()))).ToList();
        return (all.Select(a => a.Value).ToList(), all.Where(a => a.Aggiudicatario).Select(a => a.Value).ToList());
    }

    private static IQueryable<Lot> LotsQuery(PortalDbContext db, int provinceId) =>
        db.Lots.AsNoTracking().Where(l => l.ProvinceId == provinceId && l.Cig != null)
            .Include(l => l.Procedure)
            .Include(l => l.Participations).ThenInclude(x => x.Members).ThenInclude(m => m.Operator)
            .OrderBy(l => l.ProcedureId).ThenBy(l => l.Numero)
            .AsSplitQuery();

    private static async Task<Dictionary<int, string>> ComuneNamesAsync(PortalDbContext db, int provinceId, CancellationToken ct) =>
        await db.Comuni.AsNoTracking().Where(c => c.ProvinceId == provinceId).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

    private static string Committente(Procedure p, Province province, Dictionary<int, string> comuni) => Committente(p.ComuneId, province, comuni);

    private static string Committente(int? comuneId, Province province, Dictionary<int, string> comuni) =>
        comuneId is int c && comuni.TryGetValue(c, out var name) ? $"Comune di {name}" : province.DisplayName;
}
