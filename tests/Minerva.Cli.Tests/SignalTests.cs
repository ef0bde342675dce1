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

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "minerva.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["CI"] = "true"; // no progress bar
        return Process.Start(info)!;
    }

    private static async Task<(int Code, string Error)> Finish(Process process)
    {
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await error);
        }
    }

    private static async Task<(int Code, string Error)> Minerva(string[] args) => await Finish(Start(args));

    [GeneratedRegex(@"([\d,]+) of the [\d,]+ items read were stored before the stop")]
    private static partial Regex StoredCount();
}
