using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ProvincePortal.Features.EuCalls;

/// <summary>One topic/call read from the portal, already deduplicated and with its dates in UTC.</summary>
public sealed record PortalCall
{
    public required string Key { get; init; }
    public required string Identifier { get; init; }
    public required int Type { get; init; }
    public required string Title { get; init; }
    public string? CallIdentifier { get; init; }
    public string? CallTitle { get; init; }
    public string? ProgrammeCode { get; init; }
    public required string Programme { get; init; }
    public string? TypeOfAction { get; init; }
    public string Keywords { get; init; } = "";
    public string? Description { get; init; }
    public long? BudgetCents { get; init; }
    public long? MinContributionCents { get; init; }
    public long? MaxContributionCents { get; init; }
    public int? ExpectedGrants { get; init; }
    public DateTime? OpeningUtc { get; init; }
    public IReadOnlyList<DateTime> DeadlinesUtc { get; init; } = [];
    public string? DeadlineModel { get; init; }
    public string? PortalStatus { get; init; }
    public required string Url { get; init; }
    public string? DocumentsJson { get; init; }
    public string? Checksum { get; init; }
}

/// <summary>A result that was not imported, with the topic it belongs to.</summary>
public sealed record PortalRejection(string Identifier, string Reason);

public sealed class PortalParseResult
{
    public List<PortalCall> Calls { get; } = [];
    public List<PortalRejection> Rejected { get; } = [];
    public int Results { get; set; }
    public int TendersSkipped { get; set; }
    public int DuplicatesMerged { get; set; }
}

/// <summary>The file cannot be read at all (not JSON, not a search response): nothing is imported.</summary>
public sealed class PortalFileException(string message) : Exception(message);

/// <summary>
/// Reads results of the Funding &amp; Tenders Portal search API (apiKey=SEDIA) in their real shape: every metadata value
/// is an array of strings, some of which hold JSON (keywords, budgetOverview, actions, publicationDocuments), dates come
/// in several formats and a topic can appear several times. See specs/eu-ft-portal/NOTES.md.
/// A result with a date in an unknown format is refused (reported with its identifier), not imported without it:
/// a call missing its deadline would silently vanish from the scadenzario.
/// </summary>
public static partial class PortalResultParser
{
    public const string TopicPageBase = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/";

    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>frameworkProgramme ids seen in the portal (NOTES.md); unknown ids are shown as the code.</summary>
    private static readonly Dictionary<string, string> ProgrammeLabels = new()
    {
        ["43108390"] = "Horizon Europe", ["43152860"] = "Digital Europe", ["43251567"] = "CEF", ["43252405"] = "LIFE",
        ["43353764"] = "Erasmus+", ["43251589"] = "CERV", ["43254019"] = "FSE+", ["43251814"] = "Europa Creativa",
        ["44416173"] = "I3", ["43252476"] = "SMP", ["43254037"] = "Corpo europeo di solidarietà", ["43392145"] = "FEAMPA",
        ["43089234"] = "Innovation Fund", ["43298916"] = "Euratom", ["44181033"] = "Fondo europeo per la difesa",
        ["43637601"] = "Progetti pilota e azioni preparatorie", ["43332642"] = "EU4Health",
    };

    public static PortalParseResult Parse(Stream stream)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            throw new PortalFileException($"JSON non valido alla riga {line}, posizione {position}: il file non è una risposta del portale Funding & Tenders leggibile. Nessun bando importato.");
        }
        using (document)
        {
            var result = new PortalParseResult();
            var byKey = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in Results(document.RootElement))
            {
                result.Results++;
                ReadOne(item, result, byKey);
            }
            return result;
        }
    }

    /// <summary>A search envelope {results:[…]}, an array of results, or an array of envelopes (pages concatenated).</summary>
    private static IEnumerable<JsonElement> Results(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
                return results.EnumerateArray();
            if (root.TryGetProperty("metadata", out _)) return [root];
            throw new PortalFileException("Il file non è una risposta della ricerca del portale: manca l'elenco \"results\". Nessun bando importato.");
        }
        if (root.ValueKind == JsonValueKind.Array)
        {
            var all = new List<JsonElement>();
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                index++;
                if (element.ValueKind != JsonValueKind.Object)
                    throw new PortalFileException($"Elemento {index} dell'elenco: atteso un oggetto (risultato o pagina della ricerca). Nessun bando importato.");
                if (element.TryGetProperty("results", out var page))
                {
                    if (page.ValueKind != JsonValueKind.Array)
                        throw new PortalFileException($"Pagina {index}: \"results\" non è un elenco. Nessun bando importato.");
                    all.AddRange(page.EnumerateArray());
                }
                else all.Add(element);
            }
            return all;
        }
        throw new PortalFileException("Il file non è una risposta della ricerca del portale (atteso un oggetto o un elenco JSON). Nessun bando importato.");
    }

    private static void ReadOne(JsonElement item, PortalParseResult result, Dictionary<string, int> byKey)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("metadata", out var meta) || meta.ValueKind != JsonValueKind.Object)
        {
            result.Rejected.Add(new PortalRejection(Text(item, "reference") ?? $"risultato {result.Results}", "risultato senza \"metadata\""));
            return;
        }
        var identifier = First(meta, "identifier") ?? Text(item, "reference") ?? "";
        var label = identifier.Length > 0 ? identifier : $"risultato {result.Results}";
        var typeText = First(meta, "type");
        if (!int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out var type))
        {
            result.Rejected.Add(new PortalRejection(label, $"tipo mancante o non valido \"{typeText}\""));
            return;
        }
        if (type == 0) { result.TendersSkipped++; return; }
        if (type is not (1 or 2 or 8))
        {
            result.Rejected.Add(new PortalRejection(label, $"tipo {type} non gestito (attesi 1, 2, 8)"));
            return;
        }
        if (identifier.Length == 0)
        {
            result.Rejected.Add(new PortalRejection(label, "identificativo mancante"));
            return;
        }
        var key = type == 1 ? identifier : Text(item, "reference") ?? identifier;

        DateTime? opening;
        var deadlines = new List<DateTime>();
        try
        {
            opening = First(meta, "startDate") is { } start ? ParseDate(start, "startDate", endOfDay: false) : null;
            foreach (var d in All(meta, "deadlineDate")) deadlines.Add(ParseDate(d, "deadlineDate", endOfDay: true));
            if (type == 8 && deadlines.Count == 0 && First(meta, "closingDate") is { } closing)
                deadlines.Add(ParseDate(closing, "closingDate", endOfDay: true));
            if (opening is null && ActionOpening(meta) is { } planned) opening = ParseDate(planned, "actions.plannedOpeningDate", endOfDay: false);
        }
        catch (FormatException ex)
        {
            result.Rejected.Add(new PortalRejection(identifier, ex.Message));
            return;
        }
        deadlines = deadlines.Distinct().Order().ToList();

        var (budget, min, max, grants) = Budget(meta, identifier, type);
        var programmeCode = First(meta, "frameworkProgramme");
        var title = type == 8
            ? First(meta, "callTitle") ?? First(meta, "title") ?? Text(item, "content")
            : First(meta, "title") ?? Text(item, "content") ?? First(meta, "callTitle");
        var call = new PortalCall
        {
            Key = key,
            Identifier = identifier,
            Type = type,
            Title = Clip(title ?? identifier, 1000),
            CallIdentifier = First(meta, "callIdentifier"),
            CallTitle = First(meta, "callTitle") is { } ct ? Clip(ct, 1000) : null,
            ProgrammeCode = programmeCode,
            Programme = programmeCode is null ? (type == 8 ? "Finanziamento a cascata" : "Altro") : ProgrammeLabels.GetValueOrDefault(programmeCode, programmeCode),
            TypeOfAction = First(meta, "typesOfAction") is { } toa ? Clip(Whitespace().Replace(toa, " ").Trim(), 300) : null,
            Keywords = Clip(string.Join(" | ", Keywords(meta)), 4000),
            Description = (First(meta, "descriptionByte") ?? First(meta, "description")) is { } html ? Clip(PlainText(html), 20000) : null,
            BudgetCents = budget,
            MinContributionCents = min,
            MaxContributionCents = max,
            ExpectedGrants = grants,
            OpeningUtc = opening,
            DeadlinesUtc = deadlines,
            DeadlineModel = First(meta, "deadlineModel"),
            PortalStatus = First(meta, "status"),
            Url = TopicPageBase + Uri.EscapeDataString(identifier),
            DocumentsJson = Documents(meta),
            Checksum = Text(item, "checksum"),
        };

        if (byKey.TryGetValue(key, out var existing))
        {
            // The same topic once per cut-off or language: one call with every deadline; the later result fills gaps.
            var first = result.Calls[existing];
            result.Calls[existing] = first with
            {
                DeadlinesUtc = first.DeadlinesUtc.Concat(call.DeadlinesUtc).Distinct().Order().ToList(),
                OpeningUtc = first.OpeningUtc ?? call.OpeningUtc,
                BudgetCents = first.BudgetCents ?? call.BudgetCents,
                MinContributionCents = first.MinContributionCents ?? call.MinContributionCents,
                MaxContributionCents = first.MaxContributionCents ?? call.MaxContributionCents,
                ExpectedGrants = first.ExpectedGrants ?? call.ExpectedGrants,
                Description = first.Description ?? call.Description,
                DocumentsJson = first.DocumentsJson ?? call.DocumentsJson,
                Keywords = first.Keywords.Length > 0 ? first.Keywords : call.Keywords,
            };
            result.DuplicatesMerged++;
            return;
        }
        byKey[key] = result.Calls.Count;
        result.Calls.Add(call);
    }

    /// <summary>
    /// The portal's date formats, as instants in UTC. A date without time is a whole day in Brussels: a deadline is the end
    /// of that day (so a call is not shown closed on its last day), an opening its start.
    /// </summary>
    public static DateTime ParseDate(string text, string field, bool endOfDay)
    {
        var s = text.Trim();
        // "2024-04-18T19:00:00.000+0200": .NET wants the offset as +02:00.
        var compact = CompactOffset().Match(s);
        if (compact.Success) s = s[..compact.Index] + compact.Groups[1].Value + ":" + compact.Groups[2].Value;
        string[] withTime = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"];
        if (DateTimeOffset.TryParseExact(s, withTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return instant.UtcDateTime;

        // "2024-09-27+02:00 Europe/Brussels": a day with its offset and zone name.
        var zoned = DateWithOffset().Match(s);
        if (zoned.Success && DateOnly.TryParseExact(zoned.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var zonedDay))
        {
            var offset = TimeSpan.Parse(zoned.Groups[3].Value, CultureInfo.InvariantCulture) * (zoned.Groups[2].Value == "-" ? -1 : 1);
            var local = zonedDay.ToDateTime(endOfDay ? new TimeOnly(23, 59, 59) : TimeOnly.MinValue);
            return new DateTimeOffset(local, offset).UtcDateTime;
        }

        // "19 May 2020" (actions) or "2026-04-29" (budgetOverview): a day in Brussels.
        string[] dayOnly = ["d MMMM yyyy", "dd MMMM yyyy", "d MMM yyyy", "yyyy-MM-dd"];
        if (DateOnly.TryParseExact(s, dayOnly, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var local = day.ToDateTime(endOfDay ? new TimeOnly(23, 59, 59) : TimeOnly.MinValue, DateTimeKind.Unspecified);
            return TimeZoneInfo.ConvertTimeToUtc(local, Brussels);
        }
        throw new FormatException($"{field}: formato di data non riconosciuto \"{text}\"");
    }

    private static (long? Budget, long? Min, long? Max, int? Grants) Budget(JsonElement meta, string identifier, int type)
    {
        if (First(meta, "budgetOverview") is { } json && TryParseJson(json) is { } overview)
        {
            using (overview)
            {
                if (overview.RootElement.ValueKind == JsonValueKind.Object
                    && overview.RootElement.TryGetProperty("budgetTopicActionMap", out var map) && map.ValueKind == JsonValueKind.Object)
                {
                    long total = 0; long? min = null, max = null; int? grants = null; var found = false;
                    foreach (var entries in map.EnumerateObject())
                    {
                        if (entries.Value.ValueKind != JsonValueKind.Array) continue;
                        foreach (var entry in entries.Value.EnumerateArray())
                        {
                            // The map covers the whole call: only this topic's actions ("<identifier> - RIA").
                            if (Text(entry, "action") is not { } action || !action.StartsWith(identifier + " ", StringComparison.OrdinalIgnoreCase)) continue;
                            found = true;
                            if (entry.TryGetProperty("budgetYearMap", out var years) && years.ValueKind == JsonValueKind.Object)
                                foreach (var y in years.EnumerateObject()) total += Cents(y.Value) ?? 0;
                            min = Min(min, entry.TryGetProperty("minContribution", out var mn) ? Cents(mn) : null);
                            max = Max(max, entry.TryGetProperty("maxContribution", out var mx) ? Cents(mx) : null);
                            if (entry.TryGetProperty("expectedGrants", out var g) && g.ValueKind == JsonValueKind.Number && g.TryGetInt32(out var gi))
                                grants = (grants ?? 0) + gi;
                        }
                    }
                    if (found) return (total > 0 ? total : null, min, max, grants);
                }
            }
        }
        if (type is 2 or 8 && First(meta, "budget") is { } budgetText && decimal.TryParse(budgetText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            return ((long)Math.Round(amount * 100m), null, null, null);
        return (null, null, null, null);
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static long? Cents(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var d) => (long)Math.Round(d * 100m),
        JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => (long)Math.Round(d * 100m),
        _ => null,
    };

    private static IEnumerable<string> Keywords(JsonElement meta)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in All(meta, "keywords").Concat(All(meta, "tags")))
        {
            // keywords is sometimes one JSON-encoded list inside the array.
            var trimmed = value.Trim();
            IEnumerable<string> words = [trimmed];
            if (trimmed.StartsWith('[') && TryParseJson(trimmed) is { } list)
                using (list)
                    words = list.RootElement.ValueKind == JsonValueKind.Array
                        ? list.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Trim()).ToList()
                        : [];
            foreach (var w in words)
                if (w.Length > 0 && seen.Add(w)) yield return w;
        }
    }

    private static string? ActionOpening(JsonElement meta)
    {
        if (First(meta, "actions") is not { } json || TryParseJson(json) is not { } actions) return null;
        using (actions)
        {
            var root = actions.RootElement;
            var first = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().FirstOrDefault() : root;
            return first.ValueKind == JsonValueKind.Object ? Text(first, "plannedOpeningDate") : null;
        }
    }

    private static string? Documents(JsonElement meta)
    {
        var documents = new List<PortalDocument>();
        foreach (var json in All(meta, "publicationDocuments"))
        {
            if (TryParseJson(json) is not { } parsed) continue;
            using (parsed)
            {
                var root = parsed.RootElement;
                IEnumerable<JsonElement> items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
                foreach (var d in items)
                    if (d.ValueKind == JsonValueKind.Object && Text(d, "docUrl") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
                        documents.Add(new PortalDocument(Text(d, "nameDoc") ?? url, url, Text(d, "typeDoc")));
            }
        }
        return documents.Count == 0 ? null : JsonSerializer.Serialize(documents);
    }

    private static JsonDocument? TryParseJson(string text)
    {
        try { return JsonDocument.Parse(text); }
        catch (JsonException) { return null; }
    }

    private static string PlainText(string html)
    {
        var text = Tags().Replace(html, " ");
        text = System.Net.WebUtility.HtmlDecode(text);
        return Whitespace().Replace(text, " ").Trim();
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    /// <summary>Metadata values are arrays of strings; a plain string is accepted too.</summary>
    private static IEnumerable<string> All(JsonElement meta, string name)
    {
        if (!meta.TryGetProperty(name, out var v)) yield break;
        if (v.ValueKind == JsonValueKind.String) { if (v.GetString() is { Length: > 0 } s) yield return s; yield break; }
        if (v.ValueKind != JsonValueKind.Array) yield break;
        foreach (var e in v.EnumerateArray())
            if (e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s) yield return s;
            else if (e.ValueKind == JsonValueKind.Number) yield return e.GetRawText();
    }

    private static string? First(JsonElement meta, string name) => All(meta, name).FirstOrDefault();

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")] private static partial Regex CompactOffset();
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})([+-])(\d{2}:\d{2})(\s+[A-Za-z_/]+)?$")] private static partial Regex DateWithOffset();
    [GeneratedRegex("<[^>]+>")] private static partial Regex Tags();
    [GeneratedRegex(@"\s+")] private static partial Regex Whitespace();
}

public sealed record PortalDocument(string Name, string Url, string? Type);
