using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>Editing the framework: administrators only, validation, versions, closed versions read-only.</summary>
public sealed class AgendaFrameworkServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<T> AsAdmin<T>(Func<AgendaFrameworkService, Task<T>> action) =>
        factory.AsUserAsync("admin@demo.it", sp => action(sp.GetRequiredService<AgendaFrameworkService>()));

    private static IndicatorInput InputOf(AgendaIndicator i) => new(i.Id, i.DimensionId, i.Code, i.Name, i.Unit, i.Source, i.Direction,
        i.Normalisation, i.TargetValue, i.GoalpostMin, i.GoalpostMax, i.Weight, i.Origin, i.Pad26Measure);

    [Fact]
    public async Task DefaultVersion_SeededAtFirstStart_AndReadableByEveryAgendaRole()
    {
        var current = await factory.AsUserAsync("comune@demo.it", sp => sp.GetRequiredService<AgendaFrameworkService>().GetAsync(null));
        Assert.NotNull(current);
        Assert.Equal(20, current.Indicators.Count);
        Assert.Equal(5, current.Dimensions.Count);
    }

    [Fact]
    public async Task NewVersion_CopiesIndicators_EditsStayInIt_OldVersionUntouched_ClosedIsReadOnly()
    {
        var old = (await AsAdmin(s => s.GetAsync(null)))!;
        var id = await AsAdmin(s => s.CreateVersionAsync(old.Id, "2030", "Indicatori 2030"));
        var copy = (await AsAdmin(s => s.GetAsync(id)))!;
        Assert.True(copy.IsCurrent);
        Assert.Equal(old.Indicators.Select(i => (i.Code, i.Weight, i.Normalisation)), copy.Indicators.Select(i => (i.Code, i.Weight, i.Normalisation)));

        var d1 = copy.Indicators.Single(i => i.Code == "D1");
        await AsAdmin(s => s.SaveIndicatorAsync(id, InputOf(d1) with { Weight = 2.5, GoalpostMax = 80 }));
        var edited = (await AsAdmin(s => s.GetAsync(id)))!.Indicators.Single(i => i.Code == "D1");
        Assert.Equal((2.5, 80.0), (edited.Weight, edited.GoalpostMax!.Value));
        var original = (await AsAdmin(s => s.GetAsync(old.Id)))!.Indicators.Single(i => i.Code == "D1");
        Assert.Equal((1.0, 100.0), (original.Weight, original.GoalpostMax!.Value));

        await AsAdmin(async s => { await s.CloseAsync(id); return 0; });
        var ex = await Assert.ThrowsAsync<AgendaValidationException>(() => AsAdmin(s => s.SaveIndicatorAsync(id, InputOf(edited) with { Weight = 1 })));
        Assert.Equal("La versione 2030 è chiusa: creare una nuova versione per modificarla.", ex.Message);
        await AsAdmin(async s => { await s.SetCurrentAsync(old.Id); return 0; });
    }

    [Theory]
    [InlineData(Normalisation.MinMaxFixed, 50.0, 10.0, "Estremi: indicare minimo e massimo, con il massimo maggiore del minimo.")]
    [InlineData(Normalisation.Target, null, null, "Obiettivo: obbligatorio per la normalizzazione «distanza dall'obiettivo».")]
    public async Task InvalidNormalisation_Refused(Normalisation normalisation, double? a, double? b, string message)
    {
        var framework = (await AsAdmin(s => s.GetAsync(null)))!;
        var input = new IndicatorInput(null, framework.Dimensions[0].Id, "X1", "Prova", "%", "prova", IndicatorDirection.Positive, normalisation,
            normalisation == Normalisation.Target ? a : 1, a, b, 1, IndicatorOrigin.Import, null);
        var ex = await Assert.ThrowsAsync<AgendaValidationException>(() => AsAdmin(s => s.SaveIndicatorAsync(framework.Id, input)));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task DuplicateCode_Refused_AndProvinceAdministratorCannotEdit()
    {
        var framework = (await AsAdmin(s => s.GetAsync(null)))!;
        var a1 = framework.Indicators.Single(i => i.Code == "A1");
        var ex = await Assert.ThrowsAsync<AgendaValidationException>(() => AsAdmin(s => s.SaveIndicatorAsync(framework.Id, InputOf(a1) with { Id = null })));
        Assert.Equal($"Codice: l'indicatore A1 esiste già in questa versione.", ex.Message);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => factory.AsUserAsync("provincia@demo.it",
            sp => sp.GetRequiredService<AgendaFrameworkService>().SaveIndicatorAsync(framework.Id, InputOf(a1) with { Weight = 3 })));
    }
}
