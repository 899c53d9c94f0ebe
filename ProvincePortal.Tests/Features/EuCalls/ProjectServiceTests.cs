using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.EuCalls.Projects;
using static ProvincePortal.Tests.Features.EuCalls.EuWorkFactory;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>Schede progetto on the real app and database: validation, statuses, isolation, Comune scope, funding, milestones.</summary>
public sealed class ProjectServiceTests(EuWorkFactory factory) : IClassFixture<EuWorkFactory>
{
    private static ProjectInput Card(string title, params int[] comuni) => new()
    {
        Title = title, Acronym = "TEST", LeadOrganisation = "Provincia di Treviso", Programme = "Interreg", CallReference = "Interreg VI-A Italia-Austria, 3° avviso",
        TotalBudget = 200_000m, EuShare = 150_000m, Cup = "E37H22001230001", ComuneIds = comuni,
        Partners = [new() { Organisation = "Land Kärnten", Country = "at", Role = ProjectPartnerRole.Partner }],
        Milestones = [new() { Title = "Presentazione della candidatura", Date = new DateTime(2026, 12, 15) }],
    };

    private Task<T> As<T>(string email, Func<ProjectService, Task<T>> action) => factory.AsAsync(email, action);

    [Fact]
    public async Task Create_WithBadCupAndEuShareOverBudget_IsRefusedFieldByField_AndNothingIsWritten()
    {
        var input = Card("Ciclovia del Piave " + Guid.NewGuid());
        input.Cup = "E37H2200123000";
        input.EuShare = 250_000m;
        input.Partners[0].Country = "Austria";

        var ex = await Assert.ThrowsAsync<EuWorkValidationException>(() => As(Europa, s => s.CreateAsync(input)));

        Assert.Equal("Il CUP deve avere 15 caratteri (ne ha 14).", ex.Errors[nameof(ProjectInput.Cup)]);
        Assert.Equal("La quota UE (€ 250.000,00) non può superare il budget totale (€ 200.000,00).", ex.Errors[nameof(ProjectInput.EuShare)]);
        Assert.StartsWith("Partner 1: paese non valido", ex.Errors["Partners[0].Country"]);
        input.Cup = "E3712200123000X";
        var shape = await Assert.ThrowsAsync<EuWorkValidationException>(() => As(Europa, s => s.CreateAsync(input)));
        Assert.StartsWith("CUP non valido: la struttura attesa è lettera, 2 cifre, lettera, 11 cifre", shape.Errors[nameof(ProjectInput.Cup)]);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.EuProjects.AnyAsync(p => p.Title == input.Title));
    }

    [Fact]
    public async Task Create_StoresNormalisedValuesAndLists_AndTheAuditTrailRecordsIt()
    {
        var treviso = await factory.ComuneIdAsync("Treviso");
        var input = Card("Ciclovia del Sile " + Guid.NewGuid(), treviso);
        input.Cup = " e37h22001230001 ";
        var id = await As(Europa, s => s.CreateAsync(input));

        var details = await As(Europa, s => s.GetAsync(id));
        Assert.NotNull(details);
        var p = details.Project;
        Assert.Equal("E37H22001230001", p.Cup);
        Assert.Equal(15_000_000, p.EuShareCents);
        Assert.Equal(ProjectStatus.Idea, p.Status);
        Assert.Equal("AT", Assert.Single(p.Partners).Country);
        Assert.Equal("Treviso", Assert.Single(details.Comuni).Name);
        Assert.True(details.CanWrite);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "Project" && a.EntityKey == id.ToString()));
    }

    [Fact]
    public async Task ChangeStatus_FollowsTheAllowedTransitions_AndSaysWhatIsMissing()
    {
        var input = Card("Scuole sicure " + Guid.NewGuid());
        input.CallReference = null;
        input.EuShare = 0;
        var id = await As(Europa, s => s.CreateAsync(input));
        var version = 0;

        var jump = await Assert.ThrowsAsync<EuWorkValidationException>(() => As(Europa, s => s.ChangeStatusAsync(id, ProjectStatus.Presentato, version)));
        Assert.Equal("Da «Idea» si può passare solo a: In preparazione.", jump.Message);

        version = await As(Europa, s => s.ChangeStatusAsync(id, ProjectStatus.InPreparazione, version));
        var missing = await Assert.ThrowsAsync<EuWorkValidationException>(() => As(Europa, s => s.ChangeStatusAsync(id, ProjectStatus.Presentato, version)));
        Assert.Equal("Per passare a «Presentato» mancano: il bando.", missing.Message);

        input.CallReference = "PNRR M2C4 - avviso scuole";
        version = await As(Europa, s => s.UpdateAsync(id, input, version));
        version = await As(Europa, s => s.ChangeStatusAsync(id, ProjectStatus.Presentato, version));
        var noShare = await Assert.ThrowsAsync<EuWorkValidationException>(() => As(Europa, s => s.ChangeStatusAsync(id, ProjectStatus.Finanziato, version)));
        Assert.Contains("la quota UE", noShare.Message);

        input.EuShare = 100_000m;
        version = await As(Europa, s => s.UpdateAsync(id, input, version));
        version = await As(Europa, s => s.ChangeStatusAsync(id, ProjectStatus.Finanziato, version));
        // A funded project keeps its EU share: removing it is refused by the update itself.
        input.EuShare = 0;
        var keep = await Assert.ThrowsAsync<EuWorkValidationException>(() => As(Europa, s => s.UpdateAsync(id, input, version)));
        Assert.Equal("Un progetto nello stato «Finanziato» deve avere: la quota UE.", keep.Message);

        input.EuShare = 100_000m;
        var stale = await Assert.ThrowsAsync<EuWorkConcurrencyException>(() => As(Europa, s => s.UpdateAsync(id, input, version - 1)));
        Assert.Contains("modificata da un altro utente", stale.Message);
    }

    [Fact]
    public async Task AnotherProvince_GetsNotFound_AndAComuneUserReadsOnlyItsComunesProjects()
    {
        var conegliano = await factory.ComuneIdAsync("Conegliano");
        var treviso = await factory.ComuneIdAsync("Treviso");
        var mine = await As(Europa, s => s.CreateAsync(Card("Conegliano città dei giovani " + Guid.NewGuid(), conegliano, treviso)));
        var other = await As(Europa, s => s.CreateAsync(Card("Restauro mura di Treviso " + Guid.NewGuid(), treviso)));

        var brescia = await factory.EuropeOperatorOfAsync("BS");
        Assert.Null(await factory.AsPrincipalAsync<ProjectService, ProjectDetails?>(brescia, s => s.GetAsync(mine)));
        await Assert.ThrowsAsync<EuWorkNotFoundException>(() => factory.AsPrincipalAsync<ProjectService, int>(brescia, s => s.ChangeStatusAsync(mine, ProjectStatus.InPreparazione, 0)));
        var (_, bresciaTotal) = await factory.AsPrincipalAsync<ProjectService, (IReadOnlyList<ProjectRow>, int)>(brescia, s => s.ListAsync(new ProjectFilter(), 0, 25));
        Assert.Equal(0, bresciaTotal);

        Assert.NotNull(await As(ComuneConegliano, s => s.GetAsync(mine)));
        Assert.Null(await As(ComuneConegliano, s => s.GetAsync(other)));
        var (rows, _) = await As(ComuneConegliano, s => s.ListAsync(new ProjectFilter(), 0, 200));
        Assert.Contains(rows, r => r.Id == mine);
        Assert.DoesNotContain(rows, r => r.Id == other);
        Assert.Equal([conegliano], (await As(ComuneConegliano, s => s.ListComuniAsync())).Select(c => c.Id));
        await Assert.ThrowsAsync<EuWorkForbiddenException>(() => As(ComuneConegliano, s => s.UpdateAsync(mine, Card("x"), 0)));
        Assert.False((await As(Manager, s => s.GetAsync(other)))!.CanWrite);
    }

    [Fact]
    public async Task Create_WithAnotherProvincesOwnCall_IsRefused_AndASharedCallIsAccepted()
    {
        var bresciaCall = await factory.AddCallAsync("Bando regionale Lombardia", "BS");
        var shared = await factory.AddCallAsync("LIFE Clean Energy Transition");
        var input = Card("Comunità energetiche " + Guid.NewGuid());
        input.CallId = bresciaCall;
        var ex = await Assert.ThrowsAsync<EuWorkValidationException>(() => As(Europa, s => s.CreateAsync(input)));
        Assert.Equal($"Bando: il bando n. {bresciaCall} non esiste nel registro dei bandi della Provincia.", ex.Errors[nameof(ProjectInput.CallId)]);

        input.CallId = shared;
        var id = await As(Europa, s => s.CreateAsync(input));
        Assert.Equal(shared, (await As(Europa, s => s.GetAsync(id)))!.Project.CallId);
    }

    [Fact]
    public async Task FundingByComune_SplitsASharedProjectEqually_CountsOnlyFundedStatuses_AndAComuneSeesItsOwnLine()
    {
        var conegliano = await factory.ComuneIdAsync("Conegliano");
        var treviso = await factory.ComuneIdAsync("Treviso");
        var vittorio = await factory.ComuneIdAsync("Vittorio Veneto");

        async Task<int> Funded(string title, decimal euShare, ProjectStatus final, params int[] comuni)
        {
            var input = Card(title + " " + Guid.NewGuid(), comuni);
            input.Programme = "EU4Health";
            input.EuShare = euShare;
            input.TotalBudget = euShare * 2;
            input.StartDate = new DateTime(2026, 1, 1);
            var id = await As(Europa, s => s.CreateAsync(input));
            var v = 0;
            foreach (var step in new[] { ProjectStatus.InPreparazione, ProjectStatus.Presentato, ProjectStatus.Finanziato, ProjectStatus.InCorso })
            {
                if (final == ProjectStatus.Presentato && step > ProjectStatus.Presentato) break;
                v = await As(Europa, s => s.ChangeStatusAsync(id, step, v));
            }
            return id;
        }
        await Funded("Salute di comunità", 100.00m, ProjectStatus.InCorso, conegliano, treviso, vittorio);
        await Funded("Case della salute", 50.00m, ProjectStatus.InCorso, conegliano);
        await Funded("Telemedicina", 999.00m, ProjectStatus.Presentato, conegliano);

        var rows = await As(Europa, s => s.FundingByComuneAsync("EU4Health"));

        // 100,00 € over three Comuni: 33,34 to the lowest id, 33,33 to the others; the column adds up to 150,00 €.
        var ids = new[] { conegliano, treviso, vittorio }.Order().ToList();
        long Expected(int id) => (id == ids[0] ? 3334 : 3333) + (id == conegliano ? 5000 : 0);
        Assert.Equal(3, rows.Count);
        Assert.Equal(15_000, rows.Sum(r => r.AttributedCents));
        foreach (var r in rows) Assert.Equal(Expected(r.ComuneId), r.AttributedCents);
        var c = rows.Single(r => r.ComuneId == conegliano);
        Assert.Equal((2, 1, 15_000L), (c.Projects, c.SharedProjects, c.FullCents));
        Assert.Equal((1, 1, 10_000L), rows.Single(r => r.ComuneId == treviso) is var t ? (t.Projects, t.SharedProjects, t.FullCents) : default);

        var own = await As(ComuneConegliano, s => s.FundingByComuneAsync("EU4Health"));
        Assert.Equal(conegliano, Assert.Single(own).ComuneId);
    }

    [Fact]
    public async Task UpcomingMilestones_ListsTheOpenOnesInTheRange_ForTheScadenzario()
    {
        var input = Card("Piano milestone " + Guid.NewGuid());
        input.Milestones =
        [
            new() { Title = "Kick-off", Date = new DateTime(2031, 3, 1) },
            new() { Title = "Relazione intermedia", Date = new DateTime(2031, 9, 30) },
            new() { Title = "Riunione già fatta", Date = new DateTime(2031, 4, 1), Done = true },
            new() { Title = "Fuori periodo", Date = new DateTime(2032, 6, 1) },
        ];
        var id = await As(Europa, s => s.CreateAsync(input));

        var due = await factory.AsAsync<IProjectMilestoneSource, IReadOnlyList<MilestoneDue>>(Manager,
            s => s.UpcomingMilestonesAsync(new DateOnly(2031, 1, 1), new DateOnly(2031, 12, 31)));

        var mine = due.Where(d => d.ProjectId == id).ToList();
        Assert.Equal(["Kick-off", "Relazione intermedia"], mine.Select(m => m.Title));
        Assert.Equal(new DateOnly(2031, 3, 1), mine[0].Date);
        Assert.Equal(input.Title, mine[0].ProjectTitle);
        var brescia = await factory.EuropeOperatorOfAsync("BS");
        Assert.DoesNotContain(await factory.AsPrincipalAsync<IProjectMilestoneSource, IReadOnlyList<MilestoneDue>>(brescia,
            s => s.UpcomingMilestonesAsync(new DateOnly(2031, 1, 1), new DateOnly(2031, 12, 31))), d => d.ProjectId == id);
    }

    [Fact]
    public async Task Scadenzario_ShowsOpenMilestones_ToTheProvince_AndToAComuneOnlyThoseOfItsProjects()
    {
        var coneglianoId = await factory.ComuneIdAsync("Conegliano");
        var withConegliano = Card("Tappe Conegliano " + Guid.NewGuid(), coneglianoId);
        withConegliano.Milestones = [new() { Title = "Consegna del piano", Date = new DateTime(2033, 5, 10) }];
        var elsewhere = Card("Tappe altrove " + Guid.NewGuid());
        elsewhere.Milestones = [new() { Title = "Riunione di avvio", Date = new DateTime(2033, 5, 12) }];
        var a = await As(Europa, s => s.CreateAsync(withConegliano));
        var b = await As(Europa, s => s.CreateAsync(elsewhere));
        string comuneUser;
        await using (var db = await factory.CreateSystemDbAsync())
            comuneUser = await db.Users.Where(u => u.Email == ComuneConegliano).Select(u => u.Id).SingleAsync();
        var tv = await factory.ProvinceIdAsync("TV");
        var bs = await factory.ProvinceIdAsync("BS");

        async Task<List<ProvincePortal.Features.EuCalls.Scadenza>> List(ProvincePortal.Data.TenantScope scope)
        {
            using var services = factory.Services.CreateScope();
            var all = await services.ServiceProvider.GetRequiredService<ProvincePortal.Features.EuCalls.ScadenzarioService>()
                .ListAsync(scope, new DateTime(2033, 5, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2033, 6, 1, 0, 0, 0, DateTimeKind.Utc), true, default);
            return all.Where(x => x.Kind == "Progetto").ToList();
        }

        var province = await List(ProvincePortal.Data.TenantScope.ForProvince(tv));
        Assert.Contains(province, x => x.Link == $"/bandi/progetti/{a}" && x.Title == "Tappa: Consegna del piano");
        Assert.Contains(province, x => x.Link == $"/bandi/progetti/{b}");
        var comune = await List(ProvincePortal.Data.TenantScope.ForProvince(tv, comuneUser));
        Assert.Contains(comune, x => x.Link == $"/bandi/progetti/{a}");
        Assert.DoesNotContain(comune, x => x.Link == $"/bandi/progetti/{b}");
        Assert.Empty(await List(ProvincePortal.Data.TenantScope.ForProvince(bs)));
    }
}
