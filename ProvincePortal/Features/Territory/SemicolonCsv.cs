using System.Text;

namespace ProvincePortal.Features.Territory;

/// <summary>One record of a ';'-separated file. <see cref="Line"/> is the physical line where it starts (as an editor shows it).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, bool UnterminatedQuote);

/// <summary>
/// A small reader for ';'-separated text with quoted fields that may hold ';', doubled quotes and line breaks
/// (ISTAT header cells do). Kept lenient on purpose: the caller validates field counts and values, so that it can name
/// the column that is wrong instead of failing on the first odd character.
/// </summary>
public static class SemicolonCsv
{
    public static IEnumerable<CsvRecord> Read(string text, char separator = ';')
    {
        var i = 0;
        var n = text.Length;
        var line = 1;
        var field = new StringBuilder();
        while (i < n)
        {
            var startLine = line;
            var fields = new List<string>();
            while (true)
            {
                if (i < n && text[i] == '"')
                {
                    i++;
                    var closed = false;
                    while (i < n)
                    {
                        var c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < n && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                            i++;
                            closed = true;
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (i + 1 >= n || text[i + 1] != '\n'))) line++;
                        field.Append(c);
                        i++;
                    }
                    if (!closed)
                    {
                        fields.Add(field.ToString());
                        yield return new CsvRecord(startLine, fields, UnterminatedQuote: true);
                        yield break;
                    }
                }
                // Unquoted text, or stray characters after a closing quote (kept: the value check will see them).
                while (i < n && text[i] != separator && text[i] != '\n' && text[i] != '\r')
                    field.Append(text[i++]);
                fields.Add(field.ToString());
                field.Clear();

                if (i >= n) break;
                if (text[i] == separator)
                {
                    i++;
                    if (i >= n) { fields.Add(""); break; }
                    continue;
                }
                if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') i += 2;
                else i++;
                line++;
                break;
            }
            if (fields.Count == 1 && fields[0].Length == 0) continue; // an empty line carries nothing
            yield return new CsvRecord(startLine, fields, UnterminatedQuote: false);
        }
    }
}
