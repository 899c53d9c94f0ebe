using System.Text;

namespace ProvincePortal.Tests.Features.Territory;

/// <summary>The IndicePA sample of TestData/indicepa (16 genuine rows of the "enti" data set) and variants built from it.</summary>
public static class IpaSamples
{
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "TestData", "indicepa", "enti_sample.csv");

    /// <summary>The sample's lines (header first); none of its quoted fields spans lines, so line i of the file is index i-1.</summary>
    public static List<string> Lines() => File.ReadAllText(Sample, Encoding.UTF8).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    public static string Write(string directory, string name, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    /// <summary>The line of the sample whose Codice_IPA is <paramref name="code"/> with <paramref name="from"/> replaced.</summary>
    public static List<string> With(List<string> lines, string code, string from, string to)
    {
        var i = lines.FindIndex(l => l.Split(',')[1] == code);
        if (i < 0 || !lines[i].Contains(from)) throw new InvalidOperationException($"{code}: «{from}» non trovato");
        lines[i] = lines[i].Replace(from, to);
        return lines;
    }
}
