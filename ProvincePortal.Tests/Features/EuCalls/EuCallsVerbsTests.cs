using Ical.Net;
using Microsoft.Data.Sqlite;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.EuCalls.PortalSamples;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>`bandi import-ft` and `bandi ical` run for real, as separate processes on their own SQLite data folder.</summary>
public sealed class EuCallsVerbsTests() : CliProcessTest("bandi-cli-")
{
    private string Write(string name, string json)
    {
        var path = Path.Combine(DataDirectory, name);
        File.WriteAllText(path, json);
        return path;
    }

    private async Task<T> QueryAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "provinceportal.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    [Fact]
    public async Task ImportFt_PreviewThenImportThenMovedDeadline_ThenIcalOfTheProvinceParsedBack()
    {
        // Verbs never seed: the territory comes from the ISTAT verb, as on a new installation.
        var seed = Path.Combine(AppContext.BaseDirectory, "Seed", "istat", "elenco-comuni-italiani-2020-01-01.csv");
        Assert.Equal(0, (await RunAsync("import-comuni", seed)).ExitCode);

        var first = Write("ricerca.json", Envelope(
            Item("CLI-TOPIC-01", ("deadlineDate", ["2031-04-18T19:00:00.000+0200", "2031-09-17T17:00:00.000+0200"])),
            Item("CLI-TOPIC-02", ("deadlineDate", ["2031-05-20T17:00:00.000+0200"])),
            Item("CLI-TOPIC-02", ("deadlineDate", ["2031-10-20T17:00:00.000+0200"]))));

        var preview = await RunAsync("bandi", "import-ft", first, "--anteprima");
        Assert.True(preview.ExitCode == 0, string.Join('\n', preview.Lines) + preview.Error);
        Assert.Equal("Anteprima, nulla salvato. nuovi: 2, aggiornati: 0, invariati: 0, scartati: 0, gare ignorate: 0, duplicati uniti: 1", preview.Lines[^1]);
        Assert.Equal(0L, await QueryAsync<long>("SELECT COUNT(*) FROM \"Calls\""));

        var import = await RunAsync("bandi", "import-ft", first);
        Assert.True(import.ExitCode == 0, string.Join('\n', import.Lines) + import.Error);
        Assert.Equal("nuovi: 2, aggiornati: 0, invariati: 0, scartati: 0, gare ignorate: 0, duplicati uniti: 1", import.Lines[^1]);
        Assert.Equal(4L, await QueryAsync<long>("SELECT COUNT(*) FROM \"CallDeadlines\""));

        var moved = Write("ricerca-2.json", Envelope(
            Item("CLI-TOPIC-01", ("deadlineDate", ["2031-05-02T19:00:00.000+0200", "2031-09-17T17:00:00.000+0200"])),
            Item("CLI-TOPIC-02", ("deadlineDate", ["2031-05-20T17:00:00.000+0200", "2031-10-20T17:00:00.000+0200"]))));
        var update = await RunAsync("bandi", "import-ft", moved);
        Assert.True(update.ExitCode == 0, string.Join('\n', update.Lines) + update.Error);
        Assert.Contains("Aggiornato: CLI-TOPIC-01: Scadenza 18/04/2031 19:00 → 02/05/2031 19:00", update.Lines);
        Assert.Equal("nuovi: 0, aggiornati: 1, invariati: 1, scartati: 0, gare ignorate: 0, duplicati uniti: 0", update.Lines[^1]);
        Assert.Equal(1L, await QueryAsync<long>("SELECT COUNT(*) FROM \"CallChanges\" WHERE \"Field\" = 'Scadenza' AND \"Source\" LIKE '%ricerca-2.json%'"));

        var broken = Write("rotto.json", Envelope(Item("CLI-TOPIC-03"))[..300]);
        var bad = await RunAsync("bandi", "import-ft", broken);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains(bad.Lines, l => l.StartsWith("Errore: rotto.json: JSON non valido alla riga 1, posizione "));
        Assert.Equal(0L, await QueryAsync<long>("SELECT COUNT(*) FROM \"Calls\" WHERE \"Identifier\" = 'CLI-TOPIC-03'"));

        // Treviso follows CLI-TOPIC-01 (relevance Alta): its two deadlines are the calendar; CLI-TOPIC-02 is not followed.
        var treviso = await QueryAsync<long>("SELECT \"Id\" FROM \"Provinces\" WHERE \"Sigla\" = 'TV'");
        var call = await QueryAsync<long>("SELECT \"Id\" FROM \"Calls\" WHERE \"Identifier\" = 'CLI-TOPIC-01'");
        await QueryAsync<long>($"INSERT INTO \"CallProvinceNotes\" (\"CallId\", \"ProvinceId\", \"Relevance\", \"Published\", \"UpdatedAtUtc\") VALUES ({call}, {treviso}, 3, 0, '2026-11-26 10:00:00') RETURNING \"Id\"");

        var ics = Path.Combine(DataDirectory, "scadenze-tv.ics");
        var ical = await RunAsync("bandi", "ical", "--provincia", "tv", "--out", ics);
        Assert.True(ical.ExitCode == 0, string.Join('\n', ical.Lines) + ical.Error);
        Assert.Equal($"eventi: 2, file: {ics}", ical.Lines[^1]);
        var calendar = Calendar.Load(File.ReadAllText(ics))!;
        Assert.Equal(2, calendar.Events.Count);
        Assert.All(calendar.Events, e => Assert.StartsWith("Scadenza CLI-TOPIC-01 (", e.Summary));
        var starts = calendar.Events.Select(e => e.DtStart!.AsUtc).Order().ToList();
        Assert.Equal([new DateTime(2031, 5, 2, 17, 0, 0, DateTimeKind.Utc), new DateTime(2031, 9, 17, 15, 0, 0, DateTimeKind.Utc)], starts);
        var moved1 = calendar.Events.Single(e => e.DtStart!.AsUtc.Month == 5);
        Assert.Equal(1, moved1.Sequence);
        Assert.Equal(await QueryAsync<string>($"SELECT \"Uid\" FROM \"CallDeadlines\" WHERE \"CallId\" = {call} AND \"Ordinal\" = 1"), moved1.Uid);

        var unknown = await RunAsync("bandi", "ical", "--provincia", "XX", "--out", ics);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--provincia: sigla sconosciuta \"XX\".", unknown.Error);
        var missing = await RunAsync("bandi", "import-ft", Path.Combine(DataDirectory, "assente.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("file non trovato", missing.Error);
    }
}
