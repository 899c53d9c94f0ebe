using System.Linq.Expressions;
using ProvincePortal.Data;

namespace ProvincePortal.Tests.Integration;

public sealed class QueryPartsTests
{
    private sealed record Item(int Year, string Name);

    private static readonly Expression<Func<Item, int, bool>> FromYear = (i, year) => i.Year >= year;
    private static readonly Expression<Func<IQueryable<Item>, IOrderedQueryable<Item>>> Newest = q => q.OrderByDescending(i => i.Year).ThenBy(i => i.Name);
    // A part that uses a part.
    private static readonly Expression<Func<IQueryable<Item>, int, IQueryable<Item>>> NewestFromYear = (q, year) =>
        Newest.Invoke(q.Where(i => FromYear.Invoke(i, year)));

    private static readonly Item[] Items = [new(2023, "c"), new(2025, "b"), new(2024, "a"), new(2025, "a")];

    [Fact]
    public void Expand_PutsEachPartsBodyInPlace_WithItsArguments_PartsWithinPartsToo()
    {
        var query = QueryParts.Expand<Func<IQueryable<Item>, int, IQueryable<string>>>((q, year) =>
            NewestFromYear.Invoke(q, year).Select(i => i.Name + i.Year));

        // No call of a part is left: a query provider sees only standard operators.
        Assert.DoesNotContain(nameof(QueryParts.Invoke), query.ToString());
        Assert.Equal(["a2025", "b2025", "a2024"], query.Compile()(Items.AsQueryable(), 2024));
        Assert.Equal(["a2025", "b2025", "a2024", "c2023"], query.Compile()(Items.AsQueryable(), 0));
    }

    [Fact]
    public void APartNotExpanded_OrNotAStaticMember_IsAClearError()
    {
        var notExpanded = Assert.Throws<InvalidOperationException>(() => Items.AsQueryable().Where(i => FromYear.Invoke(i, 2024)).ToList());
        Assert.Contains("QueryParts.Expand", notExpanded.Message);

        Expression<Func<Item, int, bool>> local = (i, year) => i.Year == year;
        var notStatic = Assert.Throws<InvalidOperationException>(() => QueryParts.Expand<Func<Item, bool>>(i => local.Invoke(i, 2025)));
        Assert.Contains("campo o una proprietà statica", notStatic.Message);
    }

    private static class Late
    {
        // Declared before the part it uses: that part is still null while this initializer runs.
        public static readonly Exception? Error = Capture(() => QueryParts.Expand<Func<Item, bool>>(i => Condition.Invoke(i)));
        public static readonly Expression<Func<Item, bool>> Condition = i => i.Year > 2000;

        private static Exception? Capture(Action action)
        {
            try { action(); return null; }
            catch (Exception e) { return e; }
        }
    }

    [Fact]
    public void APartReadBeforeItsInitializer_IsNamed()
    {
        var error = Assert.IsType<InvalidOperationException>(Late.Error);
        Assert.Contains("non è ancora inizializzata", error.Message);
        Assert.Contains("Condition", error.Message);
    }
}
