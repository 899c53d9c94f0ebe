using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Reports;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Formazione;

/// <summary>ComuneId 0 = the Province's own staff (users without a Comune).</summary>
public sealed record FormazioneFilter(int? ProvinceId = null, ServizioFormazione? Servizio = null, int? ComuneId = null, int? CorsoId = null)
{
    public const int ProvinceStaff = 0;
}

public sealed record RateRow(string Label, int Enrolled, int Completed)
{
    /// <summary>Completed over enrolled, in percent points (0 when nobody is enrolled).</summary>
    public double Rate => Enrolled == 0 ? 0 : Math.Round(100.0 * Completed / Enrolled, 1);
}

public sealed record CourseRateRow(int CorsoId, string Title, ServizioFormazione Servizio, int Enrolled, int Completed, DateTime? LastSyncOkUtc, string? LastSyncError)
{
    public double Rate => Enrolled == 0 ? 0 : Math.Round(100.0 * Completed / Enrolled, 1);
}

public sealed record EsitoPersona(string FullName, string Email, string Unit, string Course, ServizioFormazione Servizio, EsitoCompletamento Esito,
    DateTime? CompletedAtUtc, decimal? Grade, decimal? GradeMax);

public sealed record FormazioneDashboard(int ProvinceId, string Organisation, DateTime GeneratedAtUtc, FormazioneFilter Filter, int People, int Enrolled, int Completed,
    IReadOnlyList<RateRow> ByService, IReadOnlyList<RateRow> ByComune, IReadOnlyList<CourseRateRow> ByCourse)
{
    public double Rate => Enrolled == 0 ? 0 : Math.Round(100.0 * Completed / Enrolled, 1);
}

/// <summary>
/// The training dashboard of one Province: who completed what, by service, by Comune (the users' Comune; the Province's own
/// staff under the Province) and by course. Every query reads the records of that Province only, through a tenant-scoped context.
/// </summary>
public sealed class FormazioneDashboardService(PortalDbFactory dbFactory, CurrentUser currentUser, TimeProvider clock)
{
    private sealed record Scoped(PortalDbContext Db, int ProvinceId, string Organisation) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    /// <summary>The Province of the dashboard: a platform administrator may choose any, everyone else has their own (another one is "not found").</summary>
    private async Task<Scoped> OpenAsync(FormazioneFilter filter, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Training)) throw new FormazioneForbiddenException("Il suo ruolo non consente di aprire il cruscotto della formazione.");
        int provinceId;
        if (user.IsPlatformAdmin) provinceId = filter.ProvinceId ?? user.ProvinceId ?? throw new FormazioneValidationException("Provincia", "Scegliere una Provincia.");
        else if (user.ProvinceId is not int own || (filter.ProvinceId is int asked && asked != own)) throw new FormazioneNotFoundException();
        else provinceId = own;
        var db = await dbFactory.CreateAsync(ct);
        var province = await db.Provinces.AsNoTracking().Where(p => p.Id == provinceId).Select(p => new { p.Type, p.Name }).FirstOrDefaultAsync(ct);
        if (province is null)
        {
            await db.DisposeAsync();
            throw new FormazioneNotFoundException();
        }
        return new Scoped(db, provinceId, Province.DisplayNameOf(province.Type, province.Name));
    }

    private static IQueryable<Row> Rows(PortalDbContext db, int provinceId, FormazioneFilter f)
    {
        var query = from e in db.Set<EsitoFormazione>().AsNoTracking()
                    where e.ProvinceId == provinceId
                    join c in db.Set<CorsoFormazione>() on e.CorsoFormazioneId equals c.Id
                    join u in db.Users on e.UserId equals u.Id
                    select new Row { Esito = e.Esito, UserId = e.UserId, Servizio = c.Servizio, CorsoId = c.Id, ComuneId = u.ComuneId };
        if (f.Servizio is { } s) query = query.Where(r => r.Servizio == s);
        if (f.CorsoId is int corso) query = query.Where(r => r.CorsoId == corso);
        if (f.ComuneId == FormazioneFilter.ProvinceStaff) query = query.Where(r => r.ComuneId == null);
        else if (f.ComuneId is int comune) query = query.Where(r => r.ComuneId == comune);
        return query;
    }

    private sealed class Row
    {
        public EsitoCompletamento Esito { get; init; }
        public string UserId { get; init; } = "";
        public ServizioFormazione Servizio { get; init; }
        public int CorsoId { get; init; }
        public int? ComuneId { get; init; }
    }

    public async Task<FormazioneDashboard> GetAsync(FormazioneFilter filter, CancellationToken ct = default)
    {
        await using var scoped = await OpenAsync(filter, ct);
        var db = scoped.Db;
        var rows = Rows(db, scoped.ProvinceId, filter);
        var groups = await rows.GroupBy(r => new { r.Servizio, r.CorsoId, r.ComuneId, Done = r.Esito == EsitoCompletamento.Completato })
            .Select(g => new { g.Key.Servizio, g.Key.CorsoId, g.Key.ComuneId, g.Key.Done, Count = g.Count() }).ToListAsync(ct);
        var people = await rows.Select(r => r.UserId).Distinct().CountAsync(ct);

        var byService = Enum.GetValues<ServizioFormazione>().Where(s => filter.Servizio is null || filter.Servizio == s)
            .Select(s => new RateRow(FormazioneLabels.Label(s), groups.Where(g => g.Servizio == s).Sum(g => g.Count), groups.Where(g => g.Servizio == s && g.Done).Sum(g => g.Count)))
            .ToList();

        var comuneIds = groups.Where(g => g.ComuneId != null).Select(g => g.ComuneId!.Value).Distinct().ToList();
        var comuni = await db.Comuni.AsNoTracking().Where(c => comuneIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var byComune = groups.GroupBy(g => g.ComuneId)
            .Select(g => new RateRow(g.Key is int id ? comuni.GetValueOrDefault(id, "?") : $"{scoped.Organisation} (personale)", g.Sum(x => x.Count), g.Where(x => x.Done).Sum(x => x.Count)))
            .OrderBy(r => r.Label.StartsWith(scoped.Organisation, StringComparison.Ordinal) ? 0 : 1).ThenBy(r => r.Label, StringComparer.Create(Localization.Formats.Italian, true))
            .ToList();

        // Every catalogue course the Province sees, also those nobody has started (a 0 % is worth seeing).
        var courseQuery = db.Set<CorsoFormazione>().AsNoTracking().Where(c => c.Active
            && (!c.MoodleInstance!.Provinces.Any() || c.MoodleInstance.Provinces.Any(p => p.ProvinceId == scoped.ProvinceId))
            && (c.ProvinceId == null || c.ProvinceId == scoped.ProvinceId));
        if (filter.Servizio is { } sv) courseQuery = courseQuery.Where(c => c.Servizio == sv);
        if (filter.CorsoId is int ci) courseQuery = courseQuery.Where(c => c.Id == ci);
        var courses = await courseQuery.Select(c => new { c.Id, c.Title, c.Servizio, c.LastSyncOkUtc, c.LastSyncError }).ToListAsync(ct);
        var byCourse = courses
            .Select(c => new CourseRateRow(c.Id, c.Title, c.Servizio, groups.Where(g => g.CorsoId == c.Id).Sum(g => g.Count), groups.Where(g => g.CorsoId == c.Id && g.Done).Sum(g => g.Count),
                c.LastSyncOkUtc, c.LastSyncError))
            .OrderBy(c => c.Servizio).ThenBy(c => c.Title, StringComparer.Create(Localization.Formats.Italian, true)).ToList();

        return new FormazioneDashboard(scoped.ProvinceId, scoped.Organisation, clock.GetUtcNow().UtcDateTime, filter with { ProvinceId = scoped.ProvinceId }, people,
            groups.Sum(g => g.Count), groups.Where(g => g.Done).Sum(g => g.Count), byService, byComune, byCourse);
    }

    /// <summary>Who completed what, one row per person and course, paged (the Excel export asks for everything).</summary>
    public async Task<(IReadOnlyList<EsitoPersona> Items, int Total)> ListPeopleAsync(FormazioneFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var scoped = await OpenAsync(filter, ct);
        var db = scoped.Db;
        var query = from e in db.Set<EsitoFormazione>().AsNoTracking()
                    where e.ProvinceId == scoped.ProvinceId
                    join c in db.Set<CorsoFormazione>() on e.CorsoFormazioneId equals c.Id
                    join u in db.Users on e.UserId equals u.Id
                    join co in db.Comuni on u.ComuneId equals co.Id into comuni
                    from co in comuni.DefaultIfEmpty()
                    select new { e, c.Title, c.Servizio, u.FullName, u.Email, u.ComuneId, Comune = co == null ? null : co.Name };
        if (filter.Servizio is { } s) query = query.Where(r => r.Servizio == s);
        if (filter.CorsoId is int corso) query = query.Where(r => r.e.CorsoFormazioneId == corso);
        if (filter.ComuneId == FormazioneFilter.ProvinceStaff) query = query.Where(r => r.ComuneId == null);
        else if (filter.ComuneId is int comune) query = query.Where(r => r.ComuneId == comune);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.FullName).ThenBy(r => r.Title).ThenBy(r => r.e.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(ct);
        return (rows.Select(r => new EsitoPersona(r.FullName, r.Email ?? "", r.Comune ?? $"{scoped.Organisation} (personale)", r.Title, r.Servizio, r.e.Esito,
            r.e.CompletedAtUtc, r.e.Grade, r.e.GradeMax)).ToList(), total);
    }

    /// <summary>Comuni of the Province that have people in the records, for the filter.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> ListComuniAsync(int? provinceId, CancellationToken ct = default)
    {
        await using var scoped = await OpenAsync(new FormazioneFilter(provinceId), ct);
        var ids = await (from e in scoped.Db.Set<EsitoFormazione>().AsNoTracking()
                         where e.ProvinceId == scoped.ProvinceId
                         join u in scoped.Db.Users on e.UserId equals u.Id
                         where u.ComuneId != null
                         select u.ComuneId!.Value).Distinct().ToListAsync(ct);
        var comuni = await scoped.Db.Comuni.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return comuni.OrderBy(c => c.Name).Select(c => (c.Id, c.Name)).ToList();
    }

    public async Task<byte[]> ExcelAsync(FormazioneFilter filter, CancellationToken ct = default)
    {
        var d = await GetAsync(filter, ct);
        var (people, _) = await ListPeopleAsync(d.Filter, 0, int.MaxValue, ct);
        return FormazioneReport.Excel(d, people);
    }
}

/// <summary>The dashboard in Excel: the same figures as the page, plus the list of people.</summary>
public static class FormazioneReport
{
    public const string Title = "Cruscotto formazione";

    public static byte[] Excel(FormazioneDashboard d, IReadOnlyList<EsitoPersona> people)
    {
        var byService = new ReportTable("Per servizio", [new("Servizio", Width: 2), new("Iscritti", ReportValueKind.Integer), new("Completati", ReportValueKind.Integer), new("Tasso di completamento", ReportValueKind.Percent)]);
        foreach (var r in d.ByService) byService.AddRow(r.Label, r.Enrolled, r.Completed, r.Rate);
        var byComune = new ReportTable("Per Comune", [new("Comune", Width: 2), new("Iscritti", ReportValueKind.Integer), new("Completati", ReportValueKind.Integer), new("Tasso di completamento", ReportValueKind.Percent)]);
        foreach (var r in d.ByComune) byComune.AddRow(r.Label, r.Enrolled, r.Completed, r.Rate);
        var byCourse = new ReportTable("Per corso", [new("Corso", Width: 3), new("Servizio"), new("Iscritti", ReportValueKind.Integer), new("Completati", ReportValueKind.Integer),
            new("Tasso di completamento", ReportValueKind.Percent), new("Ultima sincronizzazione", ReportValueKind.Date), new("Errore dell'ultima sincronizzazione", Width: 3)]);
        foreach (var c in d.ByCourse) byCourse.AddRow(c.Title, FormazioneLabels.Label(c.Servizio), c.Enrolled, c.Completed, c.Rate, c.LastSyncOkUtc, c.LastSyncError);
        var persons = new ReportTable("Persone", [new("Persona", Width: 2), new("E-mail", Width: 2), new("Comune", Width: 2), new("Corso", Width: 3), new("Servizio"), new("Esito"),
            new("Completato il", ReportValueKind.Date), new("Voto finale", ReportValueKind.Decimal), new("Voto massimo", ReportValueKind.Decimal)]);
        foreach (var p in people)
            persons.AddRow(p.FullName, p.Email, p.Unit, p.Course, FormazioneLabels.Label(p.Servizio), FormazioneLabels.Label(p.Esito), p.CompletedAtUtc, p.Grade, p.GradeMax);

        return new ExcelReport(Title, d.Organisation, d.GeneratedAtUtc)
            .KeyFigures([
                new KeyFigure("Persone in formazione", Localization.Formats.Number(d.People)),
                new KeyFigure("Iscrizioni", Localization.Formats.Number(d.Enrolled)),
                new KeyFigure("Corsi completati", Localization.Formats.Number(d.Completed)),
                new KeyFigure("Tasso di completamento", Localization.Formats.Number(d.Rate, 1) + " %"),
            ])
            .Sheet(byService).Sheet(byComune).Sheet(byCourse).Sheet(persons)
            .ToBytes();
    }

    public static string FileName(FormazioneDashboard d) =>
        $"formazione-{d.Organisation.ToLowerInvariant().Replace(' ', '-')}-{Localization.Formats.Date(d.GeneratedAtUtc).Replace('/', '-')}.xlsx";
}
