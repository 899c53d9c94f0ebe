using Microsoft.EntityFrameworkCore;
using ProvincePortal.Features.EuCalls;
using static ProvincePortal.Tests.Features.EuCalls.EuWorkFactory;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>A Province's own calls: created and edited by the EU office, every change in the call's history; portal calls stay read-only.</summary>
public sealed class OwnCallEditTests(EuWorkFactory factory) : IClassFixture<EuWorkFactory>
{
    private Task<T> As<T>(string email, Func<CallService, Task<T>> action) => factory.AsAsync(email, action);

    private static OwnCallInput Pnrr(string title) => new()
    {
        Origin = CallOrigin.Nazionale, Identifier = "PNRR-M5C2-" + Random.Shared.Next(1000, 9999), Title = title, Programme = "PNRR",
        Beneficiaries = "Comuni", Budget = 2_500_000m, CoFinancingRate = 100m, Opening = new DateTime(2026, 10, 1),
        Deadlines = [new DateTime(2027, 1, 31, 12, 0, 0)], Url = "https://www.italiadomani.gov.it/avviso",
    };

    [Fact]
    public async Task Edit_WritesEachChangedFieldToTheHistory_AndMovesTheDeadlineKeepingItsUid()
    {
        var id = await As(Europa, s => s.CreateOwnAsync(Pnrr("Rigenerazione urbana"), default));
        var uid = (await As(Europa, s => s.GetAsync(id, default)))!.Deadlines.Single().Uid;
        var input = (await As(Europa, s => s.GetOwnInputAsync(id, default)))!;
        Assert.Equal("Rigenerazione urbana", input.Title);
        Assert.Equal(new DateTime(2027, 1, 31, 12, 0, 0), input.Deadlines.Single());

        input.Title = "Rigenerazione urbana e sociale";
        input.Budget = 3_000_000m;
        input.Deadlines = [new DateTime(2027, 2, 28, 12, 0, 0)];
        var changed = await As(Europa, s => s.UpdateOwnAsync(id, input, default));

        Assert.Equal(3, changed);
        var detail = (await As(Europa, s => s.GetAsync(id, default)))!;
        Assert.Equal("Rigenerazione urbana e sociale", detail.Call.Title);
        Assert.Equal(300_000_000, detail.Call.BudgetCents);
        var deadline = detail.Deadlines.Single();
        Assert.Equal(uid, deadline.Uid);
        Assert.Equal(1, deadline.Revision);
        Assert.Contains(detail.Changes, c => c.Field == "Titolo" && c.OldValue == "Rigenerazione urbana" && c.NewValue == "Rigenerazione urbana e sociale" && c.Source == "Elena Europa");
        Assert.Contains(detail.Changes, c => c.Field == "Budget" && c.OldValue == "€ 2.500.000,00" && c.NewValue == "€ 3.000.000,00");
        Assert.Contains(detail.Changes, c => c.Field == "Scadenza" && c.OldValue == "31/01/2027 12:00" && c.NewValue == "28/02/2027 12:00");
        Assert.Contains("sociale", detail.Call.SearchText);

        // Saving the same values again records nothing.
        Assert.Equal(0, await As(Europa, s => s.UpdateOwnAsync(id, input, default)));
    }

    [Fact]
    public async Task Edit_BadInput_IsRefusedWithItalianMessages_AndNothingChanges()
    {
        var id = await As(Europa, s => s.CreateOwnAsync(Pnrr("Scuole sicure"), default));
        var input = (await As(Europa, s => s.GetOwnInputAsync(id, default)))!;
        input.Title = " ";
        input.Deadlines = [];
        input.MinContribution = 50_000m;
        input.MaxContribution = 10_000m;

        var ex = await Assert.ThrowsAsync<CallValidationException>(() => As(Europa, s => s.UpdateOwnAsync(id, input, default)));
        Assert.Contains("Titolo: obbligatorio.", ex.Errors);
        Assert.Contains("Scadenze: indicare almeno una scadenza.", ex.Errors);
        Assert.Contains("Contributo minimo: supera il contributo massimo.", ex.Errors);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.Equal("Scuole sicure", await db.Calls.Where(c => c.Id == id).Select(c => c.Title).SingleAsync());
        Assert.False(await db.CallChanges.AnyAsync(c => c.CallId == id));
    }

    [Fact]
    public async Task PortalCalls_OtherProvinces_AndReaders_CannotEdit()
    {
        var portal = await factory.AddCallAsync("Bando del portale");
        Assert.Null(await As(Europa, s => s.GetOwnInputAsync(portal, default)));
        var readOnly = await Assert.ThrowsAsync<CallValidationException>(() => As(Europa, s => s.UpdateOwnAsync(portal, Pnrr("Tentativo"), default)));
        Assert.Contains("Funding & Tenders", readOnly.Message);

        var own = await As(Europa, s => s.CreateOwnAsync(Pnrr("Bando di Treviso"), default));
        var brescia = await factory.EuropeOperatorOfAsync("BS");
        Assert.Null(await factory.AsPrincipalAsync<CallService, OwnCallInput?>(brescia, s => s.GetOwnInputAsync(own, default)));
        var notFound = await Assert.ThrowsAsync<CallValidationException>(() => factory.AsPrincipalAsync<CallService, int>(brescia, s => s.UpdateOwnAsync(own, Pnrr("Altro"), default)));
        Assert.Equal("Bando non trovato.", notFound.Message);
        Assert.Null(await As(Manager, s => s.GetOwnInputAsync(own, default)));
        await Assert.ThrowsAsync<CallValidationException>(() => As(Manager, s => s.UpdateOwnAsync(own, Pnrr("Dirigente"), default)));
        await using var db = await factory.CreateSystemDbAsync();
        Assert.Equal("Bando di Treviso", await db.Calls.Where(c => c.Id == own).Select(c => c.Title).SingleAsync());
    }
}
