using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// Reads an L.190 data set produced by any software (PortaleAppalti and others). The whole file is validated against
/// datasetAppaltiL190.xsd first; a file with any error is refused as a whole, with every error found (line, column,
/// element) in Italian. Only a valid file is turned into records.
/// </summary>
public static class L190Reader
{
    /// <summary>Errors beyond this many are summarised: a wrong file can otherwise produce thousands.</summary>
    private const int MaxErrors = 50;

    /// <exception cref="L190FormatException">Not well formed, or not valid against the XSD.</exception>
    public static L190Dataset Read(Stream stream, string fileName)
    {
        var errors = new List<string>();
        var extra = 0;
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = L190Schema.Set,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
        };
        // Only the schema we hold counts: xsi:schemaLocation hints in the file are ignored.
        settings.ValidationFlags &= ~XmlSchemaValidationFlags.ProcessSchemaLocation;
        settings.ValidationFlags &= ~XmlSchemaValidationFlags.ProcessInlineSchema;
        // An element the schema does not know (another root, another namespace) is only a warning for .NET: here it is an error.
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        XmlReader? current = null;
        settings.ValidationEventHandler += (_, e) =>
        {
            if (errors.Count >= MaxErrors) { extra++; return; }
            // Simple values are checked at the end tag, so the reader is on the element either way.
            var element = current is { NodeType: XmlNodeType.Element or XmlNodeType.EndElement } ? current.LocalName : null;
            errors.Add(Describe(fileName, e.Exception.LineNumber, e.Exception.LinePosition, element, e.Exception.Message));
        };

        XDocument document;
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            current = reader;
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            errors.Add($"{fileName}, riga {ex.LineNumber}, colonna {ex.LinePosition}: XML non ben formato ({ex.Message}).");
            throw new L190FormatException(errors);
        }
        if (errors.Count == 0 && document.Root is { } root && root.Name != XName.Get("pubblicazione", L190Schema.Namespace))
            errors.Add($"{fileName}, riga {((IXmlLineInfo)root).LineNumber}, elemento <{root.Name.LocalName}>: non è un dataset L.190 (atteso legge190:pubblicazione).");
        if (extra > 0) errors.Add($"{fileName}: altri {extra} errori non elencati.");
        if (errors.Count > 0) throw new L190FormatException(errors);
        return Map(document.Root!);
    }

    public static L190Dataset ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    private static string Describe(string file, int line, int column, string? element, string message)
    {
        var where = $"{file}, riga {line}, colonna {column}" + (element is { Length: > 0 } ? $", elemento <{element}>" : "");
        var what = message switch
        {
            _ when message.Contains("is not declared") || message.Contains("Could not find schema information") => "elemento non previsto dallo schema L.190 (la radice deve essere legge190:pubblicazione nello spazio dei nomi legge190_1_0)",
            _ when message.Contains("has invalid child element") => "elemento fuori posto o non previsto",
            _ when message.Contains("has incomplete content") => "manca un elemento obbligatorio",
            _ when message.Contains("Enumeration constraint failed") => "valore non ammesso dall'elenco dello schema",
            _ when message.Contains("Pattern constraint failed") => "formato non valido (codice fiscale: 11 cifre o 16 caratteri)",
            _ when message.Contains("MaxLength constraint failed") || message.Contains("actual length is greater") => "testo troppo lungo (massimo consentito dallo schema)",
            _ when message.Contains("cannot contain text") => "l'elemento non può contenere testo",
            _ when message.Contains("TotalDigits") || message.Contains("FractionDigits") || message.Contains("MaxInclusive") || message.Contains("MinInclusive") => "importo fuori dai limiti (da 0 a 999999999999.99, al massimo 2 decimali)",
            _ when message.Contains("datatype") => "valore non valido per il tipo previsto (date AAAA-MM-GG, importi con il punto decimale)",
            _ => "non conforme allo schema",
        };
        return $"{where}: {what} — {message}";
    }

    private static L190Dataset Map(XElement root)
    {
        var metadata = root.Element("metadata")!;
        var meta = new L190Metadata(
            Text(metadata, "titolo"),
            Text(metadata, "abstract"),
            Date(metadata, "dataPubblicazioneDataset")!.Value,
            Text(metadata, "entePubblicatore"),
            Date(metadata, "dataUltimoAggiornamentoDataset")!.Value,
            int.Parse(Text(metadata, "annoRiferimento"), CultureInfo.InvariantCulture),
            Text(metadata, "urlFile"),
            Text(metadata, "licenza"));
        var lots = root.Element("data")!.Elements("lotto").Select(MapLot).ToList();
        return new L190Dataset(meta, lots);
    }

    private static L190Lot MapLot(XElement lotto)
    {
        var sp = lotto.Element("strutturaProponente")!;
        var tempi = lotto.Element("tempiCompletamento")!;
        var partecipanti = lotto.Element("partecipanti")!;
        var aggiudicatari = lotto.Element("aggiudicatari")!;
        return new L190Lot(
            Text(lotto, "cig").ToUpperInvariant(),
            Text(sp, "codiceFiscaleProp").ToUpperInvariant(),
            Text(sp, "denominazione"),
            Text(lotto, "oggetto"),
            Text(lotto, "sceltaContraente"),
            [.. partecipanti.Elements("raggruppamento").Select(Group), .. partecipanti.Elements("partecipante").Select(Single)],
            [.. aggiudicatari.Elements("aggiudicatarioRaggruppamento").Select(Group), .. aggiudicatari.Elements("aggiudicatario").Select(Single)],
            decimal.Parse(Text(lotto, "importoAggiudicazione"), NumberStyles.Number, CultureInfo.InvariantCulture),
            Date(tempi, "dataInizio"),
            Date(tempi, "dataUltimazione"),
            decimal.Parse(Text(lotto, "importoSommeLiquidate"), NumberStyles.Number, CultureInfo.InvariantCulture),
            ((IXmlLineInfo)lotto).LineNumber);
    }

    private static L190Participant Group(XElement group) =>
        new(group.Elements("membro").Select(m => new L190Member(Operator(m), Text(m, "ruolo"))).ToList());

    private static L190Participant Single(XElement single) => L190Participant.Single(Operator(single));

    private static L190Operator Operator(XElement e)
    {
        var cf = e.Element("codiceFiscale")?.Value.Trim();
        var foreign = e.Element("identificativoFiscaleEstero")?.Value.Trim();
        return new L190Operator(string.IsNullOrEmpty(cf) ? null : cf.ToUpperInvariant(), string.IsNullOrEmpty(foreign) ? null : foreign, Text(e, "ragioneSociale"));
    }

    private static string Text(XElement parent, string name) => parent.Element(name)?.Value.Trim() ?? "";

    private static DateOnly? Date(XElement parent, string name)
    {
        var text = parent.Element(name)?.Value.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        // xsd:date allows a time zone suffix ("2023-05-02+01:00"): the calendar date is what counts.
        return DateOnly.ParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
