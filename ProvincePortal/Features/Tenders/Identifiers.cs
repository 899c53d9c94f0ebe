using System.Globalization;
using System.Text.RegularExpressions;

namespace ProvincePortal.Features.Tenders;

/// <summary>
/// Offline checks of the identifiers a procedure carries. Each <c>Check</c> returns null when the value is valid,
/// otherwise an Italian message naming the rule that failed; callers add the field. Values are compared upper case,
/// trimmed: <see cref="Normalize"/> gives the form to store.
/// </summary>
public static class Identifier
{
    public static string Normalize(string? value) => (value ?? "").Trim().ToUpperInvariant();
}

/// <summary>CIG (Codice Identificativo di Gara) in ANAC's three generations, see specs/anac-pcp-codelists/algoritmoValidazioneCIG.md.</summary>
public static partial class CigCode
{
    public enum Generation { SimogV1, SimogV2Pcp, SmartCig }

    public static bool IsValid(string? cig) => Check(cig) is null;

    public static Generation? GenerationOf(string? cig)
    {
        var c = Identifier.Normalize(cig);
        if (c.Length != 10) return null;
        if (char.IsAsciiDigit(c[0])) return Generation.SimogV1;
        if (c[0] is >= 'A' and <= 'U') return Generation.SimogV2Pcp;
        if (c[0] is 'X' or 'Y' or 'Z') return Generation.SmartCig;
        return null;
    }

    public static string? Check(string? cig)
    {
        var c = Identifier.Normalize(cig);
        if (c.Length == 0) return "Il CIG è vuoto.";
        if (c.Length != 10) return $"Il CIG deve avere 10 caratteri (ne ha {c.Length}).";
        switch (GenerationOf(c))
        {
            case Generation.SimogV1:
                // ANNNNNNKKK: 7 decimal digits, then KKK = hex(N·211 mod 4091).
                if (!V1().IsMatch(c)) return "CIG SIMOG (prima versione) non valido: servono 7 cifre decimali e 3 cifre esadecimali di controllo.";
                var n1 = long.Parse(c[..7], CultureInfo.InvariantCulture);
                if (n1 == 0) return "CIG SIMOG (prima versione) non valido: il progressivo non può essere 0000000.";
                if (Hex(c[7..]) != n1 * 211 % 4091) return "CIG non valido: il codice di controllo non corrisponde (algoritmo SIMOG prima versione).";
                return null;
            case Generation.SimogV2Pcp:
                // ANNNNNNKKK: letter A–U, 6 hex digits, KKK = hex((N + ord(A))·211 mod 4091).
                if (!Hex9().IsMatch(c[1..])) return "CIG SIMOG/PCP non valido: dopo la lettera servono 9 cifre esadecimali (0-9, A-F).";
                var n2 = Hex(c[1..7]);
                if (Hex(c[7..]) != (n2 + (c[0] - 'A' + 1)) * 211 % 4091) return "CIG non valido: il codice di controllo non corrisponde (algoritmo SIMOG seconda versione / PCP).";
                return null;
            case Generation.SmartCig:
                // AKKCCCCCCC: X/Y/Z, 2 hex check digits, 7 hex digits; KK = hex(C·211 mod 251).
                if (!Hex9().IsMatch(c[1..])) return "SmartCIG non valido: dopo la lettera servono 9 cifre esadecimali (0-9, A-F).";
                var n3 = Hex(c[3..]);
                if (n3 == 0) return "SmartCIG non valido: il progressivo non può essere 0000000.";
                if (Hex(c[1..3]) != n3 * 211 % 251) return "CIG non valido: il codice di controllo non corrisponde (algoritmo SmartCIG).";
                return null;
            default:
                return "CIG non valido: deve iniziare con una cifra (SIMOG), con una lettera da A a U (SIMOG/PCP) o con X, Y, Z (SmartCIG).";
        }
    }

    /// <summary>ANAC's public page of a CIG (open data dashboard).</summary>
    public static string PublicUrl(string cig) =>
        "https://dati.anticorruzione.it/superset/dashboard/dettaglio_cig/?cig=" + Uri.EscapeDataString(Identifier.Normalize(cig)) + "&standalone=2";

    private static long Hex(string s) => long.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9]{7}[0-9A-F]{3}$")] private static partial Regex V1();
    [GeneratedRegex("^[0-9A-F]{9}$")] private static partial Regex Hex9();
}

/// <summary>CUP (Codice Unico di Progetto): 15 characters, no public check digit; characters 5–6 are the year.</summary>
public static partial class CupCode
{
    public static bool IsValid(string? cup) => Check(cup) is null;

    public static string? Check(string? cup)
    {
        var c = Identifier.Normalize(cup);
        if (c.Length != 15) return $"Il CUP deve avere 15 caratteri (ne ha {c.Length}).";
        if (!Shape().IsMatch(c))
            return "CUP non valido: la struttura attesa è lettera, 2 cifre, lettera, 11 cifre (es. E37H22001230001).";
        return null;
    }

    [GeneratedRegex("^[A-Z][0-9]{2}[A-Z][0-9]{11}$")] private static partial Regex Shape();
}

/// <summary>
/// CPV code: 8 digits, a dash, a check digit ("45000000-7"). The check digit is the weighted sum of the 8 digits with
/// weights 3, 7, 1 repeated, modulo 10 (no published formula: found on and verified against every CPV of the ANAC
/// open-data sample and the CPV divisions).
/// </summary>
public static partial class CpvCode
{
    private static readonly int[] Weights = [3, 7, 1, 3, 7, 1, 3, 7];

    public static bool IsValid(string? cpv) => Check(cpv) is null;

    public static int CheckDigit(string eightDigits) =>
        eightDigits.Select((ch, i) => (ch - '0') * Weights[i]).Sum() % 10;

    public static string? Check(string? cpv)
    {
        var c = Identifier.Normalize(cpv);
        if (!Shape().IsMatch(c)) return "Codice CPV non valido: il formato è 8 cifre, trattino e cifra di controllo (es. 45000000-7).";
        var expected = CheckDigit(c[..8]);
        if (c[9] - '0' != expected) return $"Codice CPV non valido: la cifra di controllo di {c[..8]} è {expected}, non {c[9]}.";
        return null;
    }

    [GeneratedRegex("^[0-9]{8}-[0-9]$")] private static partial Regex Shape();
}

/// <summary>Partita IVA, and codice fiscale of a legal entity (the same 11-digit number).</summary>
public static partial class PartitaIva
{
    public static bool IsValid(string? value) => Check(value) is null;

    public static string? Check(string? value)
    {
        var c = Identifier.Normalize(value);
        if (!Digits11().IsMatch(c)) return $"Partita IVA non valida: servono 11 cifre (ne ha {c.Length}).";
        if (c[..7] == "0000000") return "Partita IVA non valida: le prime 7 cifre (numero di matricola) non possono essere tutte zero.";
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var d = c[i] - '0';
            // Positions 2, 4, 6, 8, 10 (1-based) are doubled, 9 subtracted when over 9.
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        var check = (10 - sum % 10) % 10;
        if (c[10] - '0' != check) return $"Partita IVA non valida: la cifra di controllo dovrebbe essere {check}, non {c[10]}.";
        return null;
    }

    [GeneratedRegex("^[0-9]{11}$")] private static partial Regex Digits11();
}

/// <summary>
/// Codice fiscale: 16 characters for a person (with omocodia: digits replaced by L M N P Q R S T U V) or 11 digits for
/// a company or public body (checked as a partita IVA).
/// </summary>
public static partial class CodiceFiscale
{
    private const string OmocodiaLetters = "LMNPQRSTUV";
    private const string Months = "ABCDEHLMPRST";
    private static readonly int[] OddValues = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    // 0-based positions that hold digits, possibly replaced by omocodia letters.
    private static readonly int[] NumericPositions = [6, 7, 9, 10, 12, 13, 14];

    public static bool IsValid(string? value) => Check(value) is null;

    public static string? Check(string? value)
    {
        var c = Identifier.Normalize(value);
        if (c.Length == 11) return PartitaIva.Check(c)?.Replace("Partita IVA non valida", "Codice fiscale numerico non valido");
        if (c.Length != 16) return $"Codice fiscale non valido: servono 16 caratteri (persona) o 11 cifre (ente o società); ne ha {c.Length}.";
        if (!Person().IsMatch(c))
            return "Codice fiscale non valido: la struttura attesa è 6 lettere, 2 cifre, lettera del mese, 2 cifre, lettera, 3 cifre, lettera di controllo.";
        var plain = c.ToCharArray();
        foreach (var p in NumericPositions)
            if (OmocodiaLetters.IndexOf(plain[p]) is var k and >= 0) plain[p] = (char)('0' + k);
        if (Months.IndexOf(c[8]) < 0) return $"Codice fiscale non valido: «{c[8]}» non è una lettera di mese.";
        var day = (plain[9] - '0') * 10 + (plain[10] - '0');
        if (day is < 1 or > 31 and < 41 or > 71) return "Codice fiscale non valido: il giorno di nascita deve essere tra 01 e 31 (tra 41 e 71 per le donne).";
        var expected = ExpectedCheckLetter(c);
        if (c[15] != expected) return $"Codice fiscale non valido: il carattere di controllo dovrebbe essere {expected}, non {c[15]}.";
        return null;
    }

    /// <summary>The check letter of the first 15 characters (with omocodia letters as they are: the table covers them).</summary>
    public static char ExpectedCheckLetter(string first15)
    {
        var sum = 0;
        for (var i = 0; i < 15; i++)
        {
            var ch = first15[i];
            var v = char.IsAsciiDigit(ch) ? ch - '0' : ch - 'A';
            // Positions 1, 3, 5 … (1-based) use the odd table; digits and letters map to the same index.
            sum += i % 2 == 0 ? OddValues[v] : v;
        }
        return (char)('A' + sum % 26);
    }

    [GeneratedRegex("^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$")] private static partial Regex Person();
}

/// <summary>Dates that must follow one another (pubblicazione ≤ aggiudicazione ≤ stipula …); missing dates are skipped.</summary>
public static class DateOrder
{
    public sealed record Step(string Field, string Label, DateOnly? Date);

    /// <summary>For each date earlier than a preceding one, the field and the message.</summary>
    public static IEnumerable<(string Field, string Message)> Check(params Step[] steps)
    {
        Step? last = null;
        foreach (var s in steps)
        {
            if (s.Date is not { } d) continue;
            if (last is not null && d < last.Date!.Value)
                yield return (s.Field, $"La {s.Label} ({Localization.Formats.Date(d)}) non può precedere la {last.Label} ({Localization.Formats.Date(last.Date.Value)}).");
            else last = s;
        }
    }
}
