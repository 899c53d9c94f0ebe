using ProvincePortal.Localization;

namespace ProvincePortal.Features.Reports;

/// <summary>How a column's values are written: the PDF shows them formatted the Italian way, Excel keeps them typed.</summary>
public enum ReportValueKind
{
    Text,
    Integer,
    /// <summary>Amounts in long cents (the platform's money type): "€ 1.234,56" in the PDF, a number in euro in Excel.</summary>
    EuroCents,
    /// <summary>A number of percent points (12.5 means 12,5 %).</summary>
    Percent,
    Decimal,
    /// <summary><see cref="DateOnly"/> or a UTC <see cref="DateTime"/>, shown as dd/MM/yyyy.</summary>
    Date,
}

/// <param name="MaxLines">Lines a PDF cell may wrap to before it ends in "…" (1 keeps a long list on one page).</param>
public sealed record ReportColumn(string Header, ReportValueKind Kind = ReportValueKind.Text, double Width = 1, int MaxLines = 3)
{
    public bool AlignRight => Kind is not (ReportValueKind.Text or ReportValueKind.Date);
}

/// <summary>One table for both outputs: columns and rows of raw values (string, long, int, double, decimal, DateOnly, DateTime or null).</summary>
public sealed class ReportTable(string title, IReadOnlyList<ReportColumn> columns)
{
    private readonly List<object?[]> rows = [];

    public string Title { get; } = title;
    public IReadOnlyList<ReportColumn> Columns { get; } = columns;
    public IReadOnlyList<object?[]> Rows => rows;
    /// <summary>Leading columns kept in view when an Excel sheet scrolls sideways (the names of a wide table).</summary>
    public int FrozenColumns { get; init; }

    public ReportTable AddRow(params object?[] values)
    {
        if (values.Length != Columns.Count)
            throw new ArgumentException($"La riga ha {values.Length} valori, la tabella \"{Title}\" ha {Columns.Count} colonne.", nameof(values));
        rows.Add(values);
        return this;
    }

    /// <summary>The value as the PDF and the UI show it.</summary>
    public static string Display(ReportValueKind kind, object? value) => value switch
    {
        null => "",
        ReportCell cell => Display(cell.Kind, cell.Value),
        string s => s,
        DateOnly d => Formats.Date(d),
        DateTime t => Formats.Date(t),
        _ => kind switch
        {
            ReportValueKind.EuroCents => Formats.EuroCents(Convert.ToInt64(value, Formats.Italian)),
            ReportValueKind.Integer => Formats.Number(Convert.ToInt64(value, Formats.Italian)),
            ReportValueKind.Percent => Formats.Number(Convert.ToDouble(value, Formats.Italian), 2) + " %",
            ReportValueKind.Decimal => Formats.Number(Convert.ToDouble(value, Formats.Italian), 2),
            _ => Convert.ToString(value, Formats.Italian) ?? "",
        },
    };
}

/// <summary>A headline figure of a report ("Procedure in corso: 42").</summary>
public sealed record KeyFigure(string Label, string Value);

/// <summary>
/// A value written with its own kind, for tables whose rows mix kinds in one column (a summary: a count, then a
/// percentage, then a score).
/// </summary>
public sealed record ReportCell(object? Value, ReportValueKind Kind);

/// <summary>
/// A bar of a chart; <paramref name="Display"/> is the value as written beside the bar; <paramref name="Color"/> an
/// optional "#RRGGBB" (bands: critical in red, high in green), else the primary blue.
/// </summary>
public sealed record ChartBar(string Label, double Value, string Display, string? Color = null);
