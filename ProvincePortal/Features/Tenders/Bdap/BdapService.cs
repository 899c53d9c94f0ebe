using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Tenders.Bdap;

public sealed record BdapYearPayment(int Anno, long ImportoCents);

public sealed record BdapAwardView(string Cig, string? Oggetto, long? ImportoBaseCents, long? ImportoAggiudicazioneCents, IReadOnlyList<string> Aggiudicatari);

/// <summary>A project as the procedure page shows it; PercentPaid is of the cost, null without a cost.</summary>
public sealed record BdapProjectView(
    string Cup, string? Titolo, string? SoggettoTitolare, string? Stato, string? FaseRaggiunta, long? CostoCents, long? FinanziamentoCents,
    long? FinanziamentoPubblicoCents, DateOnly? DataInizio, DateOnly? DataFine, string? Localizzazione,
    IReadOnlyList<BdapYearPayment> Payments, IReadOnlyList<BdapAwardView> Awards, IReadOnlyList<string> Sources, DateTime? LastImportUtc, bool ByCup)
{
    public long PaidCents => Payments.Sum(p => p.ImportoCents);
    public double? PercentPaid => CostoCents is > 0 ? Math.Round(100.0 * PaidCents / CostoCents.Value, 1) : null;
}

public sealed record BdapStateFigure(string Stato, int Projects, long CostoCents);

/// <summary>The dashboard block: procedures in scope with open data, and their projects' cost and payments.</summary>
public sealed record BdapDashboardFigures(int Procedures, int Projects, long CostoCents, long PaidCents, IReadOnlyList<BdapStateFigure> ByState)
{
    public double? PercentPaid => CostoCents > 0 ? Math.Round(100.0 * PaidCents / CostoCents, 1) : null;
}

/// <summary>
/// Reads the open data linked to the register. The link is a lookup, not a stored key: a project belongs to a procedure
/// of its Province with the same CUP, or with a lot whose CIG is one of the project's awards.
/// </summary>
public sealed class BdapService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    public const string NotStated = "Stato non indicato";

    /// <summary>The projects of a procedure the user may see; null when the procedure does not exist for the user.</summary>
    public async Task<IReadOnlyList<BdapProjectView>?> ForProcedureAsync(int procedureId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Tenders)) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var procedure = await TenderService.Visible(db, user).AsNoTracking().Where(p => p.Id == procedureId)
            .Select(p => new { p.ProvinceId, p.Cup, Cigs = p.Lots.Where(l => l.Cig != null).Select(l => l.Cig!).ToList() })
            .FirstOrDefaultAsync(ct);
        if (procedure is null) return null;
        var cup = procedure.Cup;
        var cigs = procedure.Cigs;
        var projects = await db.BdapProjects.AsNoTracking().AsSplitQuery()
            .Include(p => p.Payments).Include(p => p.Awards)
            .Where(p => p.ProvinceId == procedure.ProvinceId && ((cup != null && p.Cup == cup) || p.Awards.Any(a => cigs.Contains(a.Cig))))
            .OrderBy(p => p.Cup).Take(50).ToListAsync(ct);
        return projects.Select(p =>
        {
            var sources = new[] { (p.Fonte, p.ImportatoIlUtc) }
                .Concat(p.Awards.Select(a => (a.Fonte, a.ImportatoIlUtc))).Concat(p.Payments.Select(x => (x.Fonte, x.ImportatoIlUtc)))
                .Where(s => s.Fonte is not null).ToList();
            return new BdapProjectView(p.Cup, p.Titolo, p.SoggettoTitolare, p.Stato, p.FaseRaggiunta, p.CostoCents, p.FinanziamentoCents,
                p.FinanziamentoPubblicoCents, p.DataInizio, p.DataFine, p.Localizzazione,
                p.Payments.OrderBy(x => x.Anno).Select(x => new BdapYearPayment(x.Anno, x.ImportoCents)).ToList(),
                p.Awards.OrderBy(a => a.Cig).Select(a => new BdapAwardView(a.Cig, a.Oggetto, a.ImportoBaseCents, a.ImportoAggiudicazioneCents, a.Winners)).ToList(),
                sources.Select(s => s.Fonte!).Distinct().ToList(), sources.Max(s => s.ImportatoIlUtc), p.Cup == cup);
        }).ToList();
    }

    /// <summary>
    /// The dashboard figures over the procedures in scope (already narrowed to the user's Province, committente and
    /// year): all aggregates computed by the database.
    /// </summary>
    internal static async Task<BdapDashboardFigures> DashboardAsync(PortalDbContext db, IQueryable<Procedure> procedures, CancellationToken ct)
    {
        var lots = db.Lots.Where(l => l.Cig != null && procedures.Any(p => p.Id == l.ProcedureId));
        var projects = db.BdapProjects.Where(pr =>
            procedures.Any(p => p.Cup == pr.Cup && p.ProvinceId == pr.ProvinceId)
            || pr.Awards.Any(a => lots.Any(l => l.Cig == a.Cig && l.ProvinceId == pr.ProvinceId)));
        var linkedProcedures = await procedures.CountAsync(p => db.BdapProjects.Any(pr => pr.ProvinceId == p.ProvinceId
            && (pr.Cup == p.Cup || pr.Awards.Any(a => db.Lots.Any(l => l.ProcedureId == p.Id && l.Cig == a.Cig)))), ct);
        if (linkedProcedures == 0) return new BdapDashboardFigures(0, 0, 0, 0, []);
        var byState = await projects.GroupBy(pr => pr.Stato)
            .Select(g => new { Stato = g.Key, Count = g.Count(), Cost = g.Sum(x => x.CostoCents ?? 0) })
            .ToListAsync(ct);
        var paid = await db.BdapPayments.Where(x => projects.Any(pr => pr.Id == x.ProjectId)).SumAsync(x => (long?)x.ImportoCents, ct) ?? 0;
        var states = byState.Select(s => new BdapStateFigure(s.Stato ?? NotStated, s.Count, s.Cost))
            .OrderByDescending(s => s.Projects).ThenBy(s => s.Stato, StringComparer.Ordinal).ToList();
        return new BdapDashboardFigures(linkedProcedures, byState.Sum(s => s.Count), byState.Sum(s => s.Cost), paid, states);
    }
}
