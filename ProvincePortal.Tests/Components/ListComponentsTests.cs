using Bunit;
using ProvincePortal.Components.Shared;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Components;

/// <summary>The light filters and the server-paged table shared by the Richieste, Gare and Bandi UE lists.</summary>
public sealed class ListComponentsTests : BunitTestBase
{
    private static readonly FilterOption[] Colours = [new("R", "Rosso"), new("V", "Verde")];

    [Fact]
    public void FilterSelect_LabelledNativeSelect_ChangeReportsValue_EmptyMeansAll()
    {
        var values = new List<string?>();
        var select = Render<FilterSelect>(p => p
            .Add(x => x.Label, "Colore").Add(x => x.Options, Colours).Add(x => x.Value, "V")
            .Add(x => x.ValueChanged, v => values.Add(v))
            .AddUnmatched("data-testid", "filter-colour"));

        var element = select.Find("select[data-testid=filter-colour]");
        Assert.Equal("Colore", select.Find($"label[for={element.Id}]").TextContent);
        Assert.Equal(["Tutti", "Rosso", "Verde"], element.QuerySelectorAll("option").Select(o => o.TextContent));
        Assert.True(element.QuerySelector("option[value=V]")!.HasAttribute("selected"));

        element.Change("R");
        element.Change("");
        Assert.Equal(["R", null], values);

        // The parent's new value moves the selection; texts with markup characters stay text.
        IReadOnlyList<FilterOption> tricky = [.. Colours, new("<b>", "Sì & «no» <b>")];
        select.Render(p => p.Add(x => x.Options, tricky).Add(x => x.Value, "<b>"));
        element = select.Find("select[data-testid=filter-colour]");
        Assert.Equal(["Tutti", "Rosso", "Verde", "Sì & «no» <b>"], element.QuerySelectorAll("option").Select(o => o.TextContent));
        Assert.Empty(element.QuerySelectorAll("b"));
        Assert.Equal(["<b>"], element.QuerySelectorAll("option[selected]").Select(o => o.GetAttribute("value")));
        select.Render(p => p.Add(x => x.Value, null));
        Assert.Equal([""], select.FindAll("option[selected]").Select(o => o.GetAttribute("value")));
        Assert.Contains("Sì & «no»", select.Markup.Replace("&amp;", "&"));
    }

    [Fact]
    public async Task FilterText_ReportsOnceTypingPauses_AndAtOnceOnChange()
    {
        var values = new List<string?>();
        var first = new TaskCompletionSource();
        var field = Render<FilterText>(p => p
            .Add(x => x.Label, "Cerca").Add(x => x.Search, true).Add(x => x.DebounceInterval, 30)
            .Add(x => x.ValueChanged, v => { values.Add(v); first.TrySetResult(); }));

        var input = field.Find("input[type=search]");
        Assert.Equal("Cerca", field.Find($"label[for={input.Id}]").TextContent);
        input.Input("c");
        input.Input("cl");
        input.Input("clima ");
        Assert.Empty(values);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        Assert.Equal(["clima"], values);

        field.Find("input").Change("");
        Assert.Equal(["clima", null], values);
    }

    private sealed record Row(int N);

    [Fact]
    public void ServerTable_LoadsFirstPageBeforeRendering_PagesSortsAndReloadsOnFilter()
    {
        var queries = new List<(TableQuery Query, object? Filter)>();
        object filter = "tutti";
        Task<TablePage<Row>> Load(TableQuery q, CancellationToken ct)
        {
            queries.Add((q, filter));
            var total = Equals(filter, "pochi") ? 3 : 60;
            var rows = Enumerable.Range(q.Page * q.PageSize + 1, Math.Max(0, Math.Min(q.PageSize, total - q.Page * q.PageSize))).Select(n => new Row(n)).ToArray();
            return Task.FromResult(new TablePage<Row>(rows, total));
        }

        var table = Render<ServerTable<Row>>(p => p
            .Add(x => x.Load, Load).Add(x => x.Filter, filter).Add(x => x.EmptyText, "Nessuna riga.")
            .Add(x => x.Columns, [new TableColumn("Numero", "N"), new TableColumn("Testo")])
            .Add(x => x.Row, r => new RowMarkup().Cell(r.N.ToString()).Cell(null).Build())
            .AddUnmatched("data-testid", "rows-grid"));

        Assert.Single(queries);
        Assert.Equal(new TableQuery(0, 25, null, false), queries[0].Query);
        Assert.Equal(25, table.FindAll("[data-testid=rows-grid] tbody tr").Count);
        Assert.Contains("1-25 di 60", table.Markup);
        Assert.True(table.Find("button[aria-label='Pagina precedente']").HasAttribute("disabled"));

        // Paging, sorting and the page size reuse the count read with the filter (KnownTotal).
        table.Find("button[aria-label='Pagina successiva']").Click();
        Assert.Equal(new TableQuery(1, 25, null, false, 60), queries[^1].Query);
        Assert.Contains("26-50 di 60", table.Markup);
        table.Find("button[aria-label='Ultima pagina']").Click();
        Assert.Contains("51-60 di 60", table.Markup);
        Assert.True(table.Find("button[aria-label='Pagina successiva']").HasAttribute("disabled"));

        // Sorting: ascending, descending, then none, each from the first page; only sortable headers are buttons.
        Assert.Single(table.FindAll("th button"));
        table.Find("th button").Click();
        Assert.Equal(new TableQuery(0, 25, "N", false, 60), queries[^1].Query);
        Assert.Equal("ascending", table.Find("th").GetAttribute("aria-sort"));
        table.Find("th button").Click();
        Assert.Equal(new TableQuery(0, 25, "N", true, 60), queries[^1].Query);
        table.Find("th button").Click();
        Assert.Equal(new TableQuery(0, 25, null, false, 60), queries[^1].Query);

        table.Find("select").Change("10");
        Assert.Equal(new TableQuery(0, 10, null, false, 60), queries[^1].Query);
        Assert.Contains("1-10 di 60", table.Markup);

        // A page re-render with the same filter loads nothing; a new filter goes back to page 1.
        table.Find("button[aria-label='Pagina successiva']").Click();
        var count = queries.Count;
        table.Render(p => p.Add(x => x.Filter, "tutti"));
        Assert.Equal(count, queries.Count);
        filter = "pochi";
        table.Render(p => p.Add(x => x.Filter, filter));
        Assert.Equal((new TableQuery(0, 10, null, false), (object?)"pochi"), queries[^1]);
        Assert.Contains("1-3 di 3", table.Markup);

        filter = "vuoto";
        table.Render(p => p.Add(x => x.Filter, filter).Add(x => x.Load, (q, ct) => Task.FromResult(new TablePage<Row>([], 0))));
        Assert.Equal("Nessuna riga.", table.Find("td.mud-table-empty-row").TextContent);
        Assert.Contains("0-0 di 0", table.Markup);
    }

    [Fact]
    public async Task ServerTable_CountsAgainOnReload_WhenOld_AndWhenPageComesBackEmpty()
    {
        var queries = new List<TableQuery>();
        var total = 60;
        Task<TablePage<Row>> Load(TableQuery q, CancellationToken ct)
        {
            queries.Add(q);
            // The service returns the known count as it is, as ours do: it does not count again.
            var shown = q.KnownTotal ?? total;
            var rows = Enumerable.Range(q.Page * q.PageSize + 1, Math.Max(0, Math.Min(q.PageSize, total - q.Page * q.PageSize))).Select(n => new Row(n)).ToArray();
            return Task.FromResult(new TablePage<Row>(rows, shown));
        }
        IRenderedComponent<ServerTable<Row>> Table(TimeSpan countMaxAge) => Render<ServerTable<Row>>(p => p
            .Add(x => x.Load, Load).Add(x => x.Filter, "tutti").Add(x => x.CountMaxAge, countMaxAge)
            .Add(x => x.Columns, [new TableColumn("Numero")])
            .Add(x => x.Row, r => new RowMarkup().Cell(r.N.ToString()).Build()));

        // Rows removed since the count: the last page comes back empty, so the table counts again and shows the new last page.
        var table = Table(TimeSpan.FromMinutes(5));
        table.Find("button[aria-label='Pagina successiva']").Click();
        Assert.Equal(60, queries[^1].KnownTotal);
        total = 30;
        table.Find("button[aria-label='Ultima pagina']").Click();
        Assert.Equal([new TableQuery(2, 25, null, false, 60), new TableQuery(2, 25, null, false), new TableQuery(1, 25, null, false)], queries[^3..]);
        Assert.Contains("26-30 di 30", table.Markup);
        Assert.Equal(5, table.FindAll("tbody tr").Count);

        // A reload (rows changed elsewhere) counts again.
        total = 40;
        await table.InvokeAsync(() => table.Instance.ReloadAsync());
        Assert.Null(queries[^1].KnownTotal);
        Assert.Contains("26-40 di 40", table.Markup);

        // A count older than CountMaxAge is read again at the next page.
        queries.Clear();
        var fresh = Table(TimeSpan.Zero);
        fresh.Find("button[aria-label='Pagina successiva']").Click();
        Assert.Equal([new TableQuery(0, 25, null, false), new TableQuery(1, 25, null, false)], queries);
        Assert.Contains("26-40 di 40", fresh.Markup);
    }

    [Fact]
    public void RowMarkup_EncodesTextAndAttributes_KeepsAccents_WritesLinksChipsAndCells()
    {
        var icon = StaticIcon.Of("<path d=\"M0 0\"/>", "mud-chip-icon", "small");
        var row = new RowMarkup()
            .Cell("#12")
            .LinkCell("/richieste/12", "Lavori <urgenti> & \"verifiche\" già", "request-link")
            .Cell("€ 1.234,56", "text-align:right")
            .Td().Chip("mud-chip mud-chip-outlined", "Nuova", "request-status").EndTd()
            .Td().Chip("mud-chip mud-chip-text", "Violato", "sla-state", icon).Element("div", "mud-text-secondary", null).EndTd()
            .Td().Link("https://dati.anticorruzione.it/?q=a&b=\"c\"", "CIG", cssClass: "pp-cig", title: "Scheda <ANAC>", external: true).EndTd()
            .Cell(null)
            .Build();

        Assert.Equal(
            "<tr class=\"mud-table-row\">" +
            "<td class=\"mud-table-cell\">#12</td>" +
            "<td class=\"mud-table-cell\"><a href=\"/richieste/12\" data-testid=\"request-link\">Lavori &lt;urgenti&gt; &amp; &quot;verifiche&quot; già</a></td>" +
            "<td class=\"mud-table-cell\" style=\"text-align:right\">€ 1.234,56</td>" +
            "<td class=\"mud-table-cell\"><span class=\"mud-chip mud-chip-outlined\" data-testid=\"request-status\"><span class=\"mud-chip-content\">Nuova</span></span></td>" +
            "<td class=\"mud-table-cell\"><span class=\"mud-chip mud-chip-text\" data-testid=\"sla-state\">" + icon.Value +
            "<span class=\"mud-chip-content\">Violato</span></span></td>" +
            "<td class=\"mud-table-cell\"><a href=\"https://dati.anticorruzione.it/?q=a&amp;b=&quot;c&quot;\" target=\"_blank\" rel=\"noopener noreferrer\" class=\"pp-cig\" title=\"Scheda &lt;ANAC&gt;\">CIG</a></td>" +
            "<td class=\"mud-table-cell\"></td>" +
            "</tr>",
            row.Value);

        // In a table the browser's parser (AngleSharp here) reads it as one row of seven cells, the text as it was.
        var table = Render<ServerTable<Row>>(p => p
            .Add(x => x.Load, (q, ct) => Task.FromResult(new TablePage<Row>([new Row(1)], 1)))
            .Add(x => x.Columns, [new TableColumn("Uno")])
            .Add(x => x.Row, _ => row));
        var cells = table.FindAll("tbody tr td");
        Assert.Equal(7, cells.Count);
        Assert.Equal("Lavori <urgenti> & \"verifiche\" già", table.Find("a[data-testid=request-link]").TextContent);
        Assert.Equal("Scheda <ANAC>", table.Find("a.pp-cig").GetAttribute("title"));
    }

    [Fact]
    public void RowMarkup_RowsWrittenOneInsideAnother_OrOneAfterAnother_StayApart_AndABuiltRowIsClosed()
    {
        var outer = new RowMarkup().Cell("esterna");
        var inner = new RowMarkup().Cell("interna").Build();
        var first = outer.Cell("fine").Build();
        var second = new RowMarkup().Cell(new string('x', 5000)).Build();
        var third = new RowMarkup().Cell("breve").Build();

        Assert.Equal("<tr class=\"mud-table-row\"><td class=\"mud-table-cell\">interna</td></tr>", inner.Value);
        Assert.Equal("<tr class=\"mud-table-row\"><td class=\"mud-table-cell\">esterna</td><td class=\"mud-table-cell\">fine</td></tr>", first.Value);
        Assert.Equal("<tr class=\"mud-table-row\"><td class=\"mud-table-cell\">" + new string('x', 5000) + "</td></tr>", second.Value);
        Assert.Equal("<tr class=\"mud-table-row\"><td class=\"mud-table-cell\">breve</td></tr>", third.Value);
        Assert.Throws<InvalidOperationException>(() => outer.Cell("dopo"));
        Assert.Throws<InvalidOperationException>(() => outer.Build());
    }

    [Fact]
    public void ServerTable_WritesEachRowOncePerLoad_NotAgainWhenThePageRendersAgain()
    {
        var written = new List<int>();
        var table = Render<ServerTable<Row>>(p => p
            .Add(x => x.Load, (q, ct) => Task.FromResult(new TablePage<Row>(
                Enumerable.Range(q.Page * q.PageSize + 1, q.PageSize).Select(n => new Row(n)).ToArray(), 100)))
            .Add(x => x.Filter, "f").Add(x => x.Columns, [new TableColumn("Numero")])
            .Add(x => x.Row, r => { written.Add(r.N); return new RowMarkup().Cell(r.N.ToString()).Build(); }));
        Assert.Equal(Enumerable.Range(1, 25), written);

        // The page renders again (its initialisation ends, a filter is being typed): same rows, none written again.
        table.Render(p => p.Add(x => x.Filter, "f").Add(x => x.Row, r => { written.Add(-r.N); return new RowMarkup().Build(); }));
        Assert.Equal(25, written.Count);
        Assert.Equal(Enumerable.Range(1, 25).Select(n => n.ToString()), table.FindAll("tbody td").Select(td => td.TextContent));

        // A new page is written with the Row the page gives now.
        table.Find("button[aria-label='Pagina successiva']").Click();
        Assert.Equal(Enumerable.Range(26, 25).Select(n => -n), written.Skip(25));
        Assert.Equal(25, table.FindAll("tbody tr").Count);
    }

    [Fact]
    public void FilterSelect_SharedChoices_ConvertedOncePerList_MarkupSharedWhileNothingIsSelected()
    {
        IReadOnlyList<(int Id, string Name)> comuni = [(1, "Asolo"), (2, "Codognè")];
        IReadOnlyList<(int Id, string Name)> altri = [(3, "Fonte")];
        // As a page converts them: its one lambda, at each visit.
        static IReadOnlyList<FilterOption> Visit(IReadOnlyList<(int Id, string Name)> list) =>
            FilterOption.FromShared(list, static c => new FilterOption(c.Id.ToString(), c.Name));
        var options = Visit(comuni);
        Assert.Same(options, Visit(comuni));
        Assert.Equal(["Fonte"], Visit(altri).Select(o => o.Text));
        // A conversion that depends on the page cannot be shared.
        var prefix = "Comune di ";
        Assert.Throws<ArgumentException>(() => FilterOption.FromShared(comuni, c => new FilterOption(c.Id.ToString(), prefix + c.Name)));

        var first = Render<FilterSelect>(p => p.Add(x => x.Label, "Comune").Add(x => x.Options, options));
        var second = Render<FilterSelect>(p => p.Add(x => x.Label, "Comune").Add(x => x.Options, options));
        var other = Render<FilterSelect>(p => p.Add(x => x.Label, "Comune").Add(x => x.Options, options).Add(x => x.AllText, "Tutti i Comuni"));
        Assert.Equal(["Tutti", "Asolo", "Codognè"], second.FindAll("option").Select(o => o.TextContent));
        Assert.Equal(["Tutti i Comuni", "Asolo", "Codognè"], other.FindAll("option").Select(o => o.TextContent));

        // A selection in one circuit's select is its own.
        first.Render(p => p.Add(x => x.Value, "2"));
        Assert.Equal(["2"], first.FindAll("option[selected]").Select(o => o.GetAttribute("value")));
        second.Render(p => p.Add(x => x.Label, "Comune"));
        Assert.Equal([""], second.FindAll("option[selected]").Select(o => o.GetAttribute("value")));
        first.Render(p => p.Add(x => x.Value, null));
        Assert.Equal([""], first.FindAll("option[selected]").Select(o => o.GetAttribute("value")));
    }

    [Fact]
    public void ServerTable_PageRerenderedWhileFirstPageLoads_QueriesOnce_RendersRowsWhenLoaded()
    {
        var calls = 0;
        var pending = new TaskCompletionSource<TablePage<Row>>();
        var table = Render<ServerTable<Row>>(p => p
            .Add(x => x.Load, (q, ct) => { calls++; return pending.Task; }).Add(x => x.Filter, "f")
            .Add(x => x.Columns, [new TableColumn("Numero")])
            .Add(x => x.Row, r => new RowMarkup().Cell(r.N.ToString()).Build()));

        table.Render(p => p.Add(x => x.Filter, "f").Add(x => x.Row, r => new RowMarkup().Cell(r.N.ToString()).Build()));
        Assert.Equal(1, calls);
        Assert.Empty(table.FindAll("tbody tr"));
        Assert.DoesNotContain("di 0", table.Markup);

        pending.SetResult(new([new Row(7)], 1));
        table.WaitForAssertion(() => Assert.Equal("7", table.Find("tbody td").TextContent));
        Assert.Contains("1-1 di 1", table.Markup);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void FilterChecklist_CheckingBoxes_ReportsValuesInOptionOrder()
    {
        IReadOnlyList<string> selected = [];
        var list = Render<FilterChecklist>(p => p
            .Add(x => x.Label, "Beneficiari").Add(x => x.Options, Colours).Add(x => x.AllText, "Tutti")
            .Add(x => x.SelectedChanged, v => selected = v));

        Assert.Contains("Tutti", list.Find("summary").TextContent);
        Assert.Equal("Beneficiari", list.Find("legend").TextContent);
        list.Find("input[value=V]").Change(true);
        list.Find("input[value=R]").Change(true);
        Assert.Equal(["R", "V"], selected);
        Assert.Contains("Rosso, Verde", list.Find("summary").TextContent);
        list.Find("input[value=R]").Change(false);
        Assert.Equal(["V"], selected);
    }

    [Theory]
    [InlineData(MudBlazor.Variant.Outlined, MudBlazor.Color.Info)]
    [InlineData(MudBlazor.Variant.Text, MudBlazor.Color.Error)]
    [InlineData(MudBlazor.Variant.Outlined, MudBlazor.Color.Default)]
    public void StaticChip_HasTheClassesMudChipRenders_ForASmallChipOfThatVariantAndColour(MudBlazor.Variant variant, MudBlazor.Color color)
    {
        var chip = Render<MudBlazor.MudChip<string>>(p => p
            .Add(x => x.Variant, variant).Add(x => x.Color, color).Add(x => x.Size, MudBlazor.Size.Small).Add(x => x.Text, "Nuova"));
        var rendered = chip.Find(".mud-chip").ClassList;

        var ours = StaticChip.Classes(variant, color).Split(' ');
        Assert.All(ours, c => Assert.Contains(c, rendered));
        Assert.Contains($"mud-chip-color-{color.ToString().ToLowerInvariant()}", ours);
    }
}
