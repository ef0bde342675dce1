using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Minerva.Storage.Sqlite;
using Minerva.Testing;

namespace Minerva.Cli.Tests;

/// <summary>The minerva program as its own process, stopped by a signal as a scheduler or a service manager stops it.</summary>
public sealed partial class SignalTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Sigterm_stops_an_ingest_like_ctrl_c_and_says_what_was_kept()
    {
        var workspace = _folder.File("case.minerva");
        var input = _folder.File("ads.jsonl");
        using (var writer = new StreamWriter(input, false, new UTF8Encoding(false)))
            for (var i = 0; i < 600_000; i++) writer.WriteLine($"{{\"id\":\"{i}\",\"body\":\"new in town call 713 555 {i % 10000:0000} ask for {i}\"}}");
        var connector = _folder.Write("c.yaml", "source: s\nformat: jsonl\nid: id\nphone_region: US\nfields:\n  text: body\n");
        Assert.Equal(0, (await Minerva(["init", workspace])).Code);

        var ingest = Start(["-w", workspace, "ingest", "-c", connector, input]);
        await WaitForRecords(workspace);
        using (var kill = Process.Start("kill", ["-TERM", ingest.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        var (code, error) = await Finish(ingest);

        Assert.True(code == ExitCodes.Cancelled, $"exit {code}: {error}");
        var stored = StoredCount().Match(error);
        Assert.True(stored.Success, error);
        using var reopened = SqliteWorkspace.Open(workspace);
        Assert.Equal(long.Parse(stored.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture),
            reopened.GetStats().Records);
        Assert.InRange(reopened.GetStats().Records, 1, 599_999);
    }

    /// <summary>Waits until the ingest has committed something, so the signal arrives mid-run.</summary>
    private static async Task WaitForRecords(string workspace)
    {
        for (var i = 0; i < 600; i++)
        {
            await Task.Delay(50);
            try
            {
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={workspace};Mode=ReadOnly;Pooling=False");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM records";
                if ((long)command.ExecuteScalar()! > 0) return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // busy while a batch commits
            }
        }
        throw new TimeoutException("the ingest stored nothing within 30 s");
    }

    private static Process Start(string[] args, string? crashAt = null)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "minerva.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["CI"] = "true"; // no progress bar
        if (crashAt is not null) info.Environment["MINERVA_TEST_CRASH_AT"] = crashAt;
        return Process.Start(info)!;
    }

    private static async Task<(int Code, string Error)> Finish(Process process)
    {
        var (code, error, _) = await Run(process);
        return (code, error);
    }

    private static async Task<(int Code, string Error, string Output)> Run(Process process)
    {
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await error, await output);
        }
    }

    private static async Task<(int Code, string Error)> Minerva(string[] args) => await Finish(Start(args));

    private static async Task<string> Output(string[] args)
    {
        var (code, error, output) = await Run(Start(args));
        Assert.True(code == 0, $"exit {code}: {error}");
        return output;
    }

    [Theory]
    [InlineData("store-committed")] // the records are stored, the index has not committed them
    [InlineData("index-committed")] // the index committed them, the store has not yet forgotten their changes
    public async Task A_crash_between_the_store_and_the_index_loses_nothing_and_duplicates_nothing(string point)
    {
        var workspace = _folder.File("case.minerva");
        var connector = _folder.Write("c.yaml", "source: s\nformat: jsonl\nid: id\nfields:\n  text: body\n");
        var first = _folder.Write("a.jsonl", string.Concat(Enumerable.Range(0, 300).Select(i => $"{{\"id\":\"{i}\",\"body\":\"every ad says hello, first batch {i}\"}}\n")));
        // The second file adds 300 records and rewrites ad 7, whose old words must go.
        var second = _folder.Write("b.jsonl", string.Concat(Enumerable.Range(300, 300).Select(i => $"{{\"id\":\"{i}\",\"body\":\"every ad says hello, second batch {i}\"}}\n"))
                                               + "{\"id\":\"7\",\"body\":\"every ad says hello, rewritten\"}\n");
        Assert.Equal(0, (await Minerva(["init", workspace])).Code);
        Assert.Equal(0, (await Minerva(["-w", workspace, "ingest", "-c", connector, first])).Code);

        var (code, error) = await Finish(Start(["-w", workspace, "ingest", "-c", connector, second], point));
        Assert.True(code != 0 && error.Contains($"MINERVA_TEST_CRASH_AT={point}", StringComparison.Ordinal), $"exit {code}: {error}");

        // The next command's opening brings the index up to date: every record once, the rewritten one by its new words only.
        Assert.Equal(600, Hits(await Output(["-w", workspace, "--json", "search", "hello", "-n", "10000"])).Count);
        Assert.Equal(300, Hits(await Output(["-w", workspace, "--json", "search", "\"second batch\"", "-n", "10000"])).Count);
        Assert.Equal(["s:7"], Hits(await Output(["-w", workspace, "--json", "search", "rewritten"])));
        Assert.DoesNotContain("s:7", Hits(await Output(["-w", workspace, "--json", "search", "\"first batch\"", "-n", "10000"])));
        Assert.Equal(600, Hits(await Output(["-w", workspace, "--json", "search", "hello", "-n", "10000"])).Distinct().Count());
    }

    private static List<string> Hits(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateArray().Select(h => h.GetProperty("record").GetString()!).ToList();

    [GeneratedRegex(@"([\d,]+) of the [\d,]+ items read were stored before the stop")]
    private static partial Regex StoredCount();
}
