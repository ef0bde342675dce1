using System.Security.Cryptography;
using System.Text.Json;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary>minerva release on generated case records: files, manifest, ledger and refusals.</summary>
public sealed class ReleaseCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ReleaseCliTests()
    {
        Generator.CaseGenerator.Write(_folder.File("cases.csv"), 4000, 5, []);
        Assert.Equal(0, Run("init", Workspace).Code);
        Assert.Equal(0, Run("-w", Workspace, "ingest", "-c", RepoPaths.Connector("cases.yaml"), _folder.File("cases.csv")).Code);
    }

    public void Dispose() => _folder.Dispose();

    private string Workspace => _folder.File("case.minerva");

    /// <summary>The generated cases' attributes: every column but the victim id and the phone.</summary>
    private const string Columns = "gender,ageBroad,age,year,UN_COO_Region,UN_COE_Region,isSexualExploit,isForcedLabour,IP_Relation,IP_Gender,IP_RecruiterBroker,IP_Exploiter";

    /// <summary>Where the owner's report of ledger entry <paramref name="entry"/> of <paramref name="workspace"/> goes by default.</summary>
    private static string ReportOf(string workspace, int entry, string file) => Path.Combine(workspace + ".reports", $"release-{entry}", file);

    [Fact]
    public void A_release_writes_hashed_files_records_its_spend_and_respects_its_parameters()
    {
        var refused = Run("-w", Workspace, "release", "--epsilon", "1", "--columns", Columns, "-o", _folder.File("r0"));
        Assert.Equal(ExitCodes.Usage, refused.Code);
        Assert.Contains("no privacy budget", refused.Err);
        Assert.Equal(0, Run("-w", Workspace, "budget", "--set-epsilon", "1.2").Code);
        // Raw ages would publish rare exact values: a binning scheme must be declared, and nothing is spent until it is.
        var raw = Run("-w", Workspace, "release", "--epsilon", "1", "--columns", Columns, "-o", _folder.File("r0"));
        Assert.Equal(ExitCodes.Usage, raw.Code);
        Assert.Contains("--bin age=", raw.Err);

        var (code, output, error) = Run("-w", Workspace, "--json", "release", "--epsilon", "1", "--columns", Columns, "--threshold", "5", "--bin", Generator.CaseGenerator.AgeBins,
            "--fabrication", "minimize", "--domain", RepoPaths.Connector("domains/ctdc-victim-perpetrator.csv"), "-o", _folder.File("r1"));
        Assert.True(code == 0, error);
        var result = JsonDocument.Parse(output).RootElement;
        var manifest = JsonDocument.Parse(File.ReadAllText(_folder.File("r1/manifest.json"))).RootElement;
        foreach (var file in manifest.GetProperty("files").EnumerateArray())
        {
            var bytes = File.ReadAllBytes(_folder.File($"r1/{file.GetProperty("file").GetString()}"));
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        Assert.Contains("victim", manifest.GetProperty("privacy").GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("test_mode").ValueKind);
        Assert.True(manifest.GetProperty("privacy").GetProperty("epsilon_check").GetDouble() <= 1 + 1e-9);
        // Every released combination is at or above the threshold the manifest states, and no longer than its length.
        var threshold = manifest.GetProperty("parameters").GetProperty("threshold").GetInt64();
        var length = manifest.GetProperty("parameters").GetProperty("length").GetInt32();
        foreach (var line in File.ReadLines(_folder.File("r1/aggregates.csv")).Skip(1))
        {
            var comma = line.LastIndexOf(',');
            Assert.True(long.Parse(line[(comma + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= threshold, line);
            Assert.True(line[..comma].Split(';').Length <= length, line);
        }
        var parameters = manifest.GetProperty("parameters");
        Assert.Equal("minimize", parameters.GetProperty("fabrication").GetString());
        Assert.Equal([0, 12, 18, 25, 35, 50], parameters.GetProperty("bins").GetProperty("age").EnumerateArray().Select(e => e.GetDouble()));
        var synthetic = File.ReadAllLines(_folder.File("r1/synthetic.csv"));
        var ageColumn = Array.IndexOf(synthetic[0].Split(','), "age");
        Assert.All(synthetic.Skip(1), line => Assert.Contains(line.Split(',')[ageColumn], new[] { "", "<0", "0–12", "12–18", "18–25", "25–35", "35–50", "≥50" }));
        // The owner's report is never in the release folder, and the public manifest holds no exact count.
        Assert.Equal(["aggregates.csv", "manifest.json", "synthetic.csv"], Directory.EnumerateFiles(_folder.File("r1")).Select(f => Path.GetFileName(f)!).Order());
        var bounding = manifest.GetProperty("contribution_bounding");
        Assert.Equal(["max_rows_per_victim", "l2_sensitivity"], bounding.EnumerateObject().Select(p => p.Name));
        var report = JsonDocument.Parse(File.ReadAllText(ReportOf(Workspace, 1, "utility-report.json"))).RootElement;
        Assert.Contains("FOR THE DATA OWNER ONLY", report.GetProperty("warning").GetString());
        Assert.True(report.GetProperty("contribution_bounding").GetProperty("rows_in").GetInt32() > 0);
        Assert.Equal([1, 2, 3], report.GetProperty("synthetic_records_by_length").EnumerateArray().Select(e => e.GetProperty("length").GetInt32()));
        Assert.All(report.GetProperty("synthetic_records_by_length").EnumerateArray(), e => Assert.InRange(e.GetProperty("fabricated").GetDouble(), 0, 0.2));
        Assert.Contains("<svg", File.ReadAllText(ReportOf(Workspace, 1, "utility-report.html")));

        var budget = JsonDocument.Parse(Run("-w", Workspace, "--json", "budget").Out).RootElement;
        var entry = Assert.Single(budget.GetProperty("releases").EnumerateArray());
        Assert.Equal("written", entry.GetProperty("status").GetString());
        Assert.Equal(result.GetProperty("rho").GetDouble(), entry.GetProperty("rho").GetDouble(), 12);

        // Two ε = 1 releases compose (zCDP) to ε ≈ 1.43 > 1.2: the second is refused before any noise, nothing written.
        var over = Run("-w", Workspace, "release", "--epsilon", "1", "--columns", Columns, "--bin", Generator.CaseGenerator.AgeBins, "-o", _folder.File("r2"));
        Assert.Equal(ExitCodes.Usage, over.Code);
        Assert.Contains("refused before any noise was drawn", over.Err);
        Assert.False(Directory.Exists(_folder.File("r2")));
        Assert.Single(JsonDocument.Parse(Run("-w", Workspace, "--json", "budget").Out).RootElement.GetProperty("releases").EnumerateArray());
    }

    [Fact]
    public void Test_mode_is_reproducible_says_so_in_the_manifest_and_is_refused_on_a_workspace_not_made_for_tests()
    {
        Assert.Equal(0, Run("-w", Workspace, "budget", "--set-epsilon", "10").Code);
        var real = Run("-w", Workspace, "release", "--epsilon", "1", "--columns", "gender,ageBroad,year", "--test-seed", "3", "-o", _folder.File("x"));
        Assert.Equal(ExitCodes.Usage, real.Code);
        Assert.Contains("init --test-only", real.Err);
        Assert.Empty(JsonDocument.Parse(Run("-w", Workspace, "--json", "budget").Out).RootElement.GetProperty("releases").EnumerateArray());

        var test = _folder.File("test.minerva");
        Assert.Equal(0, Run("init", "--test-only", test).Code);
        Assert.Equal(0, Run("-w", test, "ingest", "-c", RepoPaths.Connector("cases.yaml"), _folder.File("cases.csv")).Code);
        Assert.Equal(0, Run("-w", test, "budget", "--set-epsilon", "10").Code);
        var first = Run("-w", test, "release", "--epsilon", "1", "--columns", "gender,ageBroad,year", "--test-seed", "3", "-o", _folder.File("a"));
        Assert.Equal(0, first.Code);
        // 22 years over 4,000 rows: most are too rare to select privately at ε = 1, and the owner is told so.
        Assert.Contains("of the rows of 'year' have a category too rare", first.Err);
        Assert.DoesNotContain("'gender'", first.Err);
        Assert.Equal(0, Run("-w", test, "release", "--epsilon", "1", "--columns", "gender,ageBroad,year", "--test-seed", "3", "-o", _folder.File("b")).Code);
        Assert.Equal(File.ReadAllText(_folder.File("a/synthetic.csv")), File.ReadAllText(_folder.File("b/synthetic.csv")));
        var manifest = JsonDocument.Parse(File.ReadAllText(_folder.File("a/manifest.json"))).RootElement;
        Assert.Equal(3, manifest.GetProperty("test_mode").GetProperty("seed").GetInt32());
        Assert.Equal(ExitCodes.Usage, Run("-w", test, "release", "--epsilon", "1", "--columns", "gender", "-o", _folder.File("a")).Code); // not empty
        Assert.Equal(ExitCodes.Usage, Run("-w", test, "release", "--epsilon", "1", "--columns", "shoeSize", "-o", _folder.File("c")).Code);
        Assert.Contains("strictly ascending", Run("-w", test, "release", "--epsilon", "1", "--columns", Columns, "--bin", "age=10,5", "-o", _folder.File("d")).Err);
    }

    [Theory]
    // Each of these published real data or spent budget for nothing; each is refused before anything is spent.
    [InlineData("victim column typo", "--victim-column", "victimID")] // fell back to rows and released 1,160 real victim ids
    [InlineData("no columns chosen")]
    [InlineData("the unit released", "--columns", "victimId,gender")]
    [InlineData("an identifier column", "--columns", "gender,caseRef")] // a unique caseRef appeared in every synthetic row
    [InlineData("--out is a file", "-o", "FILE")]
    [InlineData("--out under a file", "-o", "FILE/sub")]
    [InlineData("the report inside the release", "--report", "OUT/owner")]
    public void A_release_that_would_publish_real_data_or_cannot_be_written_is_refused_before_spending(string why, params string[] args)
    {
        var cases = _folder.File("refs.csv");
        File.WriteAllLines(cases, ["victimId,gender,caseRef", .. Enumerable.Range(0, 400).Select(i => $"v{i},{(i % 3 == 0 ? "Man" : "Woman")},CASE-{i:D5}")]);
        var workspace = _folder.File("refs.minerva");
        Assert.Equal(0, Run("init", workspace).Code);
        Assert.Equal(0, Run("-w", workspace, "ingest", "-c", RepoPaths.Connector("cases.yaml"), cases).Code);
        Assert.Equal(0, Run("-w", workspace, "budget", "--set-epsilon", "4").Code);
        var file = _folder.Write("a-file", "x");
        var output = _folder.File("out");
        string[] given = [.. args.Select(a => a.Replace("FILE", file, StringComparison.Ordinal).Replace("OUT", output, StringComparison.Ordinal))];
        string[] defaults = [.. given.Contains("--columns") || why == "no columns chosen" ? [] : new[] { "--columns", "gender" }, .. given.Contains("-o") ? [] : new[] { "-o", output }];
        var (code, _, error) = Run(["-w", workspace, "release", "--epsilon", "1", .. defaults, .. given]);
        Assert.True(code == ExitCodes.Usage, $"{why}: exit {code}: {error}");
        Assert.Empty(JsonDocument.Parse(Run("-w", workspace, "--json", "budget").Out).RootElement.GetProperty("releases").EnumerateArray());
        if (why == "no columns chosen") Assert.Contains("the candidates are caseRef (400 values), gender (2 values)", error);
    }

    [Fact]
    public void A_release_publishes_its_ledger_chain_hash_and_an_altered_ledger_refuses_the_next()
    {
        Assert.Equal(0, Run("-w", Workspace, "budget", "--set-epsilon", "4").Code);
        var (code, _, error) = Run("-w", Workspace, "release", "--epsilon", "1", "--columns", "gender,ageBroad", "-o", _folder.File("r1"));
        Assert.True(code == 0, error);
        var published = JsonDocument.Parse(File.ReadAllText(_folder.File("r1/manifest.json"))).RootElement.GetProperty("ledger_chain_hash").GetString();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Workspace};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT hash FROM ledger_chain WHERE entry LIKE '%\"Kind\":\"spend\"%'";
            Assert.Equal(published, command.ExecuteScalar());
            command.CommandText = "UPDATE privacy_spends SET rho = 1e-12"; // hand the budget back
            command.ExecuteNonQuery();
        }
        var next = Run("-w", Workspace, "release", "--epsilon", "1", "--columns", "gender,ageBroad", "-o", _folder.File("r2"));
        Assert.Equal(ExitCodes.Workspace, next.Code);
        Assert.Contains("privacy ledger", next.Err);
        Assert.Contains("was altered", Run("-w", Workspace, "budget").Err);
    }

    /// <summary>The toy file has no victim id: each row is its own unit, calibrated to one row, and the release says so.</summary>
    [Fact]
    public void A_file_without_victim_ids_is_released_per_row_and_says_so()
    {
        // A test workspace and a seed: the utility bound below is checked on reproducible noise (with the cryptographic RNG
        // the toy file's 2-way TVD averages 0.034 over 20 releases and passed 0.045 in one CI run of many).
        var workspace = _folder.File("toy.minerva");
        Assert.Equal(0, Run("init", "--test-only", workspace).Code);
        Assert.Equal(0, Run("-w", workspace, "ingest", "-c", RepoPaths.Connector("cases.yaml"), RepoPaths.Sample("cases/victim_perpetrator_toy.csv")).Code);
        Assert.Equal(0, Run("-w", workspace, "budget", "--set-epsilon", "2").Code);
        var toyColumns = "gender,ageBroad,UN_COO_Region,UN_COE_Region,isSexualExploit,isForcedLabour,IP_Relation,IP_Gender,IP_RecruiterBroker,IP_Exploiter";
        var noUnit = Run("-w", workspace, "release", "--epsilon", "1", "--columns", toyColumns, "-o", _folder.File("toy"));
        Assert.Equal(ExitCodes.Usage, noUnit.Code); // row-level protection is weaker: it must be asked for
        Assert.Contains("--unit row", noUnit.Err);
        var (code, output, error) = Run("-w", workspace, "--json", "release", "--epsilon", "1", "--columns", toyColumns, "--unit", "row",
            "--domain", RepoPaths.Connector("domains/ctdc-victim-perpetrator.csv"), "--test-seed", "1", "-o", _folder.File("toy"));
        Assert.True(code == 0, error);
        Assert.Equal("row", JsonDocument.Parse(output).RootElement.GetProperty("unit").GetString());
        var privacy = JsonDocument.Parse(File.ReadAllText(_folder.File("toy/manifest.json"))).RootElement.GetProperty("privacy");
        Assert.StartsWith("row:", privacy.GetProperty("unit").GetString());
        Assert.Equal(1, privacy.GetProperty("l2_sensitivity").GetDouble());
        Assert.InRange(JsonDocument.Parse(output).RootElement.GetProperty("tvd2").GetDouble(), 0, 0.045);
        Assert.Null(privacy.GetProperty("category_selection").GetString()); // every column declared: no δ used up
    }

    /// <summary>
    /// One victim with a country nobody else has, planted among 4,000 generated cases: with categories read from the data it
    /// appeared in 6 of 10 releases. Selected privately it never appears, in any file; declared by a code list that lacks it,
    /// it is released as (other) and a declared region no row has is part of the published domain.
    /// </summary>
    [Fact]
    public void A_country_only_one_victim_has_is_never_published()
    {
        var test = _folder.File("planted.minerva");
        var cases = File.ReadAllLines(_folder.File("cases.csv")).ToList();
        var header = cases[0].Split(',');
        var planted = cases[1].Split(',');
        planted[Array.IndexOf(header, "victimId")] = "v-planted";
        planted[Array.IndexOf(header, "UN_COO_Region")] = "Atlantis";
        File.WriteAllLines(_folder.File("planted.csv"), [.. cases, string.Join(',', planted)]);
        Assert.Equal(0, Run("init", "--test-only", test).Code);
        Assert.Equal(0, Run("-w", test, "ingest", "-c", RepoPaths.Connector("cases.yaml"), _folder.File("planted.csv")).Code);
        Assert.Equal(0, Run("-w", test, "budget", "--set-epsilon", "40").Code);
        const string columns = "gender,ageBroad,UN_COO_Region,UN_COE_Region,isSexualExploit";
        for (var seed = 0; seed < 6; seed++)
        {
            var (code, _, error) = Run("-w", test, "release", "--epsilon", "2", "--columns", columns, "--test-seed", $"{seed}", "-o", _folder.File($"s{seed}"));
            Assert.True(code == 0, error);
            foreach (var file in Directory.EnumerateFiles(_folder.File($"s{seed}")))
                Assert.DoesNotContain("Atlantis", File.ReadAllText(file));
            var manifest = JsonDocument.Parse(File.ReadAllText(_folder.File($"s{seed}/manifest.json"))).RootElement;
            Assert.Equal("selected", manifest.GetProperty("domains").GetProperty("UN_COO_Region").GetProperty("source").GetString());
            Assert.True(manifest.GetProperty("privacy").GetProperty("delta_outright").GetDouble() > 0);
        }
        var spends = JsonDocument.Parse(Run("-w", test, "--json", "budget").Out).RootElement;
        Assert.Equal(6 * 1e-8, spends.GetProperty("spent_delta").GetDouble(), 1e-15); // δ used up outright adds up

        var regions = _folder.Write("regions.txt", "# UN M49 regions\nAfrica\nAmericas\nAsia\nEurope\nOceania\nAntarctica\n");
        var declared = Run("-w", test, "release", "--epsilon", "2", "--columns", columns, "--test-seed", "1", "--domain", $"UN_COO_Region={regions}",
            "--domain", RepoPaths.Connector("domains/ctdc-victim-perpetrator.csv"), "-o", _folder.File("d"));
        Assert.True(declared.Code == 0, declared.Err);
        foreach (var file in Directory.EnumerateFiles(_folder.File("d"))) Assert.DoesNotContain("Atlantis", File.ReadAllText(file));
        var domains = JsonDocument.Parse(File.ReadAllText(_folder.File("d/manifest.json"))).RootElement.GetProperty("domains");
        Assert.Contains("Antarctica", domains.GetProperty("UN_COO_Region").GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("code list regions.txt", domains.GetProperty("UN_COO_Region").GetProperty("source").GetString());
        var report = JsonDocument.Parse(File.ReadAllText(ReportOf(test, 7, "utility-report.json"))).RootElement;
        Assert.Equal(1, report.GetProperty("rows_released_as_other").GetProperty("UN_COO_Region").GetInt32()); // the planted row, owner's eyes only

        Assert.Equal(ExitCodes.Input, Run("-w", test, "release", "--epsilon", "1", "--columns", columns, "--domain", "gender=missing.txt", "-o", _folder.File("e1")).Code);
        Assert.Equal(ExitCodes.Usage, Run("-w", test, "release", "--epsilon", "1", "--columns", columns, "--domain", $"shoeSize={regions}", "-o", _folder.File("e2")).Code);
        Assert.Equal(ExitCodes.Input, Run("-w", test, "release", "--epsilon", "1", "--columns", columns, "--domain", regions, "-o", _folder.File("e3")).Code); // no header
        Assert.Equal(7, JsonDocument.Parse(Run("-w", test, "--json", "budget").Out).RootElement.GetProperty("releases").GetArrayLength()); // refusals spend nothing
    }

    /// <summary>Aggregate-seeded: the published aggregates are noisy counts above each length's noise threshold, as the manifest states.</summary>
    [Fact]
    public void An_aggregate_seeded_release_publishes_measured_counts_above_its_noise_thresholds()
    {
        Assert.Equal(0, Run("-w", Workspace, "budget", "--set-epsilon", "2").Code);
        var (code, output, error) = Run("-w", Workspace, "--json", "release", "--epsilon", "2", "--columns", "gender,ageBroad,UN_COO_Region,isSexualExploit,IP_Relation",
            "--mechanism", "aggregates", "--domain", RepoPaths.Connector("domains/ctdc-victim-perpetrator.csv"), "-o", _folder.File("a"));
        Assert.True(code == 0, error);
        var manifest = JsonDocument.Parse(File.ReadAllText(_folder.File("a/manifest.json"))).RootElement;
        Assert.Equal("aggregates", manifest.GetProperty("parameters").GetProperty("mechanism").GetString());
        Assert.StartsWith("aggregate-seeded", manifest.GetProperty("mechanism").GetProperty("name").GetString());
        Assert.Contains("noisy counts of the sensitive records", manifest.GetProperty("aggregates").GetString());
        var thresholds = manifest.GetProperty("mechanism").GetProperty("threshold_by_length").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(3, thresholds.Count);
        Assert.All(thresholds, t => Assert.True(t >= 10));
        var lines = File.ReadLines(_folder.File("a/aggregates.csv")).Skip(1).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var comma = line.LastIndexOf(',');
            var length = line[..comma].Split(';').Length;
            Assert.True(long.Parse(line[(comma + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= thresholds[length - 1], line);
        }
        var synthetic = File.ReadAllLines(_folder.File("a/synthetic.csv"));
        Assert.Equal("gender,ageBroad,UN_COO_Region,isSexualExploit,IP_Relation", synthetic[0]);
        Assert.InRange(synthetic.Length - 1, 3000, 4500); // as many records as the noisy counts say there are rows (about 3,800)
        Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("tvd2").GetDouble() < 0.1);
        Assert.Contains("aggregates", JsonDocument.Parse(Run("-w", Workspace, "--json", "budget").Out).RootElement
            .GetProperty("releases")[0].GetProperty("purpose").GetString());
    }

    /// <summary>Adaptive: the manifest names the tree and every round's measured columns; the ledger charges the whole release once.</summary>
    [Fact]
    public void An_adaptive_release_lists_its_rounds_and_spends_its_epsilon_once()
    {
        var columns = "gender,ageBroad,UN_COO_Region,UN_COE_Region,isSexualExploit,isForcedLabour,IP_Relation,IP_Gender";
        Assert.Equal(0, Run("-w", Workspace, "budget", "--set-epsilon", "2").Code);
        var (code, output, error) = Run("-w", Workspace, "--json", "release", "--epsilon", "1", "--columns", columns, "--mechanism", "adaptive",
            "--domain", RepoPaths.Connector("domains/ctdc-victim-perpetrator.csv"), "-o", _folder.File("ad"));
        Assert.True(code == 0, error);
        var manifest = JsonDocument.Parse(File.ReadAllText(_folder.File("ad/manifest.json"))).RootElement;
        Assert.Equal("adaptive", manifest.GetProperty("parameters").GetProperty("mechanism").GetString());
        var mechanism = manifest.GetProperty("mechanism");
        Assert.StartsWith("adaptive", mechanism.GetProperty("name").GetString());
        Assert.InRange(mechanism.GetProperty("tree").GetArrayLength(), 1, 7);
        var rounds = mechanism.GetProperty("rounds").EnumerateArray().ToList();
        Assert.NotEmpty(rounds);
        Assert.All(rounds, r =>
        {
            Assert.InRange(r.GetProperty("columns").GetArrayLength(), 2, 3);
            Assert.All(r.GetProperty("columns").EnumerateArray(), c => Assert.Contains(c.GetString()!, columns.Split(',')));
            Assert.True(r.GetProperty("sigma2").GetDouble() > 0);
        });
        Assert.Equal(columns, File.ReadLines(_folder.File("ad/synthetic.csv")).First());
        Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("tvd2").GetDouble() < 0.1);
        var releases = JsonDocument.Parse(Run("-w", Workspace, "--json", "budget").Out).RootElement.GetProperty("releases");
        Assert.Equal(1, releases.GetArrayLength());
        Assert.Contains("adaptive", releases[0].GetProperty("purpose").GetString());
    }

    /// <summary>Cases that share a phone with generated ads are released with their network's size; the rest stay out.</summary>
    [Fact]
    public void A_release_can_be_drawn_from_the_resolved_network()
    {
        var corpus = Directory.CreateDirectory(_folder.File("corpus")).FullName;
        Generator.CorpusGenerator.Write(corpus, new Generator.CorpusOptions(Ads: 1500, Seed: 9, Cases: 3000));
        var workspace = _folder.File("network.minerva");
        Assert.Equal(0, Run("init", workspace).Code);
        Assert.Equal(0, Run("-w", workspace, "ingest", "-c", RepoPaths.Connector("generated-ads.yaml"), Path.Combine(corpus, "ads.jsonl")).Code);
        Assert.Equal(0, Run("-w", workspace, "ingest", "-c", RepoPaths.Connector("generated-cases.yaml"), Path.Combine(corpus, "cases.csv")).Code);
        Assert.Equal(0, Run("-w", workspace, "budget", "--set-epsilon", "4").Code);
        Assert.Contains("run minerva resolve --exclude-source cases first", Run("-w", workspace, "release", "--epsilon", "1", "--columns", Columns, "--from-network", "-o", _folder.File("n0")).Err);
        // Resolved with the case rows, one victim's row could change other victims' networks: refused, nothing spent.
        Assert.Equal(0, Run("-w", workspace, "resolve").Code);
        var included = Run("-w", workspace, "release", "--epsilon", "1", "--columns", Columns, "--from-network", "--bin", Generator.CaseGenerator.AgeBins, "-o", _folder.File("n0"));
        Assert.Equal(ExitCodes.Usage, included.Code);
        Assert.Contains("--exclude-source cases", included.Err);
        Assert.Equal(ExitCodes.Usage, Run("-w", workspace, "resolve", "--exclude-source", "kases").Code);
        Assert.Equal(0, Run("-w", workspace, "resolve", "--exclude-source", "cases").Code);
        var before = Bands(workspace);
        // One more victim whose row carries the phones of many other cases: it cannot move anyone else in or out, nor change a band.
        var rows = File.ReadAllLines(Path.Combine(corpus, "cases.csv"));
        var phones = rows.Skip(1).Select(l => l[(l.LastIndexOf(',') + 1)..]).Where(p => p.Length > 0).Take(40);
        var fields = rows[1].Split(',');
        (fields[0], fields[^1]) = ("v-new", $"\"{string.Join(" ", phones)}\"");
        File.WriteAllLines(_folder.File("one-more.csv"), [.. rows, string.Join(',', fields)]); // ids are row numbers: the old rows keep theirs
        Assert.Equal(0, Run("-w", workspace, "ingest", "-c", RepoPaths.Connector("generated-cases.yaml"), _folder.File("one-more.csv")).Code);
        var after = Bands(workspace);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.All(before, b => Assert.Equal(b.Value, after[b.Key]));
        Assert.Equal("21+", after[after.Keys.Except(before.Keys).Single()]); // it does reach many networks: the check above is not empty

        var (code, _, error) = Run("-w", workspace, "release", "--epsilon", "1", "--columns", Columns, "--from-network", "--bin", Generator.CaseGenerator.AgeBins, "-o", _folder.File("n1"));
        Assert.True(code == 0, error);
        var withPhone = File.ReadLines(Path.Combine(corpus, "cases.csv")).Skip(1).Count(l => !l.EndsWith(',')); // the phone is the last column
        var report = JsonDocument.Parse(File.ReadAllText(ReportOf(workspace, 1, "utility-report.json"))).RootElement;
        Assert.Equal(3000 - withPhone, report.GetProperty("cases_outside_any_network").GetInt32());
        var manifest = JsonDocument.Parse(File.ReadAllText(_folder.File("n1/manifest.json"))).RootElement;
        Assert.StartsWith("case records whose own selectors reach an entity", manifest.GetProperty("parameters").GetProperty("population").GetString());
        var synthetic = File.ReadAllLines(_folder.File("n1/synthetic.csv"));
        var column = Array.IndexOf(synthetic[0].Split(','), "network_records");
        Assert.True(column >= 0, synthetic[0]);
        Assert.All(synthetic.Skip(1), line => Assert.Contains(line.Split(',')[column], new[] { "1", "2–5", "6–20", "21+" }));
    }

    /// <summary>Each linked case's network band, as a release from the network would attach it.</summary>
    private static Dictionary<string, string?> Bands(string workspace)
    {
        using var opened = Minerva.Storage.Sqlite.SqliteWorkspace.Open(workspace);
        var cases = opened.ScanRecords(["cases"], withPayload: true)
            .Select(r => (r.Record.Key, Payload: JsonSerializer.Deserialize<Dictionary<string, string?>>(r.Record.RawPayload)!)).ToList();
        Minerva.App.Releasing.NetworkPopulation.Linked(opened, "cases", cases, out _);
        return cases.Where(c => c.Payload.ContainsKey(Minerva.App.Releasing.NetworkPopulation.Column))
            .ToDictionary(c => c.Key.ToString(), c => c.Payload[Minerva.App.Releasing.NetworkPopulation.Column]);
    }
}
