using System.Globalization;
using System.Text;
using System.Xml;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// Writes an L.190 data set, streaming (10,000 lots in well under a second). Texts longer than the schema's 250
/// characters are cut, amounts are written with two decimals; the caller is responsible for fiscal codes, sceltaContraente
/// and roles being among the XSD's values (the export service checks them, the tests validate every output).
/// </summary>
public static class L190Writer
{
    public const int MaxText = 250;

    public static void Write(Stream stream, L190Dataset dataset)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using var w = XmlWriter.Create(stream, settings);
        w.WriteStartDocument();
        w.WriteStartElement("legge190", "pubblicazione", L190Schema.Namespace);
        w.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
        w.WriteAttributeString("xsi", "schemaLocation", "http://www.w3.org/2001/XMLSchema-instance", L190Schema.Namespace + " " + L190Schema.FileName);

        var m = dataset.Metadata;
        w.WriteStartElement("metadata");
        w.WriteElementString("titolo", m.Titolo);
        w.WriteElementString("abstract", m.Abstract);
        w.WriteElementString("dataPubblicazioneDataset", Date(m.DataPubblicazione));
        w.WriteElementString("entePubblicatore", m.EntePubblicatore);
        w.WriteElementString("dataUltimoAggiornamentoDataset", Date(m.DataUltimoAggiornamento));
        w.WriteElementString("annoRiferimento", m.AnnoRiferimento.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("urlFile", m.UrlFile);
        w.WriteElementString("licenza", m.Licenza);
        w.WriteEndElement();

        w.WriteStartElement("data");
        foreach (var lot in dataset.Lots) WriteLot(w, lot);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteLot(XmlWriter w, L190Lot lot)
    {
        w.WriteStartElement("lotto");
        w.WriteElementString("cig", lot.Cig);
        w.WriteStartElement("strutturaProponente");
        w.WriteElementString("codiceFiscaleProp", lot.CodiceFiscaleProp);
        w.WriteElementString("denominazione", Cut(lot.DenominazioneProp));
        w.WriteEndElement();
        w.WriteElementString("oggetto", Cut(lot.Oggetto));
        w.WriteElementString("sceltaContraente", lot.SceltaContraente);

        // The schema wants the groups (two members at least) before the single operators.
        w.WriteStartElement("partecipanti");
        foreach (var g in lot.Partecipanti.Where(p => p.Members.Count > 1)) WriteGroup(w, "raggruppamento", g);
        foreach (var s in lot.Partecipanti.Where(p => p.Members.Count == 1)) WriteSingle(w, "partecipante", s);
        w.WriteEndElement();
        w.WriteStartElement("aggiudicatari");
        foreach (var g in lot.Aggiudicatari.Where(p => p.Members.Count > 1)) WriteGroup(w, "aggiudicatarioRaggruppamento", g);
        foreach (var s in lot.Aggiudicatari.Where(p => p.Members.Count == 1)) WriteSingle(w, "aggiudicatario", s);
        w.WriteEndElement();

        w.WriteElementString("importoAggiudicazione", Amount(lot.ImportoAggiudicazione));
        w.WriteStartElement("tempiCompletamento");
        if (lot.DataInizio is { } start) w.WriteElementString("dataInizio", Date(start));
        if (lot.DataUltimazione is { } end) w.WriteElementString("dataUltimazione", Date(end));
        w.WriteEndElement();
        w.WriteElementString("importoSommeLiquidate", Amount(lot.ImportoSommeLiquidate));
        w.WriteEndElement();
    }

    private static void WriteGroup(XmlWriter w, string name, L190Participant group)
    {
        w.WriteStartElement(name);
        foreach (var member in group.Members)
        {
            w.WriteStartElement("membro");
            WriteOperator(w, member.Operator);
            // A group member without a role is a mandante unless said otherwise: the schema requires one.
            w.WriteElementString("ruolo", member.Ruolo ?? "01-MANDANTE");
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void WriteSingle(XmlWriter w, string name, L190Participant single)
    {
        w.WriteStartElement(name);
        WriteOperator(w, single.Members[0].Operator);
        w.WriteEndElement();
    }

    private static void WriteOperator(XmlWriter w, L190Operator op)
    {
        if (op.CodiceFiscale is { Length: > 0 } cf) w.WriteElementString("codiceFiscale", cf);
        else w.WriteElementString("identificativoFiscaleEstero", op.IdentificativoFiscaleEstero ?? "");
        w.WriteElementString("ragioneSociale", Cut(op.RagioneSociale));
    }

    private static string Cut(string text) => text.Length <= MaxText ? text : text[..MaxText];
    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Amount(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
}
