using Microsoft.Data.Sqlite;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary>How every command treats a wrong command line or an odd workspace: exit 2 with a message a person can act on.</summary>
public sealed class CliConventionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Workspace => _folder.File("case.minerva");

    [Theory]
    [InlineData("search")] // a required argument missing: exited 1
    [InlineData("stats", "--no-such-option")]
    [InlineData("search", "mia", "--bogus")] // became a search word
    [InlineData("search", "--from", "yesterday", "mia")]
    [InlineData("graph", "central", "--samples", "0")] // a stack trace
    [InlineData("graph", "central", "--samples", "-3")]
    [InlineData("entities", "--limit", "-1")]
    [InlineData("nonsense")]
    public void A_wrong_command_line_exits_2_with_a_message_and_no_dotnet_type_names(params string[] args)
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        var (code, output, error) = Run(["-w", Workspace, .. args]);
        Assert.True(code == ExitCodes.Usage, $"exit {code}: {error}{output}");
        Assert.Contains("error:", error);
        Assert.DoesNotContain("System.", error);
        Assert.DoesNotContain("   at ", error);
    }

    /// <summary>
    /// One vocabulary: -n/--limit counts what is listed wherever something is, -r is --region only, -f --format only; the
    /// old spellings still run, with a warning naming the new one.
    /// </summary>
    [Fact]
    public void Options_mean_one_thing_across_commands_and_old_spellings_still_work_with_a_warning()
    {
        var shorts = new Dictionary<string, HashSet<string>>();
        void Walk(System.CommandLine.Command command)
        {
            foreach (var option in command.Options)
                foreach (var alias in option.Aliases.Where(a => a.Length == 2))
                    (shorts.TryGetValue(alias, out var names) ? names : shorts[alias] = []).Add(option.Name);
            foreach (var sub in command.Subcommands) Walk(sub);
        }
        Walk(CliApp.Tree(new Terminal(new StringWriter(), new StringWriter(), new StringReader(""), interactive: false)));
        Assert.All(shorts, s => Assert.True(s.Value.Count == 1, $"{s.Key} means {string.Join(" and ", s.Value)}"));
        Assert.Equal(["--limit"], shorts["-n"]);

        Assert.Equal(0, Run("init", Workspace).Code);
        Assert.Equal(0, Run("-w", Workspace, "ingest", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl")).Code);
        Assert.Equal(0, Run("-w", Workspace, "resolve").Code);
        var old = Run("-w", Workspace, "entities", "--top", "1");
        Assert.Equal(0, old.Code);
        Assert.Contains("'--top' is now '--limit'", old.Err);
        Assert.Equal(Run("-w", Workspace, "entities", "-n", "1").Out, old.Out);
        Assert.Contains("'-f' is now '--fuzzy'", Run("-w", Workspace, "search", "-f", "masage").Err);
        Assert.DoesNotContain("is now", Run("-w", Workspace, "search", "--", "-f").Err); // after '--' it is a word
    }

    [Fact]
    public void Option_values_are_named_by_what_they_should_look_like()
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        Assert.Contains("a date such as 2024-05-01", Run("-w", Workspace, "search", "--from", "yesterday", "mia").Err);
        Assert.Contains("--samples must be at least 1", Run("-w", Workspace, "graph", "central", "--samples", "0").Err);
    }

    [Theory]
    [InlineData("location:")] // returned every record
    [InlineData("source:")]
    [InlineData("phone:")]
    public void A_filter_without_a_value_is_refused(string query)
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        var (code, _, error) = Run("-w", Workspace, "search", query);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("needs a value", error);
    }

    [Fact]
    public void A_query_of_thousands_of_prefix_terms_is_refused_at_once()
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        var terms = Enumerable.Range(0, 20_000).Select(i => $"w{i}*").ToArray(); // took 91 s
        var (code, _, error) = Run(["-w", Workspace, "search", .. terms]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("at most", error);
    }

    [Fact]
    public void A_workspace_with_a_negative_schema_version_is_refused_with_a_reason()
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        using (var connection = new SqliteConnection($"Data Source={Workspace};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = -3";
            command.ExecuteNonQuery();
        }
        var (code, _, error) = Run("-w", Workspace, "stats");
        Assert.Equal(ExitCodes.Workspace, code);
        Assert.Contains("schema version -3", error);
    }

    [Fact]
    public void A_workspace_on_a_read_only_file_system_can_still_be_read()
    {
        var folder = Directory.CreateDirectory(_folder.File("rw")).FullName;
        var workspace = Path.Combine(folder, "case.minerva");
        Assert.Equal(0, Run("init", workspace).Code);
        Assert.Equal(0, Run("-w", workspace, "ingest", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl")).Code);
        var mounted = Directory.CreateDirectory(_folder.File("ro")).FullName;
        Mount("--bind", "-o", "ro", folder, mounted);
        try
        {
            Mount("-o", "remount,bind,ro", mounted);
            var copy = Path.Combine(mounted, "case.minerva");
            var (code, output, error) = Run("-w", copy, "search", "mia");
            Assert.True(code == 0, error + output);
            Assert.Contains("read-only file system", error);
            Assert.Contains("citypulse:cp-88123", output);
            var ingest = Run("-w", copy, "ingest", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl"));
            Assert.Equal(ExitCodes.Workspace, ingest.Code);
            Assert.Contains("read-only", ingest.Err);
        }
        finally
        {
            Mount("-u", "-l", mounted);
        }
    }

    [Fact]
    public void A_full_disk_stops_an_ingest_with_the_cause_and_the_workspace_stays_readable()
    {
        var input = _folder.File("ads.jsonl");
        using (var writer = new StreamWriter(input))
            for (var i = 0; i < 60_000; i++) writer.WriteLine($"{{\"id\":\"{i}\",\"body\":\"new in town {i} call 713 555 {i % 10000:0000} words {i * 7919}\"}}");
        var connector = _folder.Write("c.yaml", "source: s\nformat: jsonl\nid: id\nphone_region: US\nfields:\n  text: body\n");
        var disk = Directory.CreateDirectory(_folder.File("small")).FullName;
        Mount("-t", "tmpfs", "-o", "size=6m", "tmpfs", disk);
        try
        {
            var workspace = Path.Combine(disk, "case.minerva");
            Assert.Equal(0, Run("init", workspace).Code);
            var ingest = Run("-w", workspace, "ingest", "-c", connector, input);
            Assert.Equal(ExitCodes.Workspace, ingest.Code);
            Assert.Contains("the disk holding the workspace is full", ingest.Err);
            // Reads failed with "SQLite Error 13" before: opening tried to finish the interrupted run's indexes.
            var (code, output, error) = Run("-w", workspace, "search", "phone:713-555-0042", "--region", "US");
            Assert.True(code is 0 or ExitCodes.NotFound, error + output);
            Assert.Equal(0, Run("-w", workspace, "stats").Code);
        }
        finally
        {
            Mount("-u", "-l", disk);
        }
    }

    /// <summary>mount(8) as root (tests and CI run as root here; a read-only file system cannot be had otherwise).</summary>
    private static void Mount(params string[] args)
    {
        var umount = args[0] == "-u";
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(umount ? "umount" : "mount", umount ? args[1..] : args)
        {
            RedirectStandardError = true, UseShellExecute = false,
        })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"mount {string.Join(' ', args)}: {error}");
    }
}
