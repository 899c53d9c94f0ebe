using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.Requests;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Integration;

/// <summary>
/// A context scoped to one Province filters on the Province column alone (a predicate the engines answer from the
/// (ProvinceId, …) indexes); a platform-wide context has no tenant filter; a context cannot switch between the two once
/// it has chosen its model. Against the app's own context factory and the demo data, on SQLite and PostgreSQL.
/// </summary>
public sealed class TenantModelTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<PortalDbContext> CreateAsync(TenantScope scope)
    {
        var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Scope = scope;
        return db;
    }

    [Fact]
    public async Task AProvinceContext_SeesItsRowsThroughAFilterOnTheProvinceColumnAlone_APlatformContextSeesAll()
    {
        await using var system = await factory.CreateSystemDbAsync();
        var treviso = await system.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
        var perProvince = await system.Procedures.GroupBy(p => p.ProvinceId).Select(g => new { Province = g.Key, Count = g.Count() }).ToListAsync();
        Assert.Contains(perProvince, p => p.Province == treviso && p.Count > 0);

        await using var tv = await CreateAsync(TenantScope.ForProvince(treviso));
        Assert.Equal(perProvince.Single(p => p.Province == treviso).Count, await tv.Procedures.CountAsync());
        Assert.Equal(perProvince.Sum(p => p.Count), await system.Procedures.CountAsync());
        // Calls the Province shares with nobody else, plus the ones of no Province (EU calls for all).
        var calls = await system.Calls.CountAsync(c => c.ProvinceId == null || c.ProvinceId == treviso);
        Assert.Equal(calls, await tv.Calls.CountAsync());

        var provinceSql = tv.Procedures.ToQueryString();
        Assert.Contains("\"ProvinceId\" = @", provinceSql);
        Assert.DoesNotContain(" OR ", provinceSql);
        Assert.DoesNotContain("WHERE", system.Procedures.ToQueryString());
    }

    [Fact]
    public async Task TheScopeKind_CannotChange_OnceTheContextHasQueried()
    {
        await using var system = await factory.CreateSystemDbAsync();
        var treviso = await system.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();

        await using var db = await CreateAsync(TenantScope.ForProvince(treviso));
        await db.Procedures.CountAsync();
        db.Scope = TenantScope.ForProvince(treviso, "id-utente", "utente");
        Assert.Equal("utente", db.Scope.UserName);
        var widened = Assert.Throws<InvalidOperationException>(() => db.Scope = TenantScope.System);
        Assert.Contains("one Province to all Provinces", widened.Message);
        Assert.Throws<InvalidOperationException>(() => system.Scope = TenantScope.ForProvince(treviso));

        // Before its first query a context may still take either kind.
        await using var fresh = await CreateAsync(TenantScope.ForProvince(treviso));
        fresh.Scope = TenantScope.System;
        Assert.Equal(await system.Procedures.CountAsync(), await fresh.Procedures.CountAsync());
    }

    [Fact]
    public async Task PooledContexts_AreReused_EachLeaseSeesOnlyItsScope_AndAPlatformScopeNeverGetsAProvinceContext()
    {
        await using var system = await factory.CreateSystemDbAsync();
        var ids = await system.Provinces.Where(p => p.Sigla == "TV" || p.Sigla == "BS").ToDictionaryAsync(p => p.Sigla, p => p.Id);
        var counts = await system.Procedures.GroupBy(p => p.ProvinceId).ToDictionaryAsync(g => g.Key, g => g.Count());
        Assert.NotEqual(counts[ids["TV"]], counts.GetValueOrDefault(ids["BS"]));
        var pools = factory.Services.GetRequiredService<PortalContextPools>();

        PortalDbContext first;
        await using (var tv = await pools.CreateAsync(TenantScope.ForProvince(ids["TV"], "id-tv", "tv")))
        {
            first = tv;
            Assert.Equal(counts[ids["TV"]], await tv.Procedures.CountAsync());
            // Tracked rows and an acting scope that must not reach the next lease.
            await tv.Procedures.Take(2).ToListAsync();
            Assert.NotEmpty(tv.ChangeTracker.Entries());
            tv.ActingScope = () => Task.FromResult(TenantScope.ForProvince(ids["TV"]));
        }

        // The pool hands its contexts out in turn (others may have been returned before): lease until ours comes back.
        PortalDbContext? again = null;
        for (var i = 0; i <= PortalContextPools.PoolSize && again is null; i++)
        {
            var leased = await pools.CreateAsync(TenantScope.ForProvince(ids["BS"], "id-bs", "bs"));
            if (ReferenceEquals(leased, first)) again = leased;
            else await leased.DisposeAsync();
        }
        Assert.NotNull(again);
        await using (var bs = again)
        {
            Assert.Equal("bs", bs.Scope.UserName);
            Assert.Null(bs.ActingScope);
            Assert.Empty(bs.ChangeTracker.Entries());
            Assert.Equal(counts.GetValueOrDefault(ids["BS"]), await bs.Procedures.CountAsync());
            Assert.DoesNotContain(await bs.Procedures.Select(p => p.ProvinceId).Distinct().ToListAsync(), p => p != ids["BS"]);

            // Meanwhile: another lease is another context; the platform-wide one comes from the other pool and sees all.
            await using var other = await pools.CreateAsync(TenantScope.ForProvince(ids["TV"]));
            Assert.NotSame(bs, other);
            await using var platform = await pools.CreateAsync(TenantScope.System);
            Assert.NotSame(first, platform);
            Assert.Equal(counts.Values.Sum(), await platform.Procedures.CountAsync());
        }

        // Nobody's scope (a signed-out circuit) shares the Province pool's model: it sees no Province's rows.
        await using var nobody = await pools.CreateAsync(TenantScope.Nobody);
        Assert.Equal(0, await nobody.Procedures.CountAsync());
    }

    [SkippableFact]
    public async Task OnSqlite_TheGareListOfAProvince_IsReadInOrderThroughAnIndex_NotAScanOrASortOfEveryProcedure()
    {
        Skip.If(factory.Database.Provider != "Sqlite", "SQLite only: the query plan is SQLite's");
        var (_, tv) = await TrevisoAsync();
        await using var _ = tv;
        // The service's own filters and order, as the list asks for its first page (and with a year chosen).
        foreach (var filter in new[] { new TenderFilter(), new TenderFilter(Anno: 2025) })
        {
            var plan = await PlanAsync(tv, TenderService.Ordered(TenderService.Filtered(tv.Procedures, filter), null, false).Take(25));
            // Read backwards in the register's order: no sort of every procedure of the Province before the page is cut.
            Assert.Contains(plan, step => step.Contains("USING COVERING INDEX IX_Procedures_List (ProvinceId=?", StringComparison.Ordinal)
                || step.Contains("USING INDEX IX_Procedures_List (ProvinceId=?", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step == "SCAN p");
        }
    }

    [SkippableFact]
    public async Task OnSqlite_ThePageOfEachListInOneStatement_CutsItsIdsFromTheListIndex_AndReadsOnlyThoseRowsByKey()
    {
        Skip.If(factory.Database.Provider != "Sqlite", "SQLite only: the query plan is SQLite's");
        var (treviso, tv) = await TrevisoAsync();
        await using var _ = tv;
        // Page 2 of each list as it opens (Gare also with a year), as the compiled queries read it.
        var plans = new Dictionary<string, List<string>>
        {
            ["gare"] = await PlanAsync(tv, Instance(tv, TenderService.RegisterRowsQuery, null, null, null, null, null, 25, 25)),
            ["gare 2025"] = await PlanAsync(tv, Instance(tv, TenderService.RegisterRowsQuery, null, null, null, null, 2025, 25, 25)),
            ["richieste"] = await PlanAsync(tv, Instance(tv, RequestService.OpeningRowsQuery, treviso, 25, 25)),
            ["bandi"] = await PlanAsync(tv, Instance(tv, CallService.OpeningRowsQuery, 25, 25, DateTime.UtcNow, treviso)),
        };
        // The page's ids: the list index alone (covering), in its order, cut by OFFSET/LIMIT; never the table's rows.
        (string List, string IdsFrom, string Table)[] expected =
        [
            ("gare", "COVERING INDEX IX_Procedures_List", "p"), ("gare 2025", "COVERING INDEX IX_Procedures_List (ProvinceId=? AND Anno=?)", "p"),
            ("richieste", "COVERING INDEX IX_ServiceRequests_ProvinceId_LastActivityAtUtc_Id (ProvinceId=?)", "s"), ("bandi", "COVERING INDEX IX_Calls_List", "c"),
        ];
        foreach (var (list, idsFrom, table) in expected)
        {
            var plan = plans[list];
            var subquery = plan.FindIndex(step => step.StartsWith("LIST SUBQUERY", StringComparison.Ordinal));
            Assert.True(subquery > 0, $"{list}: {string.Join(" | ", plan)}");
            Assert.Contains(idsFrom, plan[subquery + 1]);
            // The rows: sought by key among the page's ids, or, where SQLite's statistics say the Province's list is short,
            // read on its index in order and checked against them; never a scan of the table.
            Assert.Matches($"^SEARCH {table} USING (INTEGER PRIMARY KEY \\(rowid=\\?\\)|INDEX IX_\\w+_List|INDEX IX_ServiceRequests_ProvinceId_LastActivityAtUtc_Id)", plan[0]);
            Assert.DoesNotContain(plan, step => step.StartsWith($"SCAN {table} ", StringComparison.Ordinal) || step == $"SCAN {table}");
        }
    }

    /// <summary>A query written as a lambda over the context and arguments, on <paramref name="db"/> and those arguments.</summary>
    private static IQueryable Instance(PortalDbContext db, System.Linq.Expressions.LambdaExpression query, params object?[] arguments)
    {
        var values = new System.Linq.Expressions.Expression[] { System.Linq.Expressions.Expression.Constant(db) }
            .Concat(arguments.Select((a, i) => System.Linq.Expressions.Expression.Constant(a, query.Parameters[i + 1].Type)));
        var body = new Microsoft.EntityFrameworkCore.Query.ReplacingExpressionVisitor(query.Parameters, values.ToList()).Visit(query.Body);
        return db.Set<Procedure>().AsQueryable().Provider.CreateQuery(body);
    }

    /// <summary>Treviso's id and a context scoped to it.</summary>
    private async Task<(int Id, PortalDbContext Db)> TrevisoAsync()
    {
        await using var system = await factory.CreateSystemDbAsync();
        var treviso = await system.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
        return (treviso, await CreateAsync(TenantScope.ForProvince(treviso)));
    }

    /// <summary>SQLite's plan of a query, with the parameters EF gives it.</summary>
    private static async Task<List<string>> PlanAsync(PortalDbContext db, IQueryable query)
    {
        // ToQueryString gives ".param set @name value" lines, then the statement.
        var lines = query.ToQueryString().Split('\n');
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var p in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)).Select(l => l.Split(' ', 4)))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = p[2];
            parameter.Value = p[3].Trim('\'', '\r');
            command.Parameters.Add(parameter);
        }
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        return plan;
    }
}
