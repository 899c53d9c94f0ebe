using System.Text;

namespace ProvincePortal.Tests.Features.Territory;

/// <summary>The genuine ISTAT files of TestData/istat, and small files built from them for the bad-input cases.</summary>
public static class IstatSamples
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "istat", name);
    public static string File2019 => PathOf("elenco-comuni-italiani-2019-05-15.csv");
    public static string File2020 => PathOf("elenco-comuni-italiani-2020-01-01.csv");
    public static string RecentHeaderSample => PathOf("Elenco-comuni-italiani_recent_header_sample_utf8.csv");

    public static readonly Encoding Windows1252;

    static IstatSamples()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    /// <summary>The 2020 file split in its header record (three physical lines: two cells hold a line break) and its data lines.</summary>
    public static (string Header, List<string> Lines) Split2020()
    {
        var text = Windows1252.GetString(File.ReadAllBytes(File2020));
        var firstRow = text.IndexOf("\r\n01;201;001; 001 ;", StringComparison.Ordinal);
        var header = text[..firstRow];
        var lines = text[(firstRow + 2)..].Split("\r\n").Where(l => l.Length > 0).ToList();
        return (header, lines);
    }

    /// <summary>Physical line of data line <paramref name="index"/> (0-based) in a file built by <see cref="Build"/>.</summary>
    public static int LineOf(int index) => index + 4;

    /// <summary>A 2020-layout file as ISTAT writes it: Windows-1252, CRLF after every line.</summary>
    public static byte[] Build(string header, IEnumerable<string> lines, Encoding? encoding = null, bool finalNewline = true)
    {
        var text = header + "\r\n" + string.Join("\r\n", lines) + (finalNewline ? "\r\n" : "");
        return (encoding ?? Windows1252).GetBytes(text);
    }

    /// <summary>The first <paramref name="count"/> data lines of the 2020 file (Piedmont, Torino first).</summary>
    public static byte[] Small2020(int count = 5, Func<List<string>, List<string>>? edit = null)
    {
        var (header, lines) = Split2020();
        var some = lines.Take(count).ToList();
        return Build(header, edit is null ? some : edit(some));
    }

    /// <summary>Replaces field <paramref name="index"/> of a ';' line (no quotes in ISTAT data lines).</summary>
    public static string WithField(string line, int index, string value)
    {
        var fields = line.Split(';');
        fields[index] = value;
        return string.Join(';', fields);
    }

    public static string Field(string line, int index) => line.Split(';')[index];

    /// <summary>Column positions of the 2019/2020 layout.</summary>
    public static class Col2020
    {
        public const int RegionCode = 0, Uts = 1, IstatCode = 4, NameBoth = 5, Name = 6, NameOther = 7, RegionName = 10, UtsName = 11,
            Capoluogo = 12, Sigla = 13, Cadastral = 18, Population = 19;
    }

    public static string WriteTemp(string directory, string name, byte[] bytes)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
