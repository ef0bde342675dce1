using System.Text.Json;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary>The minerva program run in-process, as a user or a script would run it.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Workspace => _folder.File("case.minerva");

    private void InitAndIngestCitypulse()
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        var ingest = Run("-w", Workspace, "ingest", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl"));
        Assert.True(ingest.Code == 0, ingest.Err + ingest.Out);
    }

    [Fact]
    public void Ingest_prints_counts_that_add_up_as_json()
    {
        var init = Run("init", Workspace);
        Assert.True(init.Code == 0, init.Err + init.Out);
        var (code, output, err) = Run("-w", Workspace, "ingest", "--json", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl"));
        Assert.True(code == 0, err + output);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(9, json.GetProperty("read").GetInt64());
        Assert.Equal(8, json.GetProperty("ingested").GetInt64());
        Assert.Equal(1, json.GetProperty("quarantined").GetInt64());
    }

    [Fact]
    public void Search_finds_by_selector_and_words_and_says_when_nothing_matched()
    {
        InitAndIngestCitypulse();
        var (code, output, _) = Run("-w", Workspace, "search", "--json", "-r", "US", "phone:713.555.O142");
        Assert.Equal(0, code);
        var records = JsonDocument.Parse(output).RootElement.EnumerateArray().Select(e => e.GetProperty("record").GetString()!).Order().ToArray();
        Assert.Equal(["citypulse:cp-88123", "citypulse:cp-88190", "citypulse:cp-88411"], records);
        var table = Run("-w", Workspace, "search", "massage", "licensed");
        Assert.Equal(0, table.Code);
        Assert.Contains("citypulse:cp-91000", table.Out);
        Assert.Equal(ExitCodes.NotFound, Run("-w", Workspace, "search", "zeppelin").Code);
        // Operators, and records written like one.
        Assert.Equal(0, Run("-w", Workspace, "search", "zeppelin", "OR", "massage").Code);
        Assert.Equal(ExitCodes.NotFound, Run("-w", Workspace, "search", "massage", "NOT", "massage").Code);
        var like = Run("-w", Workspace, "search", "--json", "--like", "citypulse:cp-91000");
        Assert.Equal(0, like.Code);
        Assert.DoesNotContain("citypulse:cp-91000", like.Out);
        Assert.Equal(ExitCodes.Usage, Run("-w", Workspace, "search").Code); // neither a query nor --like
        // Facets and pages: every phone holder counted by source; the second page of one hit per page is another record.
        var faceted = JsonDocument.Parse(Run("-w", Workspace, "search", "--json", "--facets", "--limit", "1", "has:phone").Out).RootElement;
        var total = faceted.GetProperty("total").GetInt32();
        Assert.Equal(total, faceted.GetProperty("facets").GetProperty("sources").EnumerateArray().Sum(v => v.GetProperty("count").GetInt64()));
        Assert.Single(faceted.GetProperty("hits").EnumerateArray());
        var second = JsonDocument.Parse(Run("-w", Workspace, "search", "--json", "--limit", "1", "--offset", "1", "has:phone").Out).RootElement;
        Assert.NotEqual(faceted.GetProperty("hits")[0].GetProperty("record").GetString(), second[0].GetProperty("record").GetString());
        Assert.Contains($"results 2–2 of {total}", Run("-w", Workspace, "search", "--limit", "1", "--offset", "1", "has:phone").Out);
        Assert.Equal(ExitCodes.Usage, Run("-w", Workspace, "search", "(massage").Code);
    }

    /// <summary>A list of selectors as an investigator keeps one: some found in the sample ads (obfuscated there), some not, some unreadable.</summary>
    [Fact]
    public void A_list_of_selectors_says_which_appear_where_and_which_lines_it_could_not_read()
    {
        InitAndIngestCitypulse();
        var list = _folder.Write("numbers.txt", string.Join('\n',
            "# numbers from the tip line", "", "(713) 555-0142", "phone:+15125550177", "email:mia.rose22@gmail.com", "+1 212 555 0199", // Gmail ignores the dot: normalised away
            "handle:mia.rose22", "fax:12345", "just a note"));
        var (code, output, err) = Run("-w", Workspace, "search", "--json", "-r", "US", "--selectors", list);
        Assert.True(code == 0, err + output);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(4, json.GetProperty("selectors").GetInt32());
        var found = json.GetProperty("found").EnumerateArray().ToList();
        Assert.Equal(["email:miarose22@gmail.com", "phone:+15125550177", "phone:+17135550142"],
            found.Select(f => $"{f.GetProperty("selector").GetProperty("kind").GetString()}:{f.GetProperty("selector").GetProperty("value").GetString()}").Order());
        var first = found.Single(f => f.GetProperty("selector").GetProperty("line").GetInt32() == 3); // (713) 555-0142, written three ways in the ads
        Assert.Equal(3, first.GetProperty("records").GetInt64());
        Assert.Equal(["citypulse:cp-88123", "citypulse:cp-88190", "citypulse:cp-88411"],
            first.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("record").GetString()!).Order());
        Assert.Equal(["phone:+12125550199"], json.GetProperty("not_found").EnumerateArray()
            .Select(n => $"{n.GetProperty("kind").GetString()}:{n.GetProperty("value").GetString()}"));
        var unreadable = json.GetProperty("unreadable").EnumerateArray().ToList();
        Assert.Equal([7, 8, 9], unreadable.Select(u => u.GetProperty("line").GetInt32()));
        Assert.Contains("give the platform", unreadable[0].GetProperty("reason").GetString());
        Assert.Contains($"{list}:8: 'fax' is not a selector kind", err);
        var table = Run("-w", Workspace, "search", "-r", "US", "--selectors", list);
        Assert.Contains("3 of 4 selector(s) found; 3 line(s) unreadable", table.Out.ReplaceLineEndings(" "));
        Assert.Contains("not found: phone:+12125550199", table.Out);
        Assert.Equal(ExitCodes.NotFound, Run("-w", Workspace, "search", "--selectors", _folder.Write("none.txt", "phone:+12125550199\n")).Code);
        Assert.Equal(ExitCodes.Input, Run("-w", Workspace, "search", "--selectors", _folder.File("absent.txt")).Code);
        Assert.Equal(ExitCodes.Usage, Run("-w", Workspace, "search", "mia", "--selectors", list).Code);
        Assert.Contains("takes no --source", Run("-w", Workspace, "search", "--selectors", list, "--source", "citypulse").Err);
    }

    [Fact]
    public void The_workspace_can_come_from_the_environment()
    {
        InitAndIngestCitypulse();
        Environment.SetEnvironmentVariable("MINERVA_WORKSPACE", Workspace);
        try
        {
            Assert.Equal(0, Run("stats").Code);
            // Relative, it names a file in the folder a command runs in: after a 'cd' that is another one, and the error says so.
            Environment.SetEnvironmentVariable("MINERVA_WORKSPACE", "no-such-case.minerva");
            var moved = Run("stats");
            Assert.Equal(ExitCodes.Workspace, moved.Code);
            Assert.Contains("is a relative path", moved.Err);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MINERVA_WORKSPACE", null);
        }
    }

    [Fact]
    public void Record_shows_the_record_with_its_selectors()
    {
        InitAndIngestCitypulse();
        var (code, output, _) = Run("-w", Workspace, "record", "--json", "citypulse:cp-88190");
        Assert.Equal(0, code);
        var selectors = JsonDocument.Parse(output).RootElement.GetProperty("selectors").EnumerateArray()
            .Select(s => s.GetProperty("value").GetString()).ToArray();
        Assert.Contains("+17135550142", selectors);
        Assert.Contains("miarose22@gmail.com", selectors);
        Assert.Equal(ExitCodes.NotFound, Run("-w", Workspace, "record", "citypulse:nope").Code);
        Assert.Equal(ExitCodes.Usage, Run("-w", Workspace, "record", "no-colon").Code);
    }

    [Fact]
    public void Extract_reads_standard_input_without_a_workspace()
    {
        var (code, output, _) = RunWithInput("Call seven one three 555 O142 or mia.rose22 at gmail dot com", "extract", "--region", "us", "--json");
        Assert.Equal(0, code);
        var values = JsonDocument.Parse(output).RootElement.EnumerateArray().Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("value").GetString())).ToArray();
        Assert.Equal([("phone", "+17135550142"), ("email", "miarose22@gmail.com")], values);
    }

    [Fact]
    public void Failures_give_one_clear_message_and_a_meaningful_exit_code()
    {
        var noWorkspace = Run("stats");
        Assert.Equal(ExitCodes.Workspace, noWorkspace.Code);
        Assert.Contains("MINERVA_WORKSPACE", noWorkspace.Err);

        Assert.Equal(0, Run("init", Workspace).Code);
        Assert.Equal(ExitCodes.Workspace, Run("init", Workspace).Code);

        var badConnector = _folder.Write("bad.yaml", "source: s\nformat: jsonl\nid: id\nfields:\n  colour: c\n");
        var bad = Run("-w", Workspace, "ingest", "-c", badConnector, RepoPaths.Sample("citypulse/ads.jsonl"));
        Assert.Equal(ExitCodes.Usage, bad.Code);
        Assert.Contains("bad.yaml:5: unknown field 'colour'", bad.Err);

        var missing = Run("-w", Workspace, "ingest", "-c", RepoPaths.Connector("citypulse.yaml"), _folder.File("absent.jsonl"));
        Assert.Equal(ExitCodes.Input, missing.Code);
        Assert.Contains("absent.jsonl: no such file or folder", missing.Err);

        Assert.Equal(ExitCodes.Usage, Run("-w", Workspace, "search", "phone:12").Code);
        Assert.NotEqual(0, Run("no-such-command").Code);
    }

    [Theory]
    [InlineData("init")]
    [InlineData("ingest")]
    [InlineData("extract")]
    [InlineData("search")]
    [InlineData("record")]
    [InlineData("stats")]
    [InlineData("quarantine")]
    [InlineData("connector", "check")]
    public void Every_command_has_help(params string[] command)
    {
        var (code, output, _) = Run([.. command, "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
    }

    [Fact]
    public void Connector_check_validates_a_definition()
    {
        var (code, output, _) = Run("connector", "check", RepoPaths.Connector("vipdirectory.yaml"));
        Assert.Equal(0, code);
        Assert.Contains("vipdirectory", output);
    }

    [Fact]
    public void Connector_preview_shows_the_first_records_fields_and_selectors_without_a_workspace()
    {
        var (code, output, error) = Run("connector", "preview", "-c", RepoPaths.Connector("vipdirectory.yaml"), RepoPaths.Sample("vipdirectory"), "-n", "2");
        Assert.True(code == 0, error);
        Assert.Contains("vipdirectory:l-501", output);
        Assert.Contains("+31612345678  (written 06 1234 5678)", output);
        var (jsonCode, json, _) = Run("--json", "connector", "preview", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl"), "-n", "20");
        Assert.Equal(0, jsonCode);
        var items = System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(9, items.Count);
        var rejected = Assert.Single(items, i => i.TryGetProperty("quarantined", out _)); // nulls are left out of the JSON
        Assert.False(rejected.TryGetProperty("key", out _));
        Assert.Contains("invalid JSON", rejected.GetProperty("quarantined").GetString());
        Assert.Equal(2, Run("connector", "preview", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl"), "-n", "0").Code);
    }
}
