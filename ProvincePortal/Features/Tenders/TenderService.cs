using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Tenders;

public sealed record TenderFilter(TenderPhase? Phase = null, ContractType? Tipo = null, int? ComuneId = null, bool SoloProvincia = false, string? Text = null, int? Anno = null);

public sealed record TenderRow(int Id, string Oggetto, ContractType Tipo, string SceltaContraente, string Committente, TenderPhase Phase,
    long ImportoBaseCents, int Anno, DateOnly? DataPubblicazione, string? PrimoCig, int Lotti);

public sealed record CommittenteOption(int? ComuneId, string Name);

/// <summary>A procedure with its lots (participations, members, operators) and deadlines, as read by the user; detached.</summary>
public sealed record TenderDetails(Procedure Procedure, string Committente, bool CanWrite, bool CanAdminister, IReadOnlyList<ThresholdFinding> Findings)
{
    public IReadOnlyList<string> MissingForNextPhase =>
        PhaseRules.Next(Procedure.Phase) is { } next ? PhaseRules.Missing(Procedure, next) : [];
}

public sealed record TenderSaved(int Id, int RowVersion, IReadOnlyList<ThresholdFinding> Findings);

/// <summary>
/// The SUA's register of procedures. Who sees what is decided here: the Province's SUA operators and administrators
/// write; Dirigenti read; a Comune's users read only the procedures of which their Comune is the committente; other
/// Provinces' records do not exist for the user (not found).
/// </summary>
public sealed class TenderService(PortalDbFactory dbFactory, CurrentUser currentUser, ThresholdRules thresholds, Hosting.FilterChoices choices)
{
    // ---------- Reading ----------

    /// <param name="knownTotal">The count of the same filter read moments ago (the list only pages): not counted again.</param>
    public async Task<(IReadOnlyList<TenderRow> Items, int Total)> ListAsync(TenderFilter filter, int page, int pageSize,
        string? sortBy = null, bool descending = false, CancellationToken ct = default, int? knownTotal = null)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var skip = Math.Max(0, page) * pageSize;
        var take = Math.Clamp(pageSize, 1, 200);
        if (sortBy is null && string.IsNullOrWhiteSpace(filter.Text) && SeesWholeProvince(user))
        {
            // The register as it opens, and narrowed by phase, type, committente or year: compiled queries, the page's
            // ids and rows in one statement.
            var (phase, tipo, comune, soloProvincia, anno) = RegisterArguments(filter);
            var total = knownTotal ?? await RegisterCount.For(db)(db, phase, tipo, comune, soloProvincia, anno, ct);
            if (skip >= total) return ([], total);
            var rows = await RegisterRows.For(db)(db, phase, tipo, comune, soloProvincia, anno, skip, take).ToListAsync(ct);
            return (await RowsOfAsync(rows, user, ct), total);
        }
        else
        {
            var q = Filtered(Visible(db, user), filter);
            var total = knownTotal ?? await q.CountAsync(ct);
            var ids = await Ordered(q, sortBy, descending).Skip(skip).Take(take).Select(p => p.Id).ToListAsync(ct);
            var rows = (await PageRows.For(db)(db, ids).ToListAsync(ct)).InOrderOf(ids, r => r.Id);
            return (await RowsOfAsync(rows, user, ct), total);
        }
    }

    private async Task<IReadOnlyList<TenderRow>> RowsOfAsync(IEnumerable<PageRow> page, PortalPrincipal user, CancellationToken ct)
    {
        var provinceName = await SharedProvinceNameAsync(user.ProvinceId ?? -1, ct);
        return page.Select(r => new TenderRow(r.Id, r.Oggetto, r.Tipo, r.SceltaContraente,
            r.Comune is null ? provinceName : $"Comune di {r.Comune}", r.Phase, r.ImportoBaseCents, r.Anno, r.DataPubblicazione, r.PrimoCig, r.Lotti)).ToList();
    }

    // The register's filters other than the text, as compiled queries: a null parameter is a filter not set, and EF leaves
    // its condition out of the SQL (it keeps one SQL per combination of null parameters), so each combination reads the
    // same indexes as Filtered's query; the order is the register's own (RegisterOrder). The condition, the order and the
    // row are parts written once (QueryParts). TenderServiceTests compares both with Filtered.
    internal static readonly CompiledPerModel<Func<PortalDbContext, TenderPhase?, ContractType?, int?, bool?, int?, CancellationToken, Task<int>>> RegisterCount = new(() =>
        EF.CompileAsyncQuery(QueryParts.Expand<Func<PortalDbContext, TenderPhase?, ContractType?, int?, bool?, int?, CancellationToken, int>>((db, phase, tipo, comune, soloProvincia, anno, ct) =>
            db.Procedures.Count(p => RegisterCondition.Invoke(p, phase, tipo, comune, soloProvincia, anno)))));

    /// <summary>
    /// A page of the register, its rows in its order, in one statement: the page's ids are a subquery (the register's
    /// condition and order read on the list index, cut by OFFSET/LIMIT) and only those rows are read whole.
    /// </summary>
    internal static Expression<Func<PortalDbContext, TenderPhase?, ContractType?, int?, bool?, int?, int, int, IQueryable<PageRow>>> RegisterRowsQuery =>
        QueryParts.Expand<Func<PortalDbContext, TenderPhase?, ContractType?, int?, bool?, int?, int, int, IQueryable<PageRow>>>((db, phase, tipo, comune, soloProvincia, anno, skip, take) =>
            RegisterOrder.Invoke(db.Procedures.AsNoTracking().Where(p =>
                    RegisterOrder.Invoke(db.Procedures.Where(x => RegisterCondition.Invoke(x, phase, tipo, comune, soloProvincia, anno)))
                        .Skip(skip).Take(take).Select(x => x.Id).Contains(p.Id)))
                .Select(p => RowOf.Invoke(db, p)));

    internal static readonly CompiledPerModel<Func<PortalDbContext, TenderPhase?, ContractType?, int?, bool?, int?, int, int, IAsyncEnumerable<PageRow>>> RegisterRows =
        new(() => EF.CompileAsyncQuery(RegisterRowsQuery));

    /// <summary>
    /// The register's filters other than the text, written once: for the compiled queries and for <see cref="Filtered"/>.
    /// A null argument is a filter not set. "Only the Province's" is <paramref name="soloProvincia"/> = true with no Comune.
    /// </summary>
    private static readonly Expression<Func<Procedure, TenderPhase?, ContractType?, int?, bool?, int?, bool>> RegisterCondition =
        (p, phase, tipo, comune, soloProvincia, anno) => (phase == null || p.Phase == phase) && (tipo == null || p.Tipo == tipo)
            && (comune == null || p.ComuneId == comune) && (soloProvincia == null || p.ComuneId == null) && (anno == null || p.Anno == anno);

    /// <summary>The register's own order: newest year, then publication, then number (the index IX_Procedures_List read backwards).</summary>
    private static readonly Expression<Func<IQueryable<Procedure>, IOrderedQueryable<Procedure>>> RegisterOrder =
        q => q.OrderByDescending(p => p.Anno).ThenByDescending(p => p.DataPubblicazione).ThenByDescending(p => p.Id);

    private static readonly Func<IQueryable<Procedure>, IOrderedQueryable<Procedure>> InRegisterOrder = RegisterOrder.Compile();

    /// <summary>A row of the list as read from the database.</summary>
    internal sealed record PageRow(int Id, string Oggetto, ContractType Tipo, string SceltaContraente, TenderPhase Phase, long ImportoBaseCents,
        int Anno, DateOnly? DataPubblicazione, string? Comune, string? PrimoCig, int Lotti);

    private static readonly Expression<Func<PortalDbContext, Procedure, PageRow>> RowOf = (db, p) =>
        new PageRow(p.Id, p.Oggetto, p.Tipo, p.SceltaContraente, p.Phase, p.ImportoBaseCents, p.Anno, p.DataPubblicazione,
            db.Comuni.Where(c => c.Id == p.ComuneId).Select(c => c.Name).FirstOrDefault(),
            p.Lots.OrderBy(l => l.Numero).Select(l => l.Cig).FirstOrDefault(),
            p.Lots.Count);

    /// <summary>The rows of a page by their ids (one array parameter), compiled: the same SQL and plan at every page.</summary>
    internal static readonly CompiledPerModel<Func<PortalDbContext, List<int>, IAsyncEnumerable<PageRow>>> PageRows = new(() =>
        EF.CompileAsyncQuery(QueryParts.Expand<Func<PortalDbContext, List<int>, IQueryable<PageRow>>>((db, ids) => db.Procedures.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => RowOf.Invoke(db, p)))));

    /// <summary>The arguments of <see cref="RegisterCondition"/> for a filter: "only the Province's" wins over a Comune.</summary>
    private static (TenderPhase?, ContractType?, int?, bool?, int?) RegisterArguments(TenderFilter filter) =>
        (filter.Phase, filter.Tipo, filter.SoloProvincia ? null : filter.ComuneId, filter.SoloProvincia ? true : null, filter.Anno);

    /// <summary>The register's filters (the list and its count).</summary>
    internal static IQueryable<Procedure> Filtered(IQueryable<Procedure> q, TenderFilter filter)
    {
        var (phase, tipo, comune, soloProvincia, anno) = RegisterArguments(filter);
        q = q.Where(QueryParts.Expand<Func<Procedure, bool>>(p => RegisterCondition.Invoke(p, phase, tipo, comune, soloProvincia, anno)));
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var t = filter.Text.Trim().ToLower();
            var code = Identifier.Normalize(filter.Text);
            q = q.Where(p => p.Oggetto.ToLower().Contains(t) || p.Cup == code || (p.Rup != null && p.Rup.ToLower().Contains(t))
                || p.Lots.Any(l => l.Cig == code));
        }
        return q;
    }

    /// <summary>
    /// The list's order: a column's, or the register's own (newest year, then publication, then number), which reads the
    /// index IX_Procedures_List backwards (TenantModelTests checks SQLite's plan of this very query).
    /// </summary>
    internal static IQueryable<Procedure> Ordered(IQueryable<Procedure> q, string? sortBy, bool descending) => (sortBy, descending) switch
    {
        ("Oggetto", false) => q.OrderBy(p => p.Oggetto),
        ("Oggetto", true) => q.OrderByDescending(p => p.Oggetto),
        ("ImportoBaseCents", false) => q.OrderBy(p => p.ImportoBaseCents),
        ("ImportoBaseCents", true) => q.OrderByDescending(p => p.ImportoBaseCents),
        ("Phase", false) => q.OrderBy(p => p.Phase).ThenByDescending(p => p.Id),
        ("Phase", true) => q.OrderByDescending(p => p.Phase).ThenByDescending(p => p.Id),
        ("DataPubblicazione", false) => q.OrderBy(p => p.DataPubblicazione).ThenBy(p => p.Id),
        _ => InRegisterOrder(q),
    };

    /// <summary>Null when the procedure does not exist or is not visible to the user.</summary>
    public async Task<TenderDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).AsNoTracking().AsSplitQuery()
            .Include(x => x.Lots).ThenInclude(l => l.Participations).ThenInclude(x => x.Members).ThenInclude(m => m.Operator)
            .Include(x => x.Deadlines)
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return null;
        p.Lots.Sort((a, b) => a.Numero.CompareTo(b.Numero));
        p.Deadlines.Sort((a, b) => a.DueAtUtc.CompareTo(b.DueAtUtc));
        var committente = p.ComuneId is int c
            ? "Comune di " + await db.Comuni.Where(x => x.Id == c).Select(x => x.Name).FirstAsync(ct)
            : await ProvinceNameAsync(db, user, ct, p.ProvinceId);
        return new TenderDetails(p, committente, CanWrite(user), CanAdminister(user), FindingsOf(p));
    }

    /// <summary>The possible committenti of a new procedure: the user's Province and its active Comuni.</summary>
    public async Task<IReadOnlyList<CommittenteOption>> ListCommittentiAsync(CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        var provinceId = user.ProvinceId ?? -1;
        int? onlyComune = user.IsInRole(Roles.ComuneUser) && !CanWrite(user) ? user.ComuneId ?? -1 : null;
        // Shared by the users of the Province (of the Comune): the Comuni of a territory change with an ISTAT import.
        return await choices.GetAsync(Hosting.FilterChoices.Committenti, (provinceId, onlyComune), async token =>
        {
            await using var db = await dbFactory.CreateAsync(token);
            var list = new List<CommittenteOption> { new(null, await SharedProvinceNameAsync(provinceId, token)) };
            var comuni = db.Comuni.AsNoTracking().Where(c => c.ProvinceId == provinceId && c.SuppressedOn == null);
            if (onlyComune is int comune) comuni = comuni.Where(c => c.Id == comune);
            list.AddRange(await comuni.OrderBy(c => c.Name).Select(c => new CommittenteOption(c.Id, "Comune di " + c.Name)).Take(1000).ToListAsync(token));
            return (IReadOnlyList<CommittenteOption>)list;
        }, ct);
    }

    /// <summary>The Province's name as committente, shared by all users (a public fact; it changes with an ISTAT import).</summary>
    private Task<string> SharedProvinceNameAsync(int provinceId, CancellationToken ct) =>
        choices.GetAsync(Hosting.FilterChoices.ProvinceName, provinceId, async token =>
        {
            await using var db = await dbFactory.CreateForSystemAsync(token);
            return await ProvinceNameOfAsync(db, provinceId, token);
        }, ct);

    public IReadOnlyList<ThresholdFinding> Check(ContractType tipo, string? scelta, decimal? importoBase, DateTime? dataPubblicazione) =>
        thresholds.Check(tipo, scelta, Money.ToCents(importoBase) ?? 0, Money.ToDate(dataPubblicazione) ?? Today);

    // ---------- Procedures ----------

    public async Task<TenderSaved> CreateAsync(TenderInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        Throw(TenderValidator.Validate(input));
        if (user.ProvinceId is not int provinceId) throw new TenderForbiddenException("Il suo profilo non è associato a una Provincia: non può creare procedure.");
        await using var db = await dbFactory.CreateAsync(ct);
        await CheckComuneAsync(db, provinceId, input.ComuneId, ct);
        var now = DateTime.UtcNow;
        var p = new Procedure { ProvinceId = provinceId, CreatedAtUtc = now, Phase = TenderPhase.Programmazione };
        Apply(p, input, now);
        db.Procedures.Add(p);
        await db.SaveChangesAsync(ct);
        return new TenderSaved(p.Id, p.RowVersion, FindingsOf(p));
    }

    public async Task<TenderSaved> UpdateAsync(int id, TenderInput input, int rowVersion, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        Throw(TenderValidator.Validate(input));
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new TenderNotFoundException();
        await CheckComuneAsync(db, p.ProvinceId, input.ComuneId, ct);
        Apply(p, input, DateTime.UtcNow);
        await SaveProcedureAsync(db, p, rowVersion, ct);
        return new TenderSaved(p.Id, p.RowVersion, FindingsOf(p));
    }

    /// <summary>Moves to the next phase when the procedure has what that phase needs; otherwise says what is missing.</summary>
    public async Task<TenderSaved> AdvancePhaseAsync(int id, int rowVersion, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).Include(x => x.Lots).ThenInclude(l => l.Participations).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new TenderNotFoundException();
        var next = PhaseRules.Next(p.Phase) ?? throw new TenderValidationException("Phase", "La procedura è già conclusa.");
        var missing = PhaseRules.Missing(p, next);
        if (missing.Count > 0)
            throw new TenderValidationException("Phase", $"Per passare alla fase «{PhaseRules.Label(next)}» mancano: {string.Join(", ", missing)}.");
        p.Phase = next;
        p.MotivoCambioFase = null;
        p.UpdatedAtUtc = DateTime.UtcNow;
        await SaveProcedureAsync(db, p, rowVersion, ct);
        return new TenderSaved(p.Id, p.RowVersion, FindingsOf(p));
    }

    /// <summary>An administrator moves a procedure back to an earlier phase, saying why (kept in the audit trail).</summary>
    public async Task<TenderSaved> MovePhaseBackAsync(int id, TenderPhase target, string reason, int rowVersion, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        if (!CanAdminister(user)) throw new TenderForbiddenException("Solo un amministratore può riportare una procedura a una fase precedente.");
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new TenderNotFoundException();
        if (target >= p.Phase || !Enum.IsDefined(target))
            throw new TenderValidationException("Phase", "Si può tornare solo a una fase precedente a quella attuale.");
        if (string.IsNullOrWhiteSpace(reason))
            throw new TenderValidationException("MotivoCambioFase", "Indicare il motivo del ritorno alla fase precedente.");
        p.Phase = target;
        p.MotivoCambioFase = reason.Trim();
        p.UpdatedAtUtc = DateTime.UtcNow;
        await SaveProcedureAsync(db, p, rowVersion, ct);
        return new TenderSaved(p.Id, p.RowVersion, FindingsOf(p));
    }

    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        if (!CanAdminister(user)) throw new TenderForbiddenException("Solo un amministratore può eliminare una procedura.");
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).Include(x => x.Lots).ThenInclude(l => l.Participations).ThenInclude(x => x.Members)
            .Include(x => x.Deadlines).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new TenderNotFoundException();
        db.Procedures.Remove(p);
        await db.SaveChangesAsync(ct);
    }

    // ---------- Lots ----------

    public async Task<int> AddLotAsync(int procedureId, LotInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        Throw(TenderValidator.Validate(input));
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).Include(x => x.Lots).FirstOrDefaultAsync(x => x.Id == procedureId, ct) ?? throw new TenderNotFoundException();
        var lot = new Lot { ProvinceId = p.ProvinceId, ProcedureId = p.Id };
        ApplyLot(lot, input, input.Numero ?? (p.Lots.Count == 0 ? 1 : p.Lots.Max(l => l.Numero) + 1));
        if (p.Lots.Any(l => l.Numero == lot.Numero)) throw new TenderValidationException(nameof(LotInput.Numero), $"Il lotto {lot.Numero} esiste già in questa procedura.");
        await CheckCigAsync(lot.Cig, null, ct);
        p.Lots.Add(lot);
        Touch(p);
        await SaveCigAsync(db, lot.Cig, ct);
        return lot.Id;
    }

    public async Task<int> UpdateLotAsync(int lotId, LotInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        Throw(TenderValidator.Validate(input));
        await using var db = await dbFactory.CreateAsync(ct);
        var lot = await VisibleLots(db, user).Include(l => l.Procedure!).ThenInclude(p => p.Lots).FirstOrDefaultAsync(l => l.Id == lotId, ct)
            ?? throw new TenderNotFoundException();
        ApplyLot(lot, input, input.Numero ?? lot.Numero);
        if (lot.Procedure!.Lots.Any(l => l.Id != lot.Id && l.Numero == lot.Numero))
            throw new TenderValidationException(nameof(LotInput.Numero), $"Il lotto {lot.Numero} esiste già in questa procedura.");
        await CheckCigAsync(lot.Cig, lot.Id, ct);
        db.Entry(lot).Property(l => l.RowVersion).OriginalValue = input.RowVersion;
        lot.RowVersion = input.RowVersion + 1;
        Touch(lot.Procedure);
        try { await SaveCigAsync(db, lot.Cig, ct); }
        catch (DbUpdateConcurrencyException) { throw new TenderConcurrencyException(TenderConcurrencyException.LotChanged); }
        return lot.RowVersion;
    }

    public async Task RemoveLotAsync(int lotId, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var lot = await VisibleLots(db, user).Include(l => l.Procedure).Include(l => l.Participations).ThenInclude(x => x.Members)
            .FirstOrDefaultAsync(l => l.Id == lotId, ct) ?? throw new TenderNotFoundException();
        if (lot.Procedure!.Phase >= TenderPhase.Pubblicazione && !CanAdminister(user))
            throw new TenderForbiddenException("Dopo la pubblicazione solo un amministratore può eliminare un lotto.");
        db.Lots.Remove(lot);
        Touch(lot.Procedure);
        await db.SaveChangesAsync(ct);
    }

    // ---------- Participants and winners ----------

    public async Task<int> AddParticipationAsync(int lotId, ParticipationInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        Throw(TenderValidator.Validate(input));
        await using var db = await dbFactory.CreateAsync(ct);
        var lot = await VisibleLots(db, user).Include(l => l.Procedure).FirstOrDefaultAsync(l => l.Id == lotId, ct) ?? throw new TenderNotFoundException();
        var participation = new Participation { ProvinceId = lot.ProvinceId, LotId = lot.Id };
        await ApplyAsync(db, participation, input, ct);
        db.Participations.Add(participation);
        Touch(lot.Procedure!);
        await db.SaveChangesAsync(ct);
        return participation.Id;
    }

    /// <summary>
    /// Replaces name, winner flag and members of a participation (members matched to the register by their fiscal code,
    /// as when adding); the lot stays the same.
    /// </summary>
    public async Task UpdateParticipationAsync(int participationId, ParticipationInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        Throw(TenderValidator.Validate(input));
        await using var db = await dbFactory.CreateAsync(ct);
        var x = await VisibleParticipations(db, user).Include(p => p.Members).Include(p => p.Lot!).ThenInclude(l => l.Procedure)
            .FirstOrDefaultAsync(p => p.Id == participationId, ct) ?? throw new TenderNotFoundException();
        db.ParticipationMembers.RemoveRange(x.Members);
        x.Members.Clear();
        await ApplyAsync(db, x, input, ct);
        Touch(x.Lot!.Procedure!);
        await db.SaveChangesAsync(ct);
    }

    private static async Task ApplyAsync(PortalDbContext db, Participation participation, ParticipationInput input, CancellationToken ct)
    {
        participation.Aggiudicatario = input.Aggiudicatario;
        participation.NomeRaggruppamento = string.IsNullOrWhiteSpace(input.NomeRaggruppamento) ? null : input.NomeRaggruppamento.Trim();
        var group = input.Members.Count > 1 || participation.NomeRaggruppamento is not null;
        var seen = new HashSet<EconomicOperator>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < input.Members.Count; k++)
        {
            var m = input.Members[k];
            var op = await OperatorAsync(db, participation.ProvinceId, m, ct);
            if (!seen.Add(op))
                throw new TenderValidationException($"Members[{k}].{nameof(MemberInput.CodiceFiscale)}", "Lo stesso operatore compare due volte nel raggruppamento.");
            participation.Members.Add(new ParticipationMember { ProvinceId = participation.ProvinceId, Operator = op, Ruolo = group ? m.Ruolo : null });
        }
    }

    public async Task SetWinnerAsync(int participationId, bool winner, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var x = await VisibleParticipations(db, user).Include(p => p.Lot!).ThenInclude(l => l.Procedure).FirstOrDefaultAsync(p => p.Id == participationId, ct)
            ?? throw new TenderNotFoundException();
        x.Aggiudicatario = winner;
        Touch(x.Lot!.Procedure!);
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveParticipationAsync(int participationId, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var x = await VisibleParticipations(db, user).Include(p => p.Members).Include(p => p.Lot!).ThenInclude(l => l.Procedure)
            .FirstOrDefaultAsync(p => p.Id == participationId, ct) ?? throw new TenderNotFoundException();
        db.Participations.Remove(x);
        Touch(x.Lot!.Procedure!);
        await db.SaveChangesAsync(ct);
    }

    // ---------- Deadlines ----------

    public async Task<int> AddDeadlineAsync(int procedureId, DeadlineInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        Throw(TenderValidator.Validate(input));
        await using var db = await dbFactory.CreateAsync(ct);
        var p = await Visible(db, user).FirstOrDefaultAsync(x => x.Id == procedureId, ct) ?? throw new TenderNotFoundException();
        var d = new ProcedureDeadline { ProvinceId = p.ProvinceId, ProcedureId = p.Id };
        ApplyDeadline(d, input);
        db.ProcedureDeadlines.Add(d);
        Touch(p);
        await db.SaveChangesAsync(ct);
        return d.Id;
    }

    public async Task UpdateDeadlineAsync(int deadlineId, DeadlineInput input, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        Throw(TenderValidator.Validate(input));
        await using var db = await dbFactory.CreateAsync(ct);
        var d = await db.ProcedureDeadlines.FirstOrDefaultAsync(x => x.Id == deadlineId && Visible(db, user).Any(p => p.Id == x.ProcedureId), ct)
            ?? throw new TenderNotFoundException();
        ApplyDeadline(d, input);
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveDeadlineAsync(int deadlineId, CancellationToken ct = default)
    {
        var user = await WriterAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var d = await db.ProcedureDeadlines.FirstOrDefaultAsync(x => x.Id == deadlineId && Visible(db, user).Any(p => p.Id == x.ProcedureId), ct)
            ?? throw new TenderNotFoundException();
        db.ProcedureDeadlines.Remove(d);
        await db.SaveChangesAsync(ct);
    }

    // ---------- Helpers ----------

    public static bool CanWrite(PortalPrincipal u) => u.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.SuaOperator);
    public static bool CanAdminister(PortalPrincipal u) => u.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin);

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Formats.Rome));

    private async Task<PortalPrincipal> ReaderAsync()
    {
        var user = await currentUser.GetAsync();
        // Without the section's policy the register does not exist for the user.
        if (!user.Satisfies(Policies.Tenders)) throw new TenderNotFoundException();
        return user;
    }

    private async Task<PortalPrincipal> WriterAsync()
    {
        var user = await ReaderAsync();
        if (!CanWrite(user)) throw new TenderForbiddenException("Il suo ruolo consente di consultare le gare, non di modificarle.");
        return user;
    }

    /// <summary>The procedures of the user's Province (tenant filter), narrowed to its Comune for a Comune's user.</summary>
    internal static IQueryable<Procedure> Visible(PortalDbContext db, PortalPrincipal user)
    {
        IQueryable<Procedure> q = db.Procedures;
        if (!SeesWholeProvince(user))
        {
            var comuneId = user.ComuneId ?? -1;
            q = q.Where(p => p.ComuneId == comuneId);
        }
        return q;
    }

    /// <summary>False for a Comune's user, who sees only the procedures of their Comune.</summary>
    internal static bool SeesWholeProvince(PortalPrincipal user) =>
        !(user.IsInRole(Roles.ComuneUser) && !CanWrite(user) && !user.IsInRole(Roles.Manager));

    private static IQueryable<Lot> VisibleLots(PortalDbContext db, PortalPrincipal user) =>
        db.Lots.Where(l => Visible(db, user).Any(p => p.Id == l.ProcedureId));

    private static IQueryable<Participation> VisibleParticipations(PortalDbContext db, PortalPrincipal user) =>
        db.Participations.Where(x => VisibleLots(db, user).Any(l => l.Id == x.LotId));

    internal static Task<string> ProvinceNameAsync(PortalDbContext db, PortalPrincipal user, CancellationToken ct, int? provinceId = null) =>
        ProvinceNameOfAsync(db, provinceId ?? user.ProvinceId ?? -1, ct);

    private static async Task<string> ProvinceNameOfAsync(PortalDbContext db, int id, CancellationToken ct)
    {
        var p = await db.Provinces.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.Type, x.Name }).FirstOrDefaultAsync(ct);
        return p is null ? "Provincia" : Territory.Province.DisplayNameOf(p.Type, p.Name);
    }

    private static async Task CheckComuneAsync(PortalDbContext db, int provinceId, int? comuneId, CancellationToken ct)
    {
        if (comuneId is int c && !await db.Comuni.AnyAsync(x => x.Id == c && x.ProvinceId == provinceId, ct))
            throw new TenderValidationException(nameof(TenderInput.ComuneId), "Il Comune committente non appartiene al territorio della Provincia.");
    }

    private static void Apply(Procedure p, TenderInput i, DateTime now)
    {
        p.ComuneId = i.ComuneId;
        p.CommittenteCodiceFiscale = Clean(i.CommittenteCodiceFiscale);
        p.Oggetto = i.Oggetto!.Trim();
        p.Tipo = i.Tipo;
        p.SceltaContraente = i.SceltaContraente!;
        p.SceltaContraenteL190 = string.IsNullOrEmpty(i.SceltaContraenteL190) ? null : i.SceltaContraenteL190;
        p.Criterio = NullIfEmpty(i.Criterio);
        p.StatoAppalto = NullIfEmpty(i.StatoAppalto);
        p.Esito = NullIfEmpty(i.Esito);
        p.Cpv = Clean(i.Cpv);
        p.Cup = Clean(i.Cup);
        p.ImportoBaseCents = Money.ToCents(i.ImportoBase) ?? 0;
        p.OneriSicurezzaCents = Money.ToCents(i.OneriSicurezza) ?? 0;
        p.Rup = string.IsNullOrWhiteSpace(i.Rup) ? null : i.Rup.Trim();
        p.RupCodiceFiscale = Clean(i.RupCodiceFiscale);
        p.DataPubblicazione = Money.ToDate(i.DataPubblicazione);
        p.DataAggiudicazione = Money.ToDate(i.DataAggiudicazione);
        p.DataStipula = Money.ToDate(i.DataStipula);
        p.DataInizioEsecuzione = Money.ToDate(i.DataInizioEsecuzione);
        p.DataFineEsecuzione = Money.ToDate(i.DataFineEsecuzione);
        p.Note = string.IsNullOrWhiteSpace(i.Note) ? null : i.Note.Trim();
        p.Anno = p.DataPubblicazione?.Year ?? p.CreatedAtUtc.Year;
        p.UpdatedAtUtc = now;
    }

    private static void ApplyLot(Lot lot, LotInput i, int numero)
    {
        lot.Numero = numero;
        lot.Cig = Clean(i.Cig);
        lot.Oggetto = i.Oggetto!.Trim();
        lot.ImportoCents = Money.ToCents(i.Importo) ?? 0;
        lot.StatoLotto = NullIfEmpty(i.StatoLotto);
        lot.ImportoAggiudicazioneCents = Money.ToCents(i.ImportoAggiudicazione);
        lot.RibassoPercent = i.RibassoPercent;
        lot.SommeLiquidateCents = Money.ToCents(i.SommeLiquidate);
        lot.DataInizio = Money.ToDate(i.DataInizio);
        lot.DataUltimazione = Money.ToDate(i.DataUltimazione);
    }

    private static void ApplyDeadline(ProcedureDeadline d, DeadlineInput i)
    {
        d.Kind = i.Kind;
        d.Titolo = string.IsNullOrWhiteSpace(i.Titolo) ? null : i.Titolo.Trim();
        d.Note = string.IsNullOrWhiteSpace(i.Note) ? null : i.Note.Trim();
        var local = i.Data!.Value.Date + (i.Ora ?? new TimeSpan(12, 0, 0));
        d.DueAtUtc = Formats.RomeToUtc(local);
    }

    private static void Touch(Procedure p) => p.UpdatedAtUtc = DateTime.UtcNow;

    private static string? Clean(string? code) => string.IsNullOrWhiteSpace(code) ? null : Identifier.Normalize(code);
    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private IReadOnlyList<ThresholdFinding> FindingsOf(Procedure p) =>
        thresholds.Check(p.Tipo, p.SceltaContraente, p.ImportoBaseCents, p.DataPubblicazione ?? Today);

    private static void Throw(Dictionary<string, string> errors)
    {
        if (errors.Count > 0) throw new TenderValidationException(errors);
    }

    private static async Task SaveProcedureAsync(PortalDbContext db, Procedure p, int rowVersion, CancellationToken ct)
    {
        // The version the user loaded is the one the UPDATE must find; a different one means someone saved meanwhile.
        db.Entry(p).Property(x => x.RowVersion).OriginalValue = rowVersion;
        p.RowVersion = rowVersion + 1;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new TenderConcurrencyException(TenderConcurrencyException.ProcedureChanged); }
    }

    /// <summary>A CIG belongs to one lot in the whole platform: checked across every Province, without naming other Provinces' records.</summary>
    private async Task CheckCigAsync(string? cig, int? lotId, CancellationToken ct)
    {
        if (cig is null) return;
        await using var system = await dbFactory.CreateForSystemAsync(ct);
        var other = await system.Lots.AsNoTracking().Where(l => l.Cig == cig && l.Id != lotId)
            .Select(l => new { l.ProvinceId, l.Numero, l.Procedure!.Oggetto }).FirstOrDefaultAsync(ct);
        if (other is null) return;
        var user = await currentUser.GetAsync();
        throw new TenderValidationException(nameof(LotInput.Cig), other.ProvinceId == user.ProvinceId || user.IsPlatformAdmin
            ? $"Il CIG {cig} è già assegnato al lotto {other.Numero} della procedura «{Shorten(other.Oggetto)}»: un CIG appartiene a un solo lotto."
            : $"Il CIG {cig} è già registrato sulla piattaforma per un'altra procedura: un CIG appartiene a un solo lotto.");
    }

    /// <summary>Saves; a unique-index violation on the CIG (two saves at once) becomes the same Italian message.</summary>
    private static async Task SaveCigAsync(PortalDbContext db, string? cig, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && cig is not null)
        {
            throw new TenderValidationException(nameof(LotInput.Cig), $"Il CIG {cig} è già registrato sulla piattaforma: un CIG appartiene a un solo lotto.");
        }
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "…";

    /// <summary>The Province's operator with that codice fiscale (or foreign id), created on first use.</summary>
    private static async Task<EconomicOperator> OperatorAsync(PortalDbContext db, int provinceId, MemberInput m, CancellationToken ct)
    {
        var cf = Clean(m.CodiceFiscale);
        var foreign = string.IsNullOrWhiteSpace(m.IdentificativoFiscaleEstero) ? null : m.IdentificativoFiscaleEstero.Trim().ToUpperInvariant();
        var existing = cf is not null
            ? await db.EconomicOperators.FirstOrDefaultAsync(o => o.ProvinceId == provinceId && o.CodiceFiscale == cf, ct)
            : await db.EconomicOperators.FirstOrDefaultAsync(o => o.ProvinceId == provinceId && o.IdentificativoFiscaleEstero == foreign, ct);
        if (existing is not null)
        {
            var name = m.Denominazione!.Trim();
            if (existing.Denominazione != name) existing.Denominazione = name;
            return existing;
        }
        var op = new EconomicOperator
        {
            ProvinceId = provinceId, Denominazione = m.Denominazione!.Trim(), CodiceFiscale = cf, IdentificativoFiscaleEstero = foreign,
            CreatedAtUtc = DateTime.UtcNow,
        };
        db.EconomicOperators.Add(op);
        return op;
    }
}
