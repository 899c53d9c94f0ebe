using System.Xml;
using System.Xml.Schema;

namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// ANAC's XSDs of the L.190 data set, embedded in the assembly (Schemas/SOURCE.md). The compiled set is immutable
/// once built, so one instance serves every reader and writer.
/// </summary>
public static class L190Schema
{
    public const string Namespace = "legge190_1_0";
    public const string FileName = "datasetAppaltiL190.xsd";

    private static readonly Lazy<XmlSchemaSet> Compiled = new(Build);

    public static XmlSchemaSet Set => Compiled.Value;

    /// <summary>The sceltaContraente strings the XSD accepts, in its order (exact: UTF-8, one with a curly apostrophe).</summary>
    public static IReadOnlyList<string> SceltaContraenteValues => SceltaValues.Value;

    public static IReadOnlyList<string> RuoloValues { get; } = ["01-MANDANTE", "02-MANDATARIA", "03-ASSOCIATA", "04-CAPOGRUPPO", "05-CONSORZIATA"];

    private static readonly Lazy<IReadOnlyList<string>> SceltaValues = new(() =>
        Set.GlobalTypes.Values.OfType<XmlSchemaSimpleType>()
            .Where(t => t.Name == "sceltaContraenteType")
            .SelectMany(t => ((XmlSchemaSimpleTypeRestriction)t.Content!).Facets.OfType<XmlSchemaEnumerationFacet>())
            .Select(f => f.Value!)
            .ToList());

    public static Stream Open(string name) =>
        typeof(L190Schema).Assembly.GetManifestResourceStream("ProvincePortal.Schemas.L190." + name)
        ?? throw new InvalidOperationException($"Schema {name} non incluso nell'assembly.");

    private static XmlSchemaSet Build()
    {
        var set = new XmlSchemaSet { XmlResolver = new EmbeddedResolver() };
        using var stream = Open(FileName);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { XmlResolver = new EmbeddedResolver() }, "embedded:///" + FileName);
        set.Add(Namespace, reader);
        set.Compile();
        return set;
    }

    /// <summary>Resolves the xsd:include of TypesL190.xsd from the assembly, never from disk or network.</summary>
    private sealed class EmbeddedResolver : XmlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            Open(Path.GetFileName(absoluteUri.AbsolutePath));

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) =>
            new("embedded:///" + Path.GetFileName(relativeUri ?? ""));
    }
}
