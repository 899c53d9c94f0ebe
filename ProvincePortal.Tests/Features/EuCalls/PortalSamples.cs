using System.Text;
using System.Text.Json.Nodes;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>The real portal result (TestData/eu-ft) and variations of it, as the search API would send them.</summary>
public static class PortalSamples
{
    public static readonly string SampleFile = Path.Combine(AppContext.BaseDirectory, "TestData", "eu-ft", "sedia_search_result_item_sample.json");

    public static JsonObject Item() => JsonNode.Parse(File.ReadAllText(SampleFile))!.AsObject();

    /// <summary>The sample with another identifier (and reference), optionally other metadata values (each an array of strings).</summary>
    public static JsonObject Item(string identifier, params (string Field, string[] Values)[] metadata)
    {
        var item = Item();
        item["reference"] = "ref-" + identifier;
        var meta = item["metadata"]!.AsObject();
        meta["identifier"] = new JsonArray(identifier);
        meta["esST_URL"] = new JsonArray($"https://ec.europa.eu/info/funding-tenders/opportunities/data/topicDetails/{identifier}.json");
        foreach (var (field, values) in metadata)
            meta[field] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        return item;
    }

    public static string Envelope(params JsonObject[] items) =>
        new JsonObject { ["apiVersion"] = "2.101", ["totalResults"] = items.Length, ["pageNumber"] = 1, ["pageSize"] = 100, ["results"] = new JsonArray(items) }.ToJsonString();

    public static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));
}
