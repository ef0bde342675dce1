using Minerva.Core;
using Minerva.Generator;
using Minerva.Ingest.Definitions;
using Minerva.Testing;

namespace Minerva.Ingest.Tests;

/// <summary>Extraction measured against the generator's planted truth, across every obfuscation class.</summary>
public sealed class GeneratedCorpusTests : WorkspaceTest
{
    private const int Seed = 20261123;
    [Fact]
    public void Every_planted_selector_is_found_and_nothing_else_is()
    {
        var options = new CorpusOptions(Ads: 3000, Seed: Seed);
        CorpusGenerator.Write(Folder.Path, options);
        var result = new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml")), [Folder.File("ads.jsonl")]);
        Assert.Equal((3000, 3000), (result.Read, result.Ingested));

        var missed = new List<string>();
        var extra = new List<string>();
        int abroad = 0, abroadFound = 0;
        foreach (var ad in CorpusGenerator.Ads(options))
        {
            var found = Workspace.GetRecord(RecordKey.Parse(ad.RecordKey))!.Selectors
                .Where(s => s.Kind is SelectorKind.Phone or SelectorKind.Email or SelectorKind.Handle or SelectorKind.Wallet)
                .Select(s => $"{s.Kind.Name()}:{s.Value}").ToHashSet();
            var planted = ad.Planted.Select(p => $"{p.Kind}:{p.Value}").ToHashSet();
            // A national number posted in another country's ad ("06 …" in Paris) is read in that country first; the
            // digits of a French and a Dutch mobile can be the same, so some of these cannot be read: measured apart.
            var home = PhonePlanInfo.All.First(p => p.Plan.Country == ad.Country).Plan.Code;
            var posted = ad.Planted.Where(p => p.Kind == "phone" && !p.Hub && !p.Value.StartsWith($"+{home}", StringComparison.Ordinal)).ToList();
            if (posted.Count > 0)
            {
                abroad += posted.Count;
                abroadFound += posted.Count(p => found.Contains($"phone:{p.Value}"));
                continue;
            }
            missed.AddRange(planted.Except(found).Select(m => $"{ad.Id} missed {m}"));
            extra.AddRange(found.Except(planted).Select(x => $"{ad.Id} extra {x}"));
        }
        Assert.True(missed.Count == 0, $"seed {Seed}: {missed.Count} missed, e.g. {string.Join("; ", missed.Take(5))}");
        Assert.True(extra.Count == 0, $"seed {Seed}: {extra.Count} extra, e.g. {string.Join("; ", extra.Take(5))}");
        Assert.True(abroad >= 30, $"seed {Seed}: only {abroad} numbers posted abroad");
        // Measured 38 of 45: the rest are a Dutch "06…" in a French ad (a valid French mobile too) or a Polish number
        // with no trunk prefix in another country's ad, which nothing in the text tells apart.
        Assert.True(abroadFound >= 0.8 * abroad, $"seed {Seed}: {abroadFound} of {abroad} numbers posted abroad found");
    }

    [Fact]
    public void Generated_profiles_and_cases_ingest_and_profiles_carry_their_planted_selectors()
    {
        CorpusGenerator.Write(Folder.Path, new CorpusOptions(Ads: 1000, Seed: Seed, Cases: 500));
        var profiles = new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("generated-profiles.yaml")), [Folder.File("profiles.csv")]);
        var cases = new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("cases.yaml")), [Folder.File("cases.csv")]);
        Assert.Equal((500, 500), (cases.Read, cases.Ingested));
        Assert.Equal(0, profiles.Quarantined);
        Assert.True(profiles.Ingested > 50, $"only {profiles.Ingested} profiles");
        var planted = File.ReadLines(Folder.File("selectors.csv")).Skip(1).Select(l => l.Split(','))
            .Where(p => p[0].StartsWith("genprofiles:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(planted);
        foreach (var p in planted)
        {
            var selectors = Workspace.GetRecord(RecordKey.Parse(p[0]))!.Selectors;
            Assert.Contains(selectors, s => s.Kind.Name() == p[1] && s.Value == p[2]);
        }
        // Every profile is in the truth file, with its network's cluster.
        var truth = File.ReadLines(Folder.File("truth.csv")).Count(l => l.StartsWith("genprofiles:", StringComparison.Ordinal));
        Assert.Equal(profiles.Ingested, truth);
    }

    [Fact]
    public void The_generator_is_deterministic_for_a_seed_and_writes_truth_for_every_ad()
    {
        var a = CorpusGenerator.Ads(new CorpusOptions(Ads: 200, Seed: 7)).ToList();
        var b = CorpusGenerator.Ads(new CorpusOptions(Ads: 200, Seed: 7)).ToList();
        Assert.Equal(a.Select(x => x.Body), b.Select(x => x.Body));
        Assert.NotEqual(a.Select(x => x.Body), CorpusGenerator.Ads(new CorpusOptions(Ads: 200, Seed: 8)).Select(x => x.Body));
        CorpusGenerator.Write(Folder.Path, new CorpusOptions(Ads: 200, Seed: 7));
        Assert.Equal(200, File.ReadLines(Folder.File("truth.csv")).Count(l => l.StartsWith("gen:", StringComparison.Ordinal)));
        Assert.Equal("record,cluster", File.ReadLines(Folder.File("truth.csv")).First());
        Assert.Contains(Enum.GetValues<PhoneStyle>(), style => a.Count > 0 && style == PhoneStyle.Keycap);
    }
}
