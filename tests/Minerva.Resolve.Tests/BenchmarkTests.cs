using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve.Rules;
using Minerva.Testing;
using Xunit.Abstractions;

namespace Minerva.Resolve.Tests;

/// <summary>
/// The public linkage benchmarks in ../shared/benchmarks, read through the shipped connectors and resolved with the
/// shipped rules in linkage mode. Pairwise F1 is over the pairs across the two sources, against the published truth;
/// the references are those of the benchmarks' README (Febrl4 ≈ 0.999, DBLP-ACM ≈ 0.985, Amazon-Google ≈ 0.63).
/// </summary>
public sealed class BenchmarkTests(ITestOutputHelper output) : WorkspaceTest
{
    [Fact]
    public void Febrl4_two_person_lists_link_with_pairwise_f1_of_at_least_0995()
    {
        var people = DefinitionLoader.Load(RepoPaths.Connector("people.yaml"));
        Ingest(DefinitionLoader.WithSource(people, "people_a"), "febrl4/dataset4a.csv", 5000);
        Ingest(DefinitionLoader.WithSource(people, "people_b"), "febrl4/dataset4b.csv", 5000);
        // rec-N-org in one list and rec-N-dup-k in the other are person N.
        var truth = Enumerable.Range(0, 5000).Select(n => ($"people_a:rec-{n}-org", $"people_b:rec-{n}-dup-0")).ToHashSet();
        Assert.True(Score("people-linkage", "people_a", "people_b", truth) >= 0.995);
    }

    [Theory]
    [InlineData("dblp", "dblp-acm/DBLP2.csv", 2616, "acm", "dblp-acm/ACM.csv", 2294, "dblp-acm/DBLP-ACM_perfectMapping.csv", 2224, "bibliographic", 0.98)]
    [InlineData("amazon", "amazon-google/Amazon.csv", 1363, "google", "amazon-google/GoogleProducts.csv", 3226,
        "amazon-google/Amzon_GoogleProducts_perfectMapping.csv", 1300, "products", 0.60)]
    public void Two_catalogues_link_with_their_pairwise_f1_target(string a, string fileA, int recordsA, string b, string fileB, int recordsB,
        string truthFile, int truePairs, string rules, double target)
    {
        Ingest(DefinitionLoader.Load(RepoPaths.Connector($"{a}.yaml")), fileA, recordsA);
        Ingest(DefinitionLoader.Load(RepoPaths.Connector($"{b}.yaml")), fileB, recordsB);
        var truth = Truth(truthFile, a, b);
        Assert.Equal(truePairs, truth.Count);
        Assert.True(Score(rules, a, b, truth) >= target);
    }

    private void Ingest(Ingest.Definitions.ConnectorDefinition connector, string file, int records)
    {
        var result = new Ingestor(Workspace).Run(connector, [RepoPaths.Benchmark(file)]);
        Assert.Equal((records, 0L), ((int)result.Ingested, result.Quarantined));
    }

    /// <summary>The truth file's pairs as record keys (its ids may be quoted; the Latin-1 files hold ASCII ids).</summary>
    private static HashSet<(string, string)> Truth(string file, string a, string b) =>
        File.ReadLines(RepoPaths.Benchmark(file)).Skip(1).Select(l => l.Split(',')).Where(p => p.Length == 2)
            .Select(p => ($"{a}:{p[0].Trim('"')}", $"{b}:{p[1].Trim('"')}")).ToHashSet();

    /// <summary>Resolves with the built-in rule set and returns pairwise F1 over the cross-source pairs.</summary>
    private double Score(string rules, string a, string b, HashSet<(string, string)> truth)
    {
        var report = new Resolver(Workspace, RuleLoader.Load(rules)).Run();
        Assert.True(report.Model.Converged, $"{rules}: EM did not converge");
        var members = Workspace.ExportMemberships().GroupBy(m => m.Entity, m => m.Record.ToString()).ToList();
        var predicted = members.SelectMany(g => g.Where(k => k.StartsWith(a + ":", StringComparison.Ordinal))
            .SelectMany(x => g.Where(k => k.StartsWith(b + ":", StringComparison.Ordinal)).Select(y => (x, y)))).ToHashSet();
        var correct = predicted.Count(truth.Contains);
        var (precision, recall) = (correct / (double)Math.Max(1, predicted.Count), correct / (double)truth.Count);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        output.WriteLine($"{rules}: {predicted.Count:N0} pairs linked, {correct:N0} of {truth.Count:N0} true: precision {precision:0.0000}, recall {recall:0.0000}, F1 {f1:0.0000}");
        return f1;
    }
}
