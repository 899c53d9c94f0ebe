using ProvincePortal.Features.EuCalls;
using static ProvincePortal.Tests.Features.EuCalls.PortalSamples;

namespace ProvincePortal.Tests.Features.EuCalls;

public sealed class PortalResultParserTests
{
    private static PortalParseResult Parse(string json) => PortalResultParser.Parse(Stream(json));

    [Fact]
    public void Parse_RealSampleItem_ReadsEveryFieldOfTheTopic()
    {
        var result = Parse(Envelope(Item()));

        var call = Assert.Single(result.Calls);
        Assert.Equal("HORIZON-CL5-2024-D2-01-03", call.Identifier);
        Assert.Equal("HORIZON-CL5-2024-D2-01-03", call.Key);
        Assert.Equal(1, call.Type);
        Assert.StartsWith("Development of technical and business solutions", call.Title);
        Assert.Equal("HORIZON-CL5-2024-D2-01", call.CallIdentifier);
        Assert.Equal("Horizon Europe", call.Programme);
        Assert.Equal("HORIZON Research and Innovation Actions", call.TypeOfAction);
        // keywords arrive as one JSON-encoded string inside the array
        Assert.Equal("Energy storage | Social Innovation | Co-programmed European Partnerships | repair | circularity | refurbishing | batteries | sustainability", call.Keywords);
        Assert.Equal(new DateTime(2024, 4, 18, 17, 0, 0, DateTimeKind.Utc), Assert.Single(call.DeadlinesUtc));
        Assert.Equal(new DateTime(2023, 12, 7, 0, 0, 0, DateTimeKind.Utc), call.OpeningUtc);
        Assert.Equal("31094501", call.PortalStatus);
        Assert.Equal(PortalResultParser.TopicPageBase + "HORIZON-CL5-2024-D2-01-03", call.Url);
        Assert.Empty(result.Rejected);
    }

    [Fact]
    public void Parse_PlainResultArrayAndConcatenatedPages_AreAccepted()
    {
        var array = "[" + Item("T-1").ToJsonString() + "," + Item("T-2").ToJsonString() + "]";
        Assert.Equal(["T-1", "T-2"], Parse(array).Calls.Select(c => c.Identifier));

        var pages = "[" + Envelope(Item("T-1")) + "," + Envelope(Item("T-2"), Item("T-3")) + "]";
        Assert.Equal(3, Parse(pages).Calls.Count);
    }

    [Fact]
    public void Parse_SeveralDeadlinesInBothDateFormats_AllKeptInOrder()
    {
        var item = Item("T-MULTI", ("deadlineDate", ["2024-09-27+02:00 Europe/Brussels", "2024-04-18T19:00:00.000+0200"]), ("deadlineModel", ["multiple cut-off"]));

        var call = Assert.Single(Parse(Envelope(item)).Calls);

        Assert.Equal([new DateTime(2024, 4, 18, 17, 0, 0, DateTimeKind.Utc), new DateTime(2024, 9, 27, 21, 59, 59, DateTimeKind.Utc)], call.DeadlinesUtc);
        Assert.Equal("multiple cut-off", call.DeadlineModel);
    }

    [Fact]
    public void Parse_KeywordsAsPlainStringsAndActionsOpeningDate_AreRead()
    {
        var item = Item("T-KW", ("keywords", ["digital", "AI"]), ("tags", ["AI", "smart cities"]));
        item["metadata"]!.AsObject().Remove("startDate");
        item["metadata"]!["actions"] = new System.Text.Json.Nodes.JsonArray("""[{"status":{"id":31094503},"types":[{"typeOfAction":"RIA"}],"plannedOpeningDate":"19 May 2020","deadlineDates":["11 June 2020"]}]""");

        var call = Assert.Single(Parse(Envelope(item)).Calls);

        Assert.Equal("digital | AI | smart cities", call.Keywords);
        Assert.Equal(new DateTime(2020, 5, 18, 22, 0, 0, DateTimeKind.Utc), call.OpeningUtc);
    }

    [Fact]
    public void Parse_BudgetOverview_TakesOnlyTheEntriesOfThisTopic()
    {
        var overview = """{"budgetYearsColumns":["2026"],"budgetTopicActionMap":{"109381":[{"action":"T-BUD - RIA Research and Innovation action","expectedGrants":2,"minContribution":1000000,"maxContribution":20000000,"budgetYearMap":{"2026":"20000000"}},{"action":"T-BUD-OTHER - IA","expectedGrants":5,"minContribution":5,"maxContribution":6,"budgetYearMap":{"2026":"99000000"}}]}}""";
        var call = Assert.Single(Parse(Envelope(Item("T-BUD", ("budgetOverview", [overview])))).Calls);

        Assert.Equal(20_000_000_00L, call.BudgetCents);
        Assert.Equal(1_000_000_00L, call.MinContributionCents);
        Assert.Equal(20_000_000_00L, call.MaxContributionCents);
        Assert.Equal(2, call.ExpectedGrants);
    }

    [Fact]
    public void Parse_Type8CascadeFundingAndTenders_Type8KeptTendersSkippedAndCounted()
    {
        var cascade = Item("T-FSTP", ("type", ["8"]), ("callTitle", ["Open call for SMEs"]), ("budget", ["150000.50"]), ("frameworkProgramme", []));
        var tender = Item("T-TENDER", ("type", ["0"]));

        var result = Parse(Envelope(cascade, tender));

        var call = Assert.Single(result.Calls);
        Assert.Equal(8, call.Type);
        Assert.Equal("ref-T-FSTP", call.Key);
        Assert.Equal("Open call for SMEs", call.Title);
        Assert.Equal(15_000_050L, call.BudgetCents);
        Assert.Equal(1, result.TendersSkipped);
    }

    [Fact]
    public void Parse_SameTopicTwice_MergedIntoOneCallWithBothDeadlines()
    {
        var first = Item("T-DUP", ("deadlineDate", ["2026-03-10T17:00:00.000+0100"]));
        var second = Item("T-DUP", ("deadlineDate", ["2026-09-17T17:00:00.000+0200"]));

        var result = Parse(Envelope(first, second));

        Assert.Equal(2, Assert.Single(result.Calls).DeadlinesUtc.Count);
        Assert.Equal(1, result.DuplicatesMerged);
    }

    [Fact]
    public void Parse_MalformedJson_ClearItalianErrorWithLineAndPosition()
    {
        var json = "{\n  \"results\": [\n    {\"metadata\": {\"identifier\": [\"X\"] \"type\": [\"1\"]}}\n  ]\n}";

        var ex = Assert.Throws<PortalFileException>(() => Parse(json));

        Assert.Contains("JSON non valido alla riga 3, posizione", ex.Message);
        Assert.Contains("Nessun bando importato", ex.Message);
    }

    [Fact]
    public void Parse_NotASearchResponse_Refused()
    {
        var ex = Assert.Throws<PortalFileException>(() => Parse("""{"foo": 1}"""));
        Assert.Contains("results", ex.Message);
    }

    [Fact]
    public void Parse_UnknownDateFormat_TopicRefusedWithItsIdentifierOthersKept()
    {
        var bad = Item("T-BADDATE", ("deadlineDate", ["18/04/2024 19:00"]));

        var result = Parse(Envelope(bad, Item("T-GOOD")));

        var rejection = Assert.Single(result.Rejected);
        Assert.Equal("T-BADDATE", rejection.Identifier);
        Assert.Equal("deadlineDate: formato di data non riconosciuto \"18/04/2024 19:00\"", rejection.Reason);
        Assert.Equal("T-GOOD", Assert.Single(result.Calls).Identifier);
    }

    [Fact]
    public void StatusOf_PortalSaysOpenAfterDeadline_ComputedClosed()
    {
        var now = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(CallStatus.Chiuso, CallRules.StatusOf(now.AddYears(-1), now.AddDays(-1), now));
        Assert.Equal(CallStatus.InArrivo, CallRules.StatusOf(now.AddDays(1), now.AddDays(30), now));
        Assert.Equal(CallStatus.Aperto, CallRules.StatusOf(now.AddDays(-1), now.AddDays(30), now));
    }
}
