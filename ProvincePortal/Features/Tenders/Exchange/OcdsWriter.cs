using System.Globalization;
using System.Text.Json;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>An organisation of a release; <see cref="Id"/> is the party id ("IT-CF-00311260095"), roles from the OCDS partyRole list.</summary>
public sealed record OcdsParty(string Id, string Name, string? CodiceFiscale, string? ForeignId, IReadOnlyList<string> Roles);

public sealed record OcdsItem(string Cig, string Description, long ValueCents);

public sealed record OcdsAward(string Id, string Cig, string Title, long? ValueCents, DateOnly? Date, IReadOnlyList<string> SupplierIds, DateOnly? Start, DateOnly? End);

/// <summary>One procedure as a contracting process: ocid, its lots as items (id = CIG), its awards.</summary>
public sealed record OcdsProcess(
    string Ocid,
    string ReleaseId,
    DateTime DateUtc,
    string Title,
    string BuyerId,
    string ProcuringEntityId,
    string Category,
    string? PcpSceltaContraente,
    string? MethodDetails,
    long ValueCents,
    DateOnly? DataPubblicazione,
    IReadOnlyList<OcdsParty> Parties,
    IReadOnlyList<OcdsItem> Items,
    IReadOnlyList<string> TendererIds,
    IReadOnlyList<OcdsAward> Awards,
    bool Concluded);

public sealed record OcdsPackageInfo(string Uri, string PublisherName, string? PublisherCodiceFiscale, DateTime PublishedUtc);

/// <summary>
/// Writes an OCDS 1.1.5 release package (release-package-schema.json) with System.Text.Json, streaming. Amounts in
/// EUR, dates as RFC 3339 date-times at midnight UTC; each CIG's ANAC page is attached as a tender document.
/// </summary>
public static class OcdsWriter
{
    public const string Version = "1.1";

    public static void Write(Stream stream, OcdsPackageInfo info, IEnumerable<OcdsProcess> processes)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("uri", info.Uri);
        w.WriteString("version", Version);
        w.WriteString("publishedDate", Stamp(info.PublishedUtc));
        w.WriteStartObject("publisher");
        w.WriteString("name", info.PublisherName);
        if (info.PublisherCodiceFiscale is { } cf) { w.WriteString("scheme", "IT-CF"); w.WriteString("uid", cf); }
        w.WriteEndObject();
        w.WriteStartArray("releases");
        foreach (var p in processes) WriteRelease(w, p);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRelease(Utf8JsonWriter w, OcdsProcess p)
    {
        w.WriteStartObject();
        w.WriteString("ocid", p.Ocid);
        w.WriteString("id", p.ReleaseId);
        w.WriteString("date", Stamp(p.DateUtc));
        w.WriteStartArray("tag");
        w.WriteStringValue("tender");
        if (p.Awards.Count > 0) w.WriteStringValue("award");
        w.WriteEndArray();
        w.WriteString("initiationType", "tender");
        w.WriteString("language", "it");

        w.WriteStartArray("parties");
        foreach (var party in p.Parties)
        {
            w.WriteStartObject();
            w.WriteString("id", party.Id);
            w.WriteString("name", party.Name);
            w.WriteStartObject("identifier");
            if (party.CodiceFiscale is { } cf) { w.WriteString("scheme", "IT-CF"); w.WriteString("id", cf); }
            else { w.WriteString("id", party.ForeignId ?? party.Id); }
            w.WriteString("legalName", party.Name);
            w.WriteEndObject();
            w.WriteStartArray("roles");
            foreach (var r in party.Roles) w.WriteStringValue(r);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteReference(w, "buyer", p.BuyerId, p.Parties);

        w.WriteStartObject("tender");
        w.WriteString("id", p.Ocid + "-tender");
        w.WriteString("title", p.Title);
        w.WriteString("status", p.Concluded ? "complete" : p.Awards.Count > 0 ? "complete" : "active");
        WriteReference(w, "procuringEntity", p.ProcuringEntityId, p.Parties);
        w.WriteStartArray("items");
        foreach (var item in p.Items)
        {
            w.WriteStartObject();
            w.WriteString("id", item.Cig);
            w.WriteString("description", item.Description);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteValue(w, "value", p.ValueCents);
        w.WriteString("procurementMethod", ProcedureTypeMap.OcdsMethod(p.PcpSceltaContraente));
        if (p.MethodDetails is { } details) w.WriteString("procurementMethodDetails", details);
        w.WriteString("mainProcurementCategory", p.Category);
        if (p.TendererIds.Count > 0)
        {
            w.WriteNumber("numberOfTenderers", p.TendererIds.Count);
            w.WriteStartArray("tenderers");
            foreach (var id in p.TendererIds) WriteReferenceValue(w, id, p.Parties);
            w.WriteEndArray();
        }
        w.WriteStartArray("documents");
        foreach (var item in p.Items)
        {
            w.WriteStartObject();
            w.WriteString("id", "anac-cig-" + item.Cig);
            w.WriteString("title", "Dettaglio CIG " + item.Cig + " (ANAC)");
            w.WriteString("url", AnacLinks.CigPage(item.Cig));
            w.WriteString("format", "text/html");
            w.WriteString("language", "it");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        if (p.Awards.Count > 0)
        {
            w.WriteStartArray("awards");
            foreach (var a in p.Awards)
            {
                w.WriteStartObject();
                w.WriteString("id", a.Id);
                w.WriteString("title", a.Title);
                w.WriteString("status", "active");
                if (a.Date is { } d) w.WriteString("date", Stamp(d));
                if (a.ValueCents is { } v) WriteValue(w, "value", v);
                w.WriteStartArray("suppliers");
                foreach (var id in a.SupplierIds) WriteReferenceValue(w, id, p.Parties);
                w.WriteEndArray();
                w.WriteStartArray("items");
                var item = p.Items.First(i => i.Cig == a.Cig);
                w.WriteStartObject();
                w.WriteString("id", item.Cig);
                w.WriteString("description", item.Description);
                w.WriteEndObject();
                w.WriteEndArray();
                if (a.Start is not null || a.End is not null)
                {
                    w.WriteStartObject("contractPeriod");
                    if (a.Start is { } s) w.WriteString("startDate", Stamp(s));
                    if (a.End is { } e) w.WriteString("endDate", Stamp(e));
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteReference(Utf8JsonWriter w, string name, string id, IReadOnlyList<OcdsParty> parties)
    {
        w.WritePropertyName(name);
        WriteReferenceValue(w, id, parties);
    }

    private static void WriteReferenceValue(Utf8JsonWriter w, string id, IReadOnlyList<OcdsParty> parties)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        if (parties.FirstOrDefault(p => p.Id == id) is { } party) w.WriteString("name", party.Name);
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, string name, long cents)
    {
        w.WriteStartObject(name);
        w.WriteNumber("amount", cents / 100m);
        w.WriteString("currency", "EUR");
        w.WriteEndObject();
    }

    public static string Stamp(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    public static string Stamp(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    /// <summary>The party id of an Italian body or company (codice fiscale), or of a foreign operator.</summary>
    public static string PartyId(string? codiceFiscale, string? foreignId) =>
        codiceFiscale is { Length: > 0 } cf ? "IT-CF-" + cf : "XX-" + (foreignId ?? "");
}

public static class AnacLinks
{
    /// <summary>ANAC's public page of a CIG (open-data dashboard "dettaglio CIG").</summary>
    public static string CigPage(string cig) => CigCode.PublicUrl(cig);
}
