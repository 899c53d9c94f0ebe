using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProvincePortal.Bench;

/// <summary>
/// Search results of the Funding &amp; Tenders Portal built from the real sample item (ProvincePortal.Tests/TestData/eu-ft):
/// the sample's envelope and metadata fields are kept, and what varies between real topics is varied — identifier, call,
/// programme, title, keywords, opening, one to three deadlines in the portal's two date formats, status, budgetOverview
/// (with the call's sibling topics in the map, as the portal sends it), documents, description; 4% type 2 with a plain
/// budget, 3% type 8 (cascade funding, closingDate); 2% of the topics come twice (once per cut-off), as the portal does.
/// Each topic is built from its own seed, so the same number gives the same topic and <c>changed</c> alters only the
/// chosen topics.
/// </summary>
public static class PortalResultGenerator
{
    public static readonly string SampleFile = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..",
        "ProvincePortal.Tests", "TestData", "eu-ft", "sedia_search_result_item_sample.json"));

    private static readonly (string Code, string Prefix, string[] Areas)[] Programmes =
    [
        ("43108390", "HORIZON", ["CL1", "CL2", "CL3", "CL4", "CL5", "CL6", "MISS", "WIDERA", "EIE", "INFRA"]),
        ("43152860", "DIGITAL", ["2027-DEPLOY", "2027-SKILLS", "2027-CYBER", "2027-AI"]),
        ("43252405", "LIFE", ["2027-SAP-NAT", "2027-SAP-ENV", "2027-SAP-CLIMA", "2027-CET"]),
        ("43353764", "ERASMUS", ["EDU-2027-PCOOP", "YOUTH-2027-CB", "SPORT-2027-SCP", "EDU-2027-EUR-UNIV"]),
        ("43251589", "CERV", ["2027-CITIZENS-TOWN", "2027-CHAR-LITI", "2027-DAPHNE", "2027-EQUAL"]),
        ("43251567", "CEF", ["T-2027-SIMOBGEN", "E-2027-PCI", "DIG-2027-5GSMARTCOM"]),
        ("43332642", "EU4H", ["2027-PJ", "2027-JA", "2027-OG"]),
        ("43251814", "CREA", ["CULT-2027-COOP", "MEDIA-2027-DEVSLATE", "CROSS-2027-INNOVLAB"]),
        ("43254019", "ESF", ["2027-SOC-INNOV", "2027-EMPL"]),
        ("43392145", "EMFAF", ["2027-PIA-FLAGSHIP", "2027-BLUEECON"]),
    ];

    private static readonly string[] Words =
    [
        "sustainable", "urban", "mobility", "energy", "transition", "renewable", "circular", "economy", "resilience", "climate",
        "adaptation", "biodiversity", "restoration", "digital", "skills", "innovation", "regions", "cities", "communities",
        "rural", "development", "public", "administration", "services", "health", "social", "inclusion", "youth", "education",
        "cultural", "heritage", "tourism", "water", "management", "pollution", "zero", "emission", "buildings", "renovation",
        "hydrogen", "batteries", "storage", "smart", "grids", "artificial", "intelligence", "data", "cybersecurity", "networks",
        "cross-border", "cooperation", "partnership", "capacity", "building", "research", "infrastructure", "pilot", "actions",
        "demonstration", "deployment", "solutions", "citizens", "democracy", "equality", "gender", "migrants", "integration",
        "fisheries", "aquaculture", "coastal", "maritime", "forests", "soil", "agriculture", "food", "systems", "nutrition",
        "ageing", "care", "disability", "employment", "entrepreneurship", "SMEs", "startups", "creative", "industries", "media",
        "città", "coopération", "développement", "società", "qualità", "mobilità", "sostenibilità", "comunità", "territori",
    ];

    private static readonly string[] Keywords =
    [
        "Energy storage", "Social Innovation", "Co-programmed European Partnerships", "Climate change", "Circular economy",
        "Smart cities", "Public administration", "Digital transformation", "Biodiversity", "Mobility", "Hydrogen", "Batteries",
        "Cultural heritage", "Tourism", "Youth", "Education", "Gender equality", "Migration", "Water", "Health systems",
        "Artificial intelligence", "Cybersecurity", "Rural areas", "Local authorities", "Renewable energy", "Renovation wave",
    ];

    private static readonly string[] Actions =
    [
        "HORIZON  Research and Innovation Actions", "HORIZON  Innovation Actions", "HORIZON  Coordination and Support Actions",
        "DIGITAL  Simple Grants", "LIFE  Standard Action Projects", "ERASMUS  Lump Sum Grants", "CERV  Action Grants",
        "CEF  Infrastructure Projects", "EU4H  Project Grants", "CREA  Lump Sum Grants",
    ];

    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>Which field a changed topic changes; about one topic in <paramref name="every"/> (deterministic).</summary>
    public enum Change { None, Deadline, Status, Budget }

    public static Change ChangeOf(int n, int every) => n % every != 3 ? Change.None : (n / every % 3) switch
    {
        0 => Change.Deadline,
        1 => Change.Status,
        _ => Change.Budget,
    };

    /// <summary>Writes a search envelope with <paramref name="results"/> results (topics numbered from <paramref name="first"/>).</summary>
    /// <param name="changeEvery">0: the original topics; 10: one topic in ten changed (deadline, status or budget).</param>
    public static (int Topics, int Results) Write(string path, int results, int first = 1, int changeEvery = 0)
    {
        var sample = JsonNode.Parse(File.ReadAllText(SampleFile))!.AsObject();
        sample.Remove("_note");
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("apiVersion", "2.101");
        json.WriteString("terms", "***");
        json.WriteNumber("responseTime", 412);
        json.WriteNumber("totalResults", results);
        json.WriteNumber("pageNumber", 1);
        json.WriteNumber("pageSize", results);
        json.WriteStartArray("results");
        var written = 0;
        var topics = 0;
        for (var n = first; written < results; n++)
        {
            topics++;
            var change = changeEvery > 0 ? ChangeOf(n, changeEvery) : Change.None;
            var item = Topic(sample, n, change, out var duplicate);
            item.WriteTo(json);
            written++;
            if (duplicate is not null && written < results)
            {
                duplicate.WriteTo(json);
                written++;
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return (topics, written);
    }

    private static JsonObject Topic(JsonObject sample, int n, Change change, out JsonObject? duplicate)
    {
        var random = new Random(7919 * n + 17);
        var item = (JsonObject)sample.DeepClone();
        var meta = item["metadata"]!.AsObject();
        var (code, prefix, areas) = Programmes[Pick(random, Programmes.Length)];
        var area = areas[random.Next(areas.Length)];
        var type = random.NextDouble() switch { < 0.93 => 1, < 0.97 => 2, _ => 8 };
        var identifier = $"{prefix}-{area}-{n:000000}";
        var callIdentifier = $"{prefix}-{area}-{n / 8:00000}";
        var ccm2 = (50_000_000 + n).ToString(CultureInfo.InvariantCulture);

        var title = Sentence(random, 6, 13);
        var opening = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(0, 700)).Date.AddHours(random.Next(0, 2) == 0 ? 0 : 9);
        var stages = random.NextDouble() switch { < 0.7 => 1, < 0.95 => 2, _ => 3 };
        var deadlines = new List<DateTime>();
        var d = opening.AddDays(random.Next(45, 150));
        for (var s = 0; s < stages; s++)
        {
            deadlines.Add(d.Date.AddHours(17));
            d = d.AddDays(random.Next(60, 200));
        }
        var budget = 500_000L * random.Next(2, 120);
        var grants = random.Next(1, 12);
        var status = opening > new DateTime(2026, 11, 26) ? "31094501" : "31094502";
        var nextCutoff = deadlines[^1].AddDays(120);

        switch (change)
        {
            case Change.Deadline: deadlines[0] = deadlines[0].AddDays(14); break;
            case Change.Budget: budget += 2_500_000; break;
            // The portal reopens a topic: a new opening date and the status code with it.
            case Change.Status:
                opening = opening > new DateTime(2026, 11, 26) ? new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc) : new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc);
                status = status == "31094501" ? "31094502" : "31094501";
                break;
        }

        item["reference"] = $"{ccm2}{prefix}{n}";
        item["url"] = $"https://ec.europa.eu/info/funding-tenders/opportunities/data/topicDetails/{identifier.ToLowerInvariant()}.json";
        item["content"] = title;
        item["checksum"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{identifier}|{change}")));
        Set(meta, "identifier", identifier);
        Set(meta, "title", title);
        Set(meta, "callIdentifier", callIdentifier);
        Set(meta, "callTitle", Sentence(random, 4, 8));
        Set(meta, "ccm2Id", ccm2);
        Set(meta, "callccm2Id", (60_000_000 + n / 8).ToString(CultureInfo.InvariantCulture));
        Set(meta, "frameworkProgramme", code);
        Set(meta, "type", type.ToString(CultureInfo.InvariantCulture));
        Set(meta, "status", status);
        Set(meta, "typesOfAction", Actions[random.Next(Actions.Length)]);
        Set(meta, "deadlineModel", stages switch { 1 => "single-stage", 2 => "two-stage", _ => "multiple cut-off" });
        Set(meta, "startDate", Instant(opening));
        meta["deadlineDate"] = new JsonArray(deadlines.Select(x => (JsonNode?)JsonValue.Create(random.Next(10) == 0 ? ZonedDay(x) : Instant(x))).ToArray());
        var keywords = Enumerable.Range(0, random.Next(2, 7)).Select(_ => Keywords[random.Next(Keywords.Length)]).Distinct().ToList();
        Set(meta, "keywords", JsonSerializer.Serialize(keywords));
        Set(meta, "esST_checksum", item["checksum"]!.GetValue<string>());
        Set(meta, "esST_URL", item["url"]!.GetValue<string>());
        var description = "<p>" + string.Join("</p><p>", Enumerable.Range(0, random.Next(3, 7)).Select(_ => Sentence(random, 18, 40) + ".")) + "</p>";
        Set(meta, type == 8 ? "description" : "descriptionByte", description);
        Set(meta, "publicationDocuments", JsonSerializer.Serialize(new[]
        {
            new { nameDoc = $"Call document {callIdentifier}", typeDoc = "WP", languageDoc = "en", docUrl = $"https://ec.europa.eu/info/funding-tenders/opportunities/docs/2027/{prefix.ToLowerInvariant()}/wp-{n / 8}.pdf", finalPublicDocDate = "2026-10-01" },
        }));
        if (type == 1)
        {
            // The map covers the whole call: this topic and a sibling whose amounts must not be counted.
            var entries = new[]
            {
                new { action = $"{identifier} - {prefix}-RIA {Actions[0]}", expectedGrants = grants, minContribution = budget / grants / 2, maxContribution = budget / grants,
                      budgetYearMap = new Dictionary<string, string> { ["2027"] = budget.ToString(CultureInfo.InvariantCulture) }, plannedOpeningDate = opening.ToString("yyyy-MM-dd"),
                      deadlineModel = "single-stage", deadlineDates = deadlines.Select(x => x.ToString("yyyy-MM-dd")).ToArray() },
                new { action = $"{callIdentifier}-99 - {prefix}-CSA", expectedGrants = 1, minContribution = 1_000_000L, maxContribution = 2_000_000L,
                      budgetYearMap = new Dictionary<string, string> { ["2027"] = "2000000" }, plannedOpeningDate = opening.ToString("yyyy-MM-dd"),
                      deadlineModel = "single-stage", deadlineDates = new[] { deadlines[0].ToString("yyyy-MM-dd") } },
            };
            Set(meta, "budgetOverview", JsonSerializer.Serialize(new { budgetYearsColumns = new[] { "2027" }, budgetTopicActionMap = new Dictionary<string, object> { [ccm2] = entries } }));
        }
        else
        {
            Set(meta, "budget", budget.ToString(CultureInfo.InvariantCulture));
            Set(meta, "currency", "EUR");
            if (type == 8)
            {
                Set(meta, "closingDate", Instant(deadlines[0]));
                meta.Remove("deadlineDate");
            }
        }

        duplicate = null;
        if (type == 1 && random.Next(50) == 0)
        {
            // The same topic once more, for its next cut-off.
            duplicate = (JsonObject)item.DeepClone();
            duplicate["reference"] = $"{ccm2}{prefix}{n}-2";
            duplicate["metadata"]!["deadlineDate"] = new JsonArray(Instant(nextCutoff));
        }
        return item;
    }

    private static int Pick(Random random, int count)
    {
        // Horizon Europe publishes about half of the topics; the others share the rest.
        var x = random.NextDouble();
        return x < 0.5 ? 0 : 1 + (int)((x - 0.5) / 0.5 * (count - 1));
    }

    private static string Sentence(Random random, int min, int max)
    {
        var words = Enumerable.Range(0, random.Next(min, max)).Select(_ => Words[(int)(Math.Pow(random.NextDouble(), 1.6) * Words.Length)]);
        var text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static void Set(JsonObject meta, string field, string value) => meta[field] = new JsonArray(value);

    /// <summary>"2027-04-18T17:00:00.000+0200": the portal's usual form, on the Brussels clock.</summary>
    private static string Instant(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Brussels);
        var offset = Brussels.GetUtcOffset(utc);
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hhmm", CultureInfo.InvariantCulture);
    }

    /// <summary>"2027-09-27+02:00 Europe/Brussels": the portal's other form, a whole day.</summary>
    private static string ZonedDay(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Brussels);
        var offset = Brussels.GetUtcOffset(utc);
        return local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "+" + offset.ToString("hh\\:mm", CultureInfo.InvariantCulture) + " Europe/Brussels";
    }
}
