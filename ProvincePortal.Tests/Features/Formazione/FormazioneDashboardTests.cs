using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Formazione;
using ProvincePortal.Features.Reports;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Formazione;

/// <summary>
/// The training dashboard on the demo records (FormazioneDemoData), counted by hand: Treviso has 8 enrolments of 6 people,
/// 5 completed — SUA 3/2 (sua, dirigente done; provincia in progress), Europa 2/1 (dirigente done; europa in progress),
/// Centro di Competenza 3/2 (cdc and the Conegliano user done; provincia not tracked). Brescia has one, in progress.
/// </summary>
public class FormazioneDashboardTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<T> AsAsync<T>(string email, Func<FormazioneDashboardService, Task<T>> action) =>
        factory.AsUserAsync(email, sp => action(sp.GetRequiredService<FormazioneDashboardService>()));

    [Fact]
    public async Task Treviso_FiguresByServiceAndComune_AsCountedByHand()
    {
        var d = await AsAsync("dirigente@demo.it", s => s.GetAsync(new FormazioneFilter()));

        Assert.Equal("Provincia di Treviso", d.Organisation);
        Assert.Equal((6, 8, 5, 62.5), (d.People, d.Enrolled, d.Completed, d.Rate));
        Assert.Equal([("SUA", 3, 2), ("Servizio Europa", 2, 1), ("Centro di Competenza", 3, 2)], d.ByService.Select(r => (r.Label, r.Enrolled, r.Completed)));
        // The Province's own staff first, then the Comuni of the users.
        Assert.Equal([("Provincia di Treviso (personale)", 7, 4), ("Conegliano", 1, 1)], d.ByComune.Select(r => (r.Label, r.Enrolled, r.Completed)));
        Assert.Equal(100.0, d.ByComune[1].Rate);
        var cdc = d.ByCourse.Single(c => c.Title == FormazioneDemoData.CdcCourse);
        Assert.Equal((3, 2, 66.7), (cdc.Enrolled, cdc.Completed, cdc.Rate));
    }

    [Fact]
    public async Task Filters_ServiceAndComune_NarrowFiguresAndPeople()
    {
        var europa = await AsAsync("dirigente@demo.it", s => s.GetAsync(new FormazioneFilter(Servizio: ServizioFormazione.Europa)));
        Assert.Equal((2, 2, 1), (europa.People, europa.Enrolled, europa.Completed));
        Assert.Equal(["Servizio Europa"], europa.ByService.Select(r => r.Label));
        Assert.All(europa.ByCourse, c => Assert.Equal(ServizioFormazione.Europa, c.Servizio));

        var staff = await AsAsync("dirigente@demo.it", s => s.GetAsync(new FormazioneFilter(ComuneId: FormazioneFilter.ProvinceStaff)));
        Assert.Equal((5, 7, 4), (staff.People, staff.Enrolled, staff.Completed));

        int conegliano;
        await using (var db = await factory.CreateSystemDbAsync()) conegliano = await db.Comuni.Where(c => c.CadastralCode == "C957").Select(c => c.Id).SingleAsync();
        var (people, total) = await AsAsync("dirigente@demo.it", s => s.ListPeopleAsync(new FormazioneFilter(ComuneId: conegliano), 0, 25));
        var row = Assert.Single(people);
        Assert.Equal(1, total);
        Assert.Equal(("Marco Comune di Conegliano", "Conegliano", FormazioneDemoData.CdcCourse, EsitoCompletamento.Completato, 70m),
            (row.FullName, row.Unit, row.Course, row.Esito, row.Grade));
    }

    [Fact]
    public async Task Brescia_SeesOnlyItsPeople_AndTrevisoIsNotFound()
    {
        var d = await AsAsync("sua.bs@demo.it", s => s.GetAsync(new FormazioneFilter()));
        Assert.Equal("Provincia di Brescia", d.Organisation);
        Assert.Equal((1, 1, 0), (d.People, d.Enrolled, d.Completed));
        // Only the platform's SUA course: Treviso's own courses are not in Brescia's catalogue.
        Assert.Equal([FormazioneDemoData.SuaCourse], d.ByCourse.Select(c => c.Title));
        var (people, _) = await AsAsync("sua.bs@demo.it", s => s.ListPeopleAsync(new FormazioneFilter(), 0, 25));
        Assert.Equal(["Bruno SUA Brescia"], people.Select(p => p.FullName));

        int treviso, europaCourse;
        await using (var db = await factory.CreateSystemDbAsync())
        {
            treviso = await db.Provinces.Where(p => p.Sigla == "TV" && p.SuppressedOn == null).Select(p => p.Id).SingleAsync();
            europaCourse = await db.CorsiFormazione.Where(c => c.Title == FormazioneDemoData.EuropaCourse).Select(c => c.Id).SingleAsync();
        }
        await Assert.ThrowsAsync<FormazioneNotFoundException>(() => AsAsync("sua.bs@demo.it", s => s.GetAsync(new FormazioneFilter(treviso))));
        await Assert.ThrowsAsync<FormazioneNotFoundException>(() =>
            factory.AsUserAsync("sua.bs@demo.it", sp => sp.GetRequiredService<FormazioneService>().GetCourseAsync(europaCourse)));
        // Treviso's count of the platform course does not include Brescia's person.
        var (courses, _) = await factory.AsUserAsync("sua@demo.it", sp => sp.GetRequiredService<FormazioneService>().ListCoursesAsync(ServizioFormazione.Sua, null, 0, 25));
        Assert.Equal((3, 2), (courses.Single().Enrolled, courses.Single().Completed));

        using var client = await factory.LoginAsync("sua.bs@demo.it");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/formazione/cruscotto.xlsx?provincia={treviso}")).StatusCode);
    }

    [Fact]
    public async Task Excel_ReadBack_SameFiguresAndEveryPerson()
    {
        using var client = await factory.LoginAsync("dirigente@demo.it");

        var response = await client.GetAsync("/formazione/cruscotto.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExcelReport.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var summary = workbook.Worksheet("Sintesi");
        Assert.Equal(("Iscrizioni", "8"), (summary.Cell(ExcelReport.HeaderRow + 2, 1).GetString(), summary.Cell(ExcelReport.HeaderRow + 2, 2).GetString()));
        var byService = workbook.Worksheet("Per servizio");
        Assert.Equal("Centro di Competenza", byService.Cell(ExcelReport.HeaderRow + 3, 1).GetString());
        Assert.Equal(3, byService.Cell(ExcelReport.HeaderRow + 3, 2).GetValue<int>());
        Assert.Equal(2, byService.Cell(ExcelReport.HeaderRow + 3, 3).GetValue<int>());
        Assert.Equal(2.0 / 3, byService.Cell(ExcelReport.HeaderRow + 3, 4).GetValue<double>(), 3);
        var persons = workbook.Worksheet("Persone");
        Assert.Equal(8, persons.RowsUsed().Count(r => r.RowNumber() > ExcelReport.HeaderRow));
        Assert.DoesNotContain(persons.RowsUsed(), r => r.Cell(1).GetString() == "Bruno SUA Brescia");

        // The Comune user is not Province staff: no training section, no export.
        using var comune = await factory.LoginAsync("comune@demo.it");
        Assert.NotEqual(HttpStatusCode.OK, (await comune.GetAsync("/formazione/cruscotto.xlsx")).StatusCode);
    }
}
