using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Agenda;

/// <summary>
/// The first framework version (period 2026), built from the project's draft list Seed/agenda/indicators-comune-draft.csv
/// (see Seed/agenda/SOURCE.md). The CSV describes normalisation in words; the mapping to our three methods is here, and
/// what the CSV leaves open (targets, goalposts, which PA digitale measure feeds an indicator) is stated explicitly.
/// </summary>
public static class DefaultFramework
{
    public const string Period = "2026";
    public static string SeedFile => Path.Combine(AppContext.BaseDirectory, "Seed", "agenda", "indicators-comune-draft.csv");

    /// <summary>Indicators fed by the PA digitale 2026 files: code → measure key (Pad26Measures).</summary>
    private static readonly Dictionary<string, string> MeasureOf = new()
    {
        ["A1"] = "1.4.1", ["A3"] = "1.4.3 pagoPA", ["A4"] = "1.4.3 app IO", ["A5"] = "1.4.4 SPID CIE",
        ["A6"] = "1.4.4 ANPR ANSC", ["A7"] = "1.4.5", ["A8"] = "1.3.1", ["A9"] = "1.2",
        ["B2"] = Pad26Measures.PaidShare, ["B3"] = Pad26Measures.AssignedPerCapita, ["B4"] = Pad26Measures.RenouncedCount,
    };

    // The draft writes accents as apostrophes (ASCII); the UI shows the Italian words properly.
    private static readonly (string From, string To)[] Accents =
        [("Connettivita'", "Connettività"), ("Unita'", "Unità"), ("accessibilita'", "accessibilità")];

    /// <summary>Creates the default version when there is none. Idempotent: an existing framework is never touched.</summary>
    public static async Task EnsureAsync(PortalDbContext db, CancellationToken ct = default)
    {
        if (await db.AgendaFrameworks.AnyAsync(ct)) return;
        db.AgendaFrameworks.Add(Build(await File.ReadAllTextAsync(SeedFile, ct), DateTime.UtcNow));
        await db.SaveChangesAsync(ct);
    }

    public static AgendaFramework Build(string csv, DateTime nowUtc)
    {
        var framework = new AgendaFramework
        {
            Period = Period, Title = "Indicatori Agenda digitale dei Comuni " + Period, IsCurrent = true, CreatedAtUtc = nowUtc,
            SourceNote = "Bozza di progetto indicators-comune-draft.csv (fonti: PA digitale 2026, IndicePA, dati.gov.it, AgID, AGCOM, Infratel, OpenCoesione, CORDIS); pesi uguali.",
        };
        var records = SemicolonCsv.Read(csv, ',').ToList();
        var header = records[0].Fields.Select(f => f.Trim()).ToList();
        int Col(string name) => header.IndexOf(name) is var i and >= 0 ? i : throw new InvalidDataException($"indicators-comune-draft.csv: manca la colonna {name}.");
        int code = Col("code"), dimension = Col("dimension"), name = Col("indicator"), unit = Col("unit"), source = Col("source"),
            direction = Col("direction"), normalisation = Col("normalisation"), status = Col("data_status");
        var order = 0;
        foreach (var record in records.Skip(1).Where(r => r.Fields.Count >= header.Count))
        {
            string F(int i) => Accented(record.Fields[i].Trim());
            var dimensionName = F(dimension);
            var dim = framework.Dimensions.FirstOrDefault(d => d.Name == dimensionName);
            if (dim is null)
            {
                dim = new AgendaDimension { Code = F(code)[..1], Name = dimensionName, Weight = 1, SortOrder = framework.Dimensions.Count };
                framework.Dimensions.Add(dim);
            }
            var indicatorCode = F(code);
            var dir = F(direction).StartsWith('-') ? IndicatorDirection.Negative : IndicatorDirection.Positive;
            var indicator = new AgendaIndicator
            {
                Code = indicatorCode, Name = F(name), Unit = F(unit), Source = F(source), Dimension = dim, Direction = dir,
                SortOrder = order++, Pad26Measure = MeasureOf.GetValueOrDefault(indicatorCode),
                // "use as context not score" (B3): kept visible with weight 0, so it never moves a score.
                Weight = F(direction).Contains("context", StringComparison.OrdinalIgnoreCase) ? 0 : 1,
            };
            var method = F(normalisation).ToLowerInvariant();
            if (method.StartsWith("distance-to-target") || method.StartsWith("target"))
            {
                indicator.Normalisation = Normalisation.Target;
                indicator.TargetValue = dir == IndicatorDirection.Negative ? 0 : 1;
            }
            else if (method.Contains("within province"))
                indicator.Normalisation = Normalisation.LogMinMaxProvince;
            else if (method.StartsWith("ordinal"))
            {
                // Infratel's stages: 0 none, 1 design, 2 works, 3 testing, 4 done.
                indicator.Normalisation = Normalisation.MinMaxFixed;
                (indicator.GoalpostMin, indicator.GoalpostMax) = (0, 4);
            }
            else
            {
                indicator.Normalisation = Normalisation.MinMaxFixed;
                (indicator.GoalpostMin, indicator.GoalpostMax) = (0, 100);
            }
            var dataStatus = F(status).ToLowerInvariant();
            indicator.Origin = dataStatus.Contains("self-reported") ? IndicatorOrigin.SelfAssessment
                : indicator.Pad26Measure is not null ? IndicatorOrigin.OpenData
                : IndicatorOrigin.Import;
            framework.Indicators.Add(indicator);
        }
        return framework;
    }

    private static string Accented(string text)
    {
        foreach (var (from, to) in Accents) text = text.Replace(from, to);
        return text;
    }
}
