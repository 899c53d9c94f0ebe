using ClosedXML.Excel;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Audit;

/// <summary>The registry as an Excel sheet: one row per changed field (one per entry when it has none).</summary>
public static class AuditExcelExport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly string[] Headers =
        ["Data e ora", "Utente", "Provincia", "Azione", "Entità", "Record", "Campo", "Valore precedente", "Nuovo valore"];

    public static string FileName(DateTime utcNow) =>
        $"registro-attivita-{TimeZoneInfo.ConvertTimeFromUtc(utcNow, Formats.Rome):yyyy-MM-dd}.xlsx";

    public static byte[] Build(IReadOnlyList<AuditEntryRow> entries, bool truncated)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Registro attività");
        // Widths from the data: AdjustToContents needs libgdiplus on Linux and is very slow with it.
        var widths = Headers.Select(h => (double)h.Length).ToArray();

        void Text(int row, int column, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            // SetValue keeps strings as text: "=..." stays a string, "026021" keeps its zero.
            sheet.Cell(row, column).SetValue(value);
            widths[column - 1] = Math.Max(widths[column - 1], Math.Min(value.Length, 60));
        }

        for (var c = 0; c < Headers.Length; c++) sheet.Cell(1, c + 1).SetValue(Headers[c]);
        var header = sheet.Range(1, 1, 1, Headers.Length);
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#E6EEF7");

        var r = 2;
        foreach (var entry in entries)
        {
            IReadOnlyList<AuditFieldChangeRow?> changes = entry.Changes.Count > 0 ? entry.Changes : [(AuditFieldChangeRow?)null];
            foreach (var change in changes)
            {
                sheet.Cell(r, 1).SetValue(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(entry.AtUtc, DateTimeKind.Utc), Formats.Rome));
                Text(r, 2, entry.UserName);
                Text(r, 3, entry.ProvinceSigla);
                Text(r, 4, AuditLabels.Action(entry.Action));
                Text(r, 5, AuditLabels.Entity(entry.Entity));
                Text(r, 6, entry.RecordCount is int count ? AuditLabels.Summary(entry.Action, count) : entry.EntityKey);
                if (change is not null)
                {
                    Text(r, 7, AuditLabels.Field(entry.Entity, change.Field));
                    Text(r, 8, change.OldValue is null ? null : AuditValues.Display(change.OldValue));
                    Text(r, 9, change.NewValue is null ? null : AuditValues.Display(change.NewValue));
                }
                r++;
            }
        }
        var last = r - 1;
        sheet.Column(1).Style.DateFormat.Format = "dd/mm/yyyy hh:mm";
        widths[0] = 17;
        if (truncated)
        {
            r++;
            sheet.Cell(r, 1).SetValue($"Esportate le {Formats.Number(AuditService.MaxExportEntries)} attività più recenti: restringere il periodo per vedere le altre.");
            sheet.Cell(r, 1).Style.Font.Italic = true;
        }

        for (var c = 0; c < widths.Length; c++) sheet.Column(c + 1).Width = widths[c] + 2;
        sheet.SheetView.FreezeRows(1);
        if (last >= 2) sheet.Range(1, 1, last, Headers.Length).SetAutoFilter();

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
