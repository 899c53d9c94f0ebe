using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>The real app with the demo accounts of Treviso, plus helpers to act as any principal and to add calls.</summary>
public sealed class EuWorkFactory : PortalFactory
{
    public const string Europa = "europa@demo.it";
    public const string Manager = "dirigente@demo.it";
    public const string ComuneConegliano = "comune@demo.it";
    public const string ProvinceAdmin = "provincia@demo.it";

    public Task<T> AsAsync<TService, T>(string email, Func<TService, Task<T>> action) where TService : notnull =>
        AsUserAsync(email, sp => action(sp.GetRequiredService<TService>()));

    /// <summary>Acts as a principal that has no demo account (e.g. an EU operator of Brescia).</summary>
    public async Task<T> AsPrincipalAsync<TService, T>(PortalPrincipal principal, Func<TService, Task<T>> action) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(principal);
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task<int> ProvinceIdAsync(string sigla)
    {
        await using var db = await CreateSystemDbAsync();
        return await db.Provinces.Where(p => p.Sigla == sigla).Select(p => p.Id).SingleAsync();
    }

    public async Task<PortalPrincipal> EuropeOperatorOfAsync(string sigla) =>
        new("bs-europa", "europa.bs@prova.it", "Operatore Europa di prova", await ProvinceIdAsync(sigla), null, new HashSet<string> { Roles.EuropeOperator });

    public async Task<int> ComuneIdAsync(string name)
    {
        await using var db = await CreateSystemDbAsync();
        return await db.Comuni.Where(c => c.Name == name && c.SuppressedOn == null).Select(c => c.Id).SingleAsync();
    }

    /// <summary>A call of the registry: shared (ownerSigla null) or a Province's own.</summary>
    public async Task<int> AddCallAsync(string title, string? ownerSigla = null)
    {
        await using var db = await CreateSystemDbAsync();
        var now = DateTime.UtcNow;
        var call = new Call
        {
            ProvinceId = ownerSigla is null ? null : await db.Provinces.Where(p => p.Sigla == ownerSigla).Select(p => (int?)p.Id).SingleAsync(),
            Origin = ownerSigla is null ? CallOrigin.PortaleUe : CallOrigin.Regionale,
            PortalKey = ownerSigla is null ? "TEST-" + Guid.NewGuid().ToString("N") : null,
            Identifier = "LIFE-2026-CET-" + Random.Shared.Next(1000, 9999), Title = title, Programme = "LIFE",
            TypeOfAction = "LIFE Action Grants", BudgetCents = 250_000_000, CoFinancingRate = 95m,
            FirstDeadlineUtc = now.AddDays(30), LastDeadlineUtc = new DateTime(2026, 12, 18, 16, 0, 0, DateTimeKind.Utc),
            SearchText = title.ToLowerInvariant(), CreatedAtUtc = now, UpdatedAtUtc = now,
        };
        db.Calls.Add(call);
        await db.SaveChangesAsync();
        return call.Id;
    }
}
