using System.Xml;
using System.Xml.Schema;
using NJsonSchema;

namespace ProvincePortal.Tests.Features.Tenders.Exchange;

/// <summary>The sample files of TestData/gare (see TestData/SOURCE.md) and independent validators for the outputs.</summary>
public static class ExchangeSamples
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "TestData", "gare");
    public static string Raggruppamento => Path.Combine(Dir, "SYNTHETIC-raggruppamento-example.xml");
    public static string Indice => Path.Combine(Dir, "SYNTHETIC-indice-example.xml");
    public static string CigCsv => Path.Combine(Dir, "cig-2023-10-sample.csv");

    /// <summary>Validates XML against the XSD files on disk (not the app's embedded copy); returns every error with its line.</summary>
    public static List<string> XsdErrors(byte[] xml)
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() }; // resolves the xsd:include of TypesL190.xsd beside it
        set.Add("legge190_1_0", Path.Combine(Dir, "datasetAppaltiL190.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = set };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Exception.LineNumber}:{e.Exception.LinePosition} {e.Message}");
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read()) { }
        return errors;
    }

    private static readonly Lazy<Task<JsonSchema>> PackageSchema = new(LoadPackageSchemaAsync);

    /// <summary>
    /// The OCDS 1.1.5 release package schema with its release schema. The package schema points to the release schema
    /// by its absolute URL; offline, that one reference is pointed to the local copy beside it.
    /// </summary>
    private static async Task<JsonSchema> LoadPackageSchemaAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pp-tests", "ocds-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(Dir, "release-schema.json"), Path.Combine(dir, "release-schema.json"));
        var package = await File.ReadAllTextAsync(Path.Combine(Dir, "release-package-schema.json"));
        Assert.Contains("https://standard.open-contracting.org/schema/1__1__5/release-schema.json", package);
        package = package.Replace("\"$ref\": \"https://standard.open-contracting.org/schema/1__1__5/release-schema.json\"", "\"$ref\": \"release-schema.json\"");
        var path = Path.Combine(dir, "release-package-schema.json");
        await File.WriteAllTextAsync(path, package);
        return await JsonSchema.FromFileAsync(path);
    }

    public static async Task<List<string>> OcdsErrors(string json)
    {
        var schema = await PackageSchema.Value;
        return schema.Validate(json).Select(Flatten).ToList();
    }

    private static string Flatten(NJsonSchema.Validation.ValidationError e) =>
        e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? $"{e.Path}: {e.Kind} [{string.Join("; ", child.Errors.SelectMany(x => x.Value).Select(Flatten))}]"
            : $"{e.Path}: {e.Kind}";
}
