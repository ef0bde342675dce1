using Minerva.Core;
using Minerva.Generator;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve.Evaluation;
using Minerva.Resolve.Explain;
using Minerva.Resolve.Rules;
using Minerva.Resolve.Scoring;
using Minerva.Testing;

namespace Minerva.Resolve.Tests;

/// <summary>The resolver end to end on the generated corpus (planted networks, hubs, look-alike handles, rotation).</summary>
public sealed class ResolverTests : WorkspaceTest
{
    private const int Seed = 20261124;

    [Fact]
    public void Generated_networks_are_recovered_with_high_precision_and_the_hub_is_suppressed()
    {
        Ingest(3000);
        var report = new Resolver(Workspace, RuleLoader.Load("ads")).Run();
        var result = Evaluate();
        Assert.True(report.Model.Converged, $"seed {Seed}: EM did not converge");
        Assert.True(result.BCubed.Precision >= 0.97, $"seed {Seed}: B-cubed precision {result.BCubed.Precision:0.0000}");
        Assert.True(result.BCubed.F1 >= 0.95, $"seed {Seed}: B-cubed F1 {result.BCubed.F1:0.0000}, recall {result.BCubed.Recall:0.0000}");
        var hub = Assert.Single(report.Hubs);
        Assert.Equal((SelectorKind.Phone, "+18005550199"), (hub.Kind, hub.Value));
        Assert.Equal(report.Records, Workspace.ExportMemberships().Count());
    }

    /// <summary>Every stage says when it starts, and blocking reports its share done (it once sat at 0 % for six minutes).</summary>
    [Fact]
    public void A_resolution_reports_each_stage_and_real_progress_through_blocking()
    {
        Ingest(1000);
        var reports = new List<ResolveProgress>();
        new Resolver(Workspace, RuleLoader.Load("ads")).Run(new Inline(reports.Add));
        var stages = reports.Select(r => r.Stage).Distinct().ToList();
        string[] expected = ["reading records", "blocking", "sampling random pairs", "comparing pairs", "fitting the model (EM)", "scoring pairs", "clustering", "saving"];
        Assert.Equal(expected, stages.Where(expected.Contains)); // in this order; others may come between
        var blocking = reports.Where(r => r.Stage == "blocking").Select(r => r.Fraction).ToList();
        Assert.True(blocking.Count > 10, $"{blocking.Count} blocking reports"); // within blockers too, not only between them
        Assert.Equal(blocking.Order(), blocking);
        Assert.Equal(1, blocking[^1], 9);
        var clustering = reports.Where(r => r.Stage == "clustering").Select(r => r.Fraction).ToList();
        Assert.True(clustering.Count > 10 && clustering.SequenceEqual(clustering.Order()) && clustering[^1] <= 1, string.Join(", ", clustering));
    }

    /// <summary>Progress reported on the calling thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class Inline(Action<ResolveProgress> report) : IProgress<ResolveProgress>
    {
        public void Report(ResolveProgress value) => report(value);
    }

    [Fact]
    public void Strangers_with_word_for_word_identical_short_bios_stay_apart()
    {
        Ingest(3000);
        var report = new Resolver(Workspace, RuleLoader.Load("ads")).Run();
        var truth = Evaluator.ReadTruth(Folder.File("truth.csv"));
        var entity = Workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => m.Entity);
        // Profiles of nobody in the ads ('p' clusters) with stock bios ("serious only", "new in town") that others share.
        var strangers = truth.Where(t => t.Value.StartsWith('p')).Select(t => t.Key).ToList();
        var bios = File.ReadLines(Folder.File("profiles.csv")).Skip(1).Select(l => l.Split(',')[3]).ToList();
        Assert.True(strangers.Count >= 10, $"seed {Seed}: only {strangers.Count} stranger profiles");
        Assert.True(bios.Count - bios.Distinct().Count() > 100, "stock bios must recur for the test to mean anything");
        Assert.All(strangers, s => Assert.Single(entity, e => e.Value == entity[s]));
        Assert.Equal(0, report.Contradictions.Below);
        var result = Evaluate();
        Assert.True(result.Pairwise.Precision >= 0.99, $"seed {Seed}: pairwise precision {result.Pairwise.Precision:0.0000}");
    }

    /// <summary>Profiles from elsewhere: a stock bio on 60 strangers, each person's own bio on three of their accounts.
    /// The strangers stay apart, and <c>why</c> says how many records hold the text a pair shares.</summary>
    [Fact]
    public void Why_says_how_many_records_hold_the_text_two_profiles_share()
    {
        var random = new Random(Seed);
        string[] words = ["sweet", "lovely", "girl", "from", "kyiv", "riga", "new", "here", "travel", "coffee", "music", "dance", "yoga",
            "books", "sea", "mountains", "sun", "smile", "kind", "honest", "fun", "party", "art", "paint", "cats", "dogs", "wine", "cook"];
        string[] cities = ["Berlin", "Madrid", "Riga", "Vienna", "Prague", "Lisbon"];
        const string stock = "serious inquiries only please message me for booking info and rates";
        var lines = new List<string> { "platform,username,bio,city" };
        var strangers = new List<RecordKey>();
        for (var person = 0; person < 40; person++)
        {
            var bio = string.Join(' ', Enumerable.Range(0, 20).Select(_ => words[random.Next(words.Length)] + words[random.Next(words.Length)]));
            var city = cities[random.Next(cities.Length)];
            for (var copy = 0; copy < 3; copy++) lines.Add($"insta,p{person}x{copy},{bio},{city}");
        }
        for (var stranger = 0; stranger < 60; stranger++)
        {
            lines.Add($"insta,s{stranger},{stock},{cities[random.Next(cities.Length)]}");
            strangers.Add(new RecordKey("genprofiles", $"insta/s{stranger}"));
        }
        Folder.Write("profiles.csv", string.Join('\n', lines) + "\n");
        var connector = DefinitionLoader.Parse("""
            source: genprofiles
            format: csv
            id: [ { column: platform }, { column: username } ]
            fields:
              text: { column: bio }
              location: { column: city }
            selectors:
              - kind: handle
                column: username
                platform: { column: platform }
            """, "profiles.yaml");
        new Ingestor(Workspace).Run(connector, [Folder.File("profiles.csv")]);

        new Resolver(Workspace, RuleLoader.Load("ads")).Run();
        Assert.Equal(strangers.Count, strangers.Select(Workspace.EntityOf).Distinct().Count());
        var why = new PairExplainer(Workspace).Explain(strangers[0], strangers[1]);
        var text = why.Comparisons.Single(c => c.Name == "text");
        Assert.Equal(">=0.8", text.Level);
        Assert.StartsWith("shared text on ~60 records", Assert.Single(text.Shared));
        Assert.True(why.Total < why.Threshold, $"two strangers with the stock bio score {why.Total:0.0} bits");
        var own = new PairExplainer(Workspace).Explain(new RecordKey("genprofiles", "insta/p0x0"), new RecordKey("genprofiles", "insta/p0x1"));
        Assert.StartsWith("shared text on ~3 records", Assert.Single(own.Comparisons.Single(c => c.Name == "text").Shared));
    }

    /// <summary>An investigator's corrections hold in every later resolution: two linked records marked not the same end
    /// in two entities, two records of different entities marked the same end in one, and <c>why</c> names the decision.</summary>
    [Fact]
    public void Decisions_split_and_join_entities_in_every_later_resolution()
    {
        Ingest(1500);
        new Resolver(Workspace, RuleLoader.Load("ads")).Run();
        var members = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() >= 6).Select(m => m.Record).ToList();
        var link = Workspace.EntityLinks(Workspace.EntityOf(members[0])!.Value, 1).Single();
        Workspace.AddDecision(link.A, link.B, same: false, "analyst1", "different women in the photos");
        var others = Workspace.ExportMemberships().GroupBy(m => m.Entity).Where(g => g.Count() >= 2 && !g.Any(m => m.Record == link.A))
            .Select(g => g.First().Record).Take(2).ToList();
        Workspace.AddDecision(others[0], others[1], same: true, "analyst2", "same tattoo");

        var report = new Resolver(Workspace, RuleLoader.Load("ads")).Resolve();
        Assert.Equal("full", report.Mode); // decisions apply to the whole workspace
        Assert.NotEqual(Workspace.EntityOf(link.A), Workspace.EntityOf(link.B));
        Assert.Equal(Workspace.EntityOf(others[0]), Workspace.EntityOf(others[1]));
        Assert.Equal(0, report.Contradictions.Below);
        var apart = new PairExplainer(Workspace).Explain(link.A, link.B);
        Assert.False(apart.Decision!.Same);
        Assert.StartsWith("Marked not the same by analyst1", apart.Verdict);
        Assert.Contains("kept apart by that decision", apart.Verdict);
        var joined = Workspace.EntityLinks(Workspace.EntityOf(others[0])!.Value, 1000).Single(l => (l.A == others[0] && l.B == others[1]) || (l.A == others[1] && l.B == others[0]));
        Assert.StartsWith("marked the same by analyst2", joined.Evidence);

        // Changing one's mind: the latest decision on a pair holds.
        Workspace.AddDecision(link.B, link.A, same: true, "analyst1", "same person after all");
        new Resolver(Workspace, RuleLoader.Load("ads")).Resolve();
        Assert.Equal(Workspace.EntityOf(link.A), Workspace.EntityOf(link.B));
    }

    [Fact]
    public void Re_resolving_unchanged_data_keeps_every_entity_id()
    {
        Ingest(800);
        var rules = RuleLoader.Load("ads");
        new Resolver(Workspace, rules).Run();
        var before = Workspace.ExportMemberships().ToList();
        var again = new Resolver(Workspace, rules).Run();
        Assert.Equal(again.Entities, again.EntityIdsKept);
        Assert.Equal(before, Workspace.ExportMemberships().ToList());
    }

    [Fact]
    public void New_records_join_existing_entities_which_keep_their_ids()
    {
        CorpusGenerator.Write(Folder.Path, new CorpusOptions(Ads: 1200, Seed: Seed));
        var lines = File.ReadAllLines(Folder.File("ads.jsonl"));
        File.WriteAllLines(Folder.File("first.jsonl"), lines[..1000]);
        File.WriteAllLines(Folder.File("second.jsonl"), lines[1000..]);
        var connector = DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml"));
        new Ingestor(Workspace).Run(connector, [Folder.File("first.jsonl")]);
        var rules = RuleLoader.Load("ads");
        new Resolver(Workspace, rules).Run();
        var before = Workspace.ExportMemberships().ToDictionary(m => m.Record, m => m.Entity);
        new Ingestor(Workspace).Run(connector, [Folder.File("second.jsonl")]);
        var report = new Resolver(Workspace, rules).Resolve();
        Assert.Equal(("incremental", 200), (report.Mode, report.NewRecords));
        var after = Workspace.ExportMemberships().ToDictionary(m => m.Record, m => m.Entity);
        var unchanged = before.Count(b => after[b.Key] == b.Value);
        Assert.True(unchanged >= before.Count * 0.98, $"seed {Seed}: only {unchanged} of {before.Count} records kept their entity id");
        Assert.Equal(1200, report.Records);
    }

    [Fact]
    public void Incremental_resolution_matches_the_quality_of_a_full_one()
    {
        CorpusGenerator.Write(Folder.Path, new CorpusOptions(Ads: 2000, Seed: Seed));
        var lines = File.ReadAllLines(Folder.File("ads.jsonl"));
        File.WriteAllLines(Folder.File("first.jsonl"), lines[..1500]);
        File.WriteAllLines(Folder.File("second.jsonl"), lines[1500..]);
        var connector = DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml"));
        var rules = RuleLoader.Load("ads");
        new Ingestor(Workspace).Run(connector, [Folder.File("first.jsonl")]);
        Assert.Equal("full", new Resolver(Workspace, rules).Resolve().Mode);
        new Ingestor(Workspace).Run(connector, [Folder.File("second.jsonl")]);
        Assert.Equal("incremental", new Resolver(Workspace, rules).Resolve().Mode);
        var truth = Evaluator.ReadTruth(Folder.File("truth.csv")).Where(t => t.Key.StartsWith("gen:", StringComparison.Ordinal))
            .ToDictionary(t => t.Key, t => t.Value);
        var incremental = Evaluator.Evaluate(truth, Workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => $"E{m.Entity}"));
        new Resolver(Workspace, rules).Run();
        var full = Evaluator.Evaluate(truth, Workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => $"E{m.Entity}"));
        Assert.True(incremental.BCubed.Precision >= 0.97, $"seed {Seed}: incremental precision {incremental.BCubed.Precision:0.0000}");
        Assert.True(incremental.BCubed.F1 >= full.BCubed.F1 - 0.02,
            $"seed {Seed}: incremental F1 {incremental.BCubed.F1:0.0000}, full {full.BCubed.F1:0.0000}");
        Assert.Equal(0, new Resolver(Workspace, rules).Resolve().NewRecords); // nothing new: nothing to do
    }

    [Fact]
    public void Labelled_pairs_calibrate_m_and_u_and_unknown_records_are_refused()
    {
        Ingest(1500);
        var truth = Evaluator.ReadTruth(Folder.File("truth.csv")).Where(t => t.Key.StartsWith("gen:", StringComparison.Ordinal)).ToList();
        var random = new Random(Seed);
        var lines = new List<string> { "record_a,record_b,match" };
        for (var i = 0; i < 400; i++)
        {
            var (a, b) = (truth[random.Next(truth.Count)], truth[random.Next(truth.Count)]);
            var sameCluster = truth.FirstOrDefault(t => t.Value == a.Value && t.Key != a.Key);
            if (i % 2 == 0 && sameCluster.Key is not null) b = sameCluster;
            lines.Add($"{a.Key},{b.Key},{(a.Value == b.Value ? 1 : 0)}");
        }
        File.WriteAllLines(Folder.File("labels.csv"), lines);
        var labels = Calibration.ReadLabels(Folder.File("labels.csv"));
        var report = new Resolver(Workspace, RuleLoader.Load("ads"), labels).Run();
        Assert.Equal(400, report.Model.LabelledPairs);
        var phone = report.Model.Comparisons.Single(c => c.Name == "phone");
        Assert.True(phone.M[0] > phone.U[0] * 10, $"seed {Seed}: shared phone m {phone.M[0]:0.000} u {phone.U[0]:0.000}");
        Assert.True(Evaluate().BCubed.Precision >= 0.97);

        File.WriteAllLines(Folder.File("bad.csv"), ["record_a,record_b,match", "gen:ad-0000001,gen:nope,1"]);
        var e = Assert.Throws<RuleException>(() => new Resolver(Workspace, RuleLoader.Load("ads"), Calibration.ReadLabels(Folder.File("bad.csv"))).Run());
        Assert.Contains("gen:nope", e.Message);
        File.WriteAllLines(Folder.File("bad.csv"), ["record_a,record_b,match", "gen:ad-0000001,gen:ad-0000002,maybe"]);
        Assert.Contains("bad.csv:2:", Assert.Throws<RuleException>(() => Calibration.ReadLabels(Folder.File("bad.csv"))).Message);
    }

    [Fact]
    public void A_cancelled_run_leaves_the_previous_entities_intact()
    {
        Ingest(600);
        var rules = RuleLoader.Load("ads");
        new Resolver(Workspace, rules).Run();
        var before = Workspace.ExportMemberships().ToList();
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Stage == "blocking") cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new Resolver(Workspace, rules).Run(progress, cancel.Token));
        Assert.Equal(before, Workspace.ExportMemberships().ToList());
    }

    [Fact]
    public void A_rule_naming_a_field_no_record_has_is_refused_with_its_line()
    {
        Ingest(100);
        var rules = RuleLoader.Parse("""
            name: bad
            sources: [gen]
            blocking: { selectors: [phone] }
            comparisons:
              - { name: phone, selector: phone }
              - { name: nick, field: nickname }
            """, "bad.yaml");
        var e = Assert.Throws<RuleException>(() => new Resolver(Workspace, rules).Run());
        Assert.StartsWith("bad.yaml:6:", e.Message);
        Assert.Contains("nickname", e.Message);
    }

    [Fact]
    public void Why_explains_a_link_a_chain_and_a_non_link()
    {
        Ingest(1500);
        new Resolver(Workspace, RuleLoader.Load("ads")).Run();
        var truth = Evaluator.ReadTruth(Folder.File("truth.csv"));
        var network = truth.Where(t => t.Key.StartsWith("gen:", StringComparison.Ordinal)).GroupBy(t => t.Value)
            .First(g => g.Count() >= 8 && g.Select(t => Workspace.EntityOf(RecordKey.Parse(t.Key))).Distinct().Count() == 1)
            .Select(t => RecordKey.Parse(t.Key)).ToList();
        var explainer = new PairExplainer(Workspace);
        var inside = explainer.Explain(network[0], network[^1]);
        Assert.Equal(inside.EntityA, inside.EntityB);
        Assert.NotEmpty(inside.Path);
        Assert.Contains($"E{inside.EntityA}", inside.Verdict);

        var stranger = truth.Where(t => t.Value != truth[network[0].ToString()]).Select(t => RecordKey.Parse(t.Key))
            .First(k => Workspace.EntityOf(k) != inside.EntityA);
        var apart = explainer.Explain(network[0], stranger);
        Assert.NotEqual(apart.EntityA, apart.EntityB);
        Assert.StartsWith("Not linked", apart.Verdict);
        Assert.True(apart.Total < apart.Threshold || !apart.Candidate);
    }

    [Fact]
    public void Why_shows_the_hub_phone_links_nothing()
    {
        Ingest(3000);
        new Resolver(Workspace, RuleLoader.Load("ads")).Run();
        var hubAds = File.ReadLines(Folder.File("selectors.csv")).Skip(1).Select(l => l.Split(','))
            .Where(p => p[3] == "1").Select(p => RecordKey.Parse(p[0])).Distinct().ToList();
        var truth = Evaluator.ReadTruth(Folder.File("truth.csv"));
        var (a, b) = hubAds.SelectMany(x => hubAds.Select(y => (x, y))).First(p => truth[p.x.ToString()] != truth[p.y.ToString()]);
        var x = new PairExplainer(Workspace).Explain(a, b);
        var phone = x.Comparisons.Single(c => c.Name == "phone");
        Assert.DoesNotContain("+18005550199", phone.Shared);
        Assert.NotEqual("shared", phone.Level);
        Assert.NotEqual(x.EntityA, x.EntityB);
    }

    private void Ingest(int ads)
    {
        CorpusGenerator.Write(Folder.Path, new CorpusOptions(Ads: ads, Seed: Seed));
        new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml")), [Folder.File("ads.jsonl")]);
        new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("generated-profiles.yaml")), [Folder.File("profiles.csv")]);
    }

    private Evaluation.Evaluation Evaluate() =>
        Evaluator.Evaluate(Evaluator.ReadTruth(Folder.File("truth.csv")),
            Workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => $"E{m.Entity}"));

    /// <summary>Reports synchronously on the calling thread (Progress&lt;T&gt; posts to the thread pool, too late to cancel).</summary>
    private sealed class SyncProgress(Action<ResolveProgress> report) : IProgress<ResolveProgress>
    {
        public void Report(ResolveProgress value) => report(value);
    }
}
