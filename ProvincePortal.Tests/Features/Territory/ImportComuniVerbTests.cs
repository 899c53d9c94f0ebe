using Microsoft.Data.Sqlite;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Territory.IstatSamples;

namespace ProvincePortal.Tests.Features.Territory;

/// <summary>`ProvincePortal import-comuni` run for real, as a separate process on its own SQLite data folder.</summary>
public sealed class ImportComuniVerbTests() : CliProcessTest("cli-")
{
    [Fact]
    public async Task ImportComuni_GoodFileThenUnusableFile_PrintsRefusedRowsEndsWithCountsAndSetsExitCode()
    {
        var (header, lines) = Split2020();
        var i = lines.FindIndex(l => l.Contains(";C957;"));
        lines[i] = WithField(lines[i], Col2020.Population, "34,428");
        var good = WriteTemp(DataDirectory, "comuni.csv", Build(header, lines));

        var first = await RunAsync("import-comuni", good, "--edition", "2020-01-01");

        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}\n{string.Join('\n', first.Lines)}\n{first.Error}");
        Assert.Contains($"Scartata: riga {LineOf(i)}, colonna \"Popolazione legale 2011 (09/10/2011)\": popolazione non valida \"34,428\" (atteso un numero intero, es. 2.644).", first.Lines);
        Assert.StartsWith("importati: 7903, aggiornati: 0, scartati: 1", first.Lines[^1]);

        lines[^1] = lines[^1][..40];
        var truncated = WriteTemp(DataDirectory, "troncato.csv", Build(header, lines, finalNewline: false));
        var second = await RunAsync("import-comuni", truncated, "--edition=2020-01-01");

        Assert.Equal(1, second.ExitCode);
        Assert.Contains(second.Lines, l => l.StartsWith($"Errore: troncato.csv, riga {LineOf(lines.Count - 1)}: 7 campi invece di 23"));
        Assert.StartsWith("importati: 0, aggiornati: 0, scartati: 0", second.Lines[^1]);

        // Nothing of the unusable file was written: the database still holds the first import only.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "provinceportal.db")}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM Comuni) || '/' || (SELECT COUNT(*) FROM TerritoryEditions)";
        Assert.Equal("7903/1", await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ImportComuni_MissingFileOrBadEdition_IsAUsageError()
    {
        var missing = await RunAsync("import-comuni", Path.Combine(DataDirectory, "non-esiste.csv"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("file non trovato", missing.Error);

        var badDate = await RunAsync("import-comuni", File2020, "--edition", "01/01/2020");
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("--edition: data non valida \"01/01/2020\"", badDate.Error);
    }
}
