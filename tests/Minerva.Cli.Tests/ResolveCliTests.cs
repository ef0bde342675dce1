using System.Text.Json;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary>resolve, entity, entities, why and eval on the shared samples, run as a user would.</summary>
public sealed class ResolveCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Workspace => _folder.File("case.minerva");

    private void IngestSamples()
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        foreach (var (connector, input) in new[]
                 {
                     ("citypulse.yaml", "citypulse/ads.jsonl"), ("vipdirectory.yaml", "vipdirectory"), ("profiles.yaml", "profiles.csv"),
                 })
        {
            var ingest = Run("-w", Workspace, "ingest", "-c", RepoPaths.Connector(connector), RepoPaths.Sample(input));
            Assert.True(ingest.Code == 0, ingest.Err + ingest.Out);
        }
    }

    private JsonElement Json(params string[] args)
    {
        var (code, output, error) = Run(["-w", Workspace, "--json", .. args]);
        Assert.True(code == 0, error + output);
        return JsonDocument.Parse(output).RootElement;
    }

    private string[] Members(string record) =>
        [.. Json("entity", record).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("key").GetString()!).Order()];

    [Fact]
    public void The_samples_resolve_into_the_networks_their_readme_describes()
    {
        IngestSamples();
        var report = Json("resolve");
        Assert.Equal(("full", 18), (report.GetProperty("mode").GetString(), report.GetProperty("records").GetInt32()));
        // One phone written three ways, a second phone shared with cp-90001, and the instagram handle of the profile.
        Assert.Equal(["citypulse:cp-88123", "citypulse:cp-88190", "citypulse:cp-88411", "citypulse:cp-90001",
            "profiles:instagram/mia.rose22", "profiles:snapchat/miaandlexi"], Members("citypulse:cp-88123"));
        Assert.DoesNotContain("profiles:instagram/miarose_art", Members("citypulse:cp-88123")); // the look-alike is somebody else
        Assert.Contains("vipdirectory:l-503", Members("vipdirectory:l-501"));
        Assert.Contains("vipdirectory:l-602", Members("vipdirectory:l-601")); // one German mobile across two countries
        Assert.Equal(["citypulse:cp-91000", "citypulse:cp-91001"], Members("citypulse:cp-91000"));
    }

    [Fact]
    public void A_split_record_leaves_its_entity_and_decisions_can_calibrate_the_model()
    {
        IngestSamples();
        Assert.Equal(0, Run("-w", Workspace, "resolve").Code);
        var before = Members("citypulse:cp-88123");
        Assert.Equal(ExitCodes.Usage, Run("-w", Workspace, "resolve", "--train-on-decisions").Code); // none yet
        var split = Json("mark", "split", "citypulse:cp-90001", "--reason", "another woman; the second phone is a booker's");
        Assert.Equal(before.Length - 1, split.GetArrayLength());
        Assert.All(split.EnumerateArray(), d => Assert.Equal("citypulse:cp-90001", d.GetProperty("a").GetString()));
        var report = Json("resolve", "--train-on-decisions");
        Assert.Equal(before.Length - 1, report.GetProperty("model").GetProperty("labelled_pairs").GetInt32());
        Assert.Equal(before.Where(k => k != "citypulse:cp-90001"), Members("citypulse:cp-88123"));
        Assert.Equal(ExitCodes.Usage, Run("-w", Workspace, "mark", "split", "citypulse:cp-90001", "--reason", "again").Code); // alone now
    }

    [Fact]
    public void Why_explains_a_link_and_a_look_alike_that_is_not_one()
    {
        IngestSamples();
        Assert.Equal(0, Run("-w", Workspace, "resolve").Code);
        var linked = Json("why", "citypulse:cp-88123", "citypulse:cp-88190");
        Assert.Equal(linked.GetProperty("entity_a").GetInt64(), linked.GetProperty("entity_b").GetInt64());
        var phone = linked.GetProperty("comparisons").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "phone");
        Assert.Equal("shared", phone.GetProperty("level").GetString());
        Assert.Equal("+17135550142", phone.GetProperty("shared")[0].GetString());
        // The decisive floor is a row of its own with its effect, naming the selector: the rows add up to the total.
        var rows = linked.GetProperty("comparisons").EnumerateArray().ToList();
        var decisive = rows.Single(c => c.GetProperty("name").GetString() == "decisive");
        Assert.Equal("+17135550142", decisive.GetProperty("shared")[0].GetString());
        Assert.True(decisive.GetProperty("weight").GetDouble() > 0);
        Assert.Equal(linked.GetProperty("total").GetDouble(),
            linked.GetProperty("prior").GetDouble() + rows.Sum(c => c.GetProperty("weight").GetDouble() + c.GetProperty("frequency_adjustment").GetDouble()), 6);
        var apart = Json("why", "profiles:instagram/mia.rose22", "profiles:instagram/miarose_art");
        Assert.NotEqual(apart.GetProperty("entity_a").GetInt64(), apart.GetProperty("entity_b").GetInt64());
        Assert.StartsWith("Not linked", apart.GetProperty("verdict").GetString());
        var table = Run("-w", Workspace, "why", "citypulse:cp-88123", "citypulse:cp-88190");
        Assert.Contains("Linked directly", string.Join(" ", table.Out.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))); // the terminal wraps long lines
    }

    [Fact]
    public void Two_lists_read_through_one_connector_under_two_source_names_link_one_to_one()
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        var people = RepoPaths.Connector("people.yaml");
        var bad = Run("-w", Workspace, "ingest", "-c", people, "--source", "a b", RepoPaths.Benchmark("febrl4/dataset4a.csv"));
        Assert.Equal(2, bad.Code);
        Assert.Contains("source 'a b' may hold only letters", bad.Err);
        Assert.Equal(0, Run("-w", Workspace, "ingest", "-c", people, "--source", "people_a", RepoPaths.Benchmark("febrl4/dataset4a.csv")).Code);
        Assert.Equal(0, Run("-w", Workspace, "ingest", "-c", people, "--source", "people_b", RepoPaths.Benchmark("febrl4/dataset4b.csv")).Code);
        var report = Json("resolve", "--rules", "people-linkage");
        Assert.Equal(["people_a", "people_b"], report.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!));
        Assert.Equal(2, report.GetProperty("largest_entity").GetInt32()); // one to one: never a third record
        Assert.Equal(["people_a:rec-1070-org", "people_b:rec-1070-dup-0"], Members("people_a:rec-1070-org"));
    }

    [Fact]
    public void Entities_export_one_row_per_record_and_a_second_resolve_has_nothing_to_do()
    {
        IngestSamples();
        Assert.Equal(0, Run("-w", Workspace, "resolve").Code);
        var file = _folder.File("entities.csv");
        Assert.Equal(0, Run("-w", Workspace, "entities", "--export", "csv", "--out", file).Code);
        var lines = File.ReadAllLines(file);
        Assert.Equal("record,entity", lines[0]);
        Assert.Equal(18, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Matches("^[^,]+:[^,]+,E[0-9]+$", l));
        var again = Json("resolve");
        Assert.Equal(("incremental", 0), (again.GetProperty("mode").GetString(), again.GetProperty("new_records").GetInt32()));
        Assert.Equal(lines, File.ReadAllLines(file));
        Assert.Equal(ExitCodes.Usage, Run("-w", Workspace, "entities", "--export", "csv", "--out", _folder.Path).Code); // a folder
        Assert.Equal(string.Join("\n", lines), Run("-w", Workspace, "entities", "--export", "csv", "-o", "-").Out.TrimEnd().ReplaceLineEndings("\n"));
        Assert.Contains("fewer than 2 records are not listed", Run("-w", Workspace, "entities").Out); // single-record entities are hidden, and it says so
    }

    [Fact]
    public void Eval_scores_against_a_truth_file_and_rejects_unknown_records()
    {
        IngestSamples();
        Assert.Equal(0, Run("-w", Workspace, "resolve").Code);
        var truth = _folder.Write("truth.csv", "record,cluster\ncitypulse:cp-88123,mia\ncitypulse:cp-88190,mia\ncitypulse:cp-90350,other\n");
        var result = Json("eval", "--truth", truth);
        Assert.Equal(1.0, result.GetProperty("pairwise").GetProperty("precision").GetDouble());
        Assert.Equal(1.0, result.GetProperty("bcubed").GetProperty("recall").GetDouble());
        var bad = _folder.Write("bad.csv", "record,cluster\ncitypulse:cp-88123,mia\ncitypulse:no-such-ad,mia\n");
        var (code, _, error) = Run("-w", Workspace, "eval", "--truth", bad);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("citypulse:no-such-ad", error);
        var skipping = Json("eval", "--truth", bad, "--ignore-missing");
        Assert.Equal((1, 1), (skipping.GetProperty("records").GetInt32(), skipping.GetProperty("skipped_missing").GetInt32()));
    }

    [Fact]
    public void Bad_rules_and_unresolved_workspaces_give_clear_errors()
    {
        IngestSamples();
        var rules = _folder.Write("bad.yaml", "name: x\nsources: ['*']\nblocking: { selectors: [phone] }\ncomparisons:\n  - { name: p, selector: fax }\n");
        var (code, _, error) = Run("-w", Workspace, "resolve", "--rules", rules);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("bad.yaml:5:", error);
        Assert.Contains("fax", error);
        var why = Run("-w", Workspace, "why", "citypulse:cp-88123", "citypulse:cp-88190");
        Assert.Equal(ExitCodes.Usage, why.Code);
        Assert.Contains("minerva resolve", why.Err);
        Assert.Equal(ExitCodes.NotFound, Run("-w", Workspace, "entity", "E999").Code);
    }
}
