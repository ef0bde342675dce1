using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve.Evaluation;
using Minerva.Resolve.Rules;
using Minerva.Testing;

namespace Minerva.Resolve.Tests;

/// <summary>Person lists with typos, abbreviations, swapped and missing values (../shared/febrl; truth in the ids).</summary>
public sealed class FebrlTests : WorkspaceTest
{
    [Theory]
    [InlineData("dataset1.csv", 500)]
    [InlineData("dataset2.csv", 1934)]
    [InlineData("dataset3.csv", 6538)]
    public void The_people_rules_link_febrl_duplicates_with_pairwise_f1_of_at_least_095(string file, int truePairs)
    {
        var ingest = new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("people.yaml")), [RepoPaths.Febrl(file)]);
        Assert.Equal(0, ingest.Quarantined);
        var report = new Resolver(Workspace, RuleLoader.Load("people")).Run();
        Assert.True(report.Model.Converged);
        // rec-<N>-org and rec-<N>-dup-<k> are the same person N.
        var truth = Workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => m.Record.NativeId.Split('-')[1]);
        var predicted = Workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => $"E{m.Entity}");
        Assert.Equal(truePairs, truth.Values.GroupBy(v => v).Sum(g => (long)g.Count() * (g.Count() - 1) / 2));
        var result = Evaluator.Evaluate(truth, predicted);
        Assert.True(result.Pairwise.F1 >= 0.95,
            $"{file}: pairwise precision {result.Pairwise.Precision:0.0000}, recall {result.Pairwise.Recall:0.0000}, F1 {result.Pairwise.F1:0.0000}");
    }

    [Fact]
    public void Generated_person_lists_are_linked_with_pairwise_f1_of_at_least_095()
    {
        const int seed = 77;
        var (records, _) = Generator.PeopleGenerator.Write(Folder.Path, 3000, seed);
        var ingest = new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("people.yaml")), [Folder.File("people.csv")]);
        Assert.Equal((records, 0L), ((int)ingest.Ingested, ingest.Quarantined));
        new Resolver(Workspace, RuleLoader.Load("people")).Run();
        var result = Evaluator.Evaluate(Evaluator.ReadTruth(Folder.File("people-truth.csv")),
            Workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => $"E{m.Entity}"));
        Assert.True(result.Pairwise.F1 >= 0.95,
            $"seed {seed}: pairwise precision {result.Pairwise.Precision:0.0000}, recall {result.Pairwise.Recall:0.0000}, F1 {result.Pairwise.F1:0.0000}");
    }

    [Fact]
    public void Person_records_added_later_are_linked_incrementally_through_blocking_keys()
    {
        const int seed = 78;
        Generator.PeopleGenerator.Write(Folder.Path, 1500, seed);
        var lines = File.ReadAllLines(Folder.File("people.csv"));
        var random = new Random(seed);
        var rows = lines.Skip(1).OrderBy(_ => random.Next()).ToList();
        File.WriteAllLines(Folder.File("first.csv"), [lines[0], .. rows.Take(rows.Count * 4 / 5)]);
        File.WriteAllLines(Folder.File("second.csv"), [lines[0], .. rows.Skip(rows.Count * 4 / 5)]);
        var connector = DefinitionLoader.Load(RepoPaths.Connector("people.yaml"));
        var rules = RuleLoader.Load("people");
        new Ingestor(Workspace).Run(connector, [Folder.File("first.csv")]);
        new Resolver(Workspace, rules).Resolve();
        new Ingestor(Workspace).Run(connector, [Folder.File("second.csv")]);
        var update = new Resolver(Workspace, rules).Resolve();
        Assert.Equal("incremental", update.Mode);
        var truth = Evaluator.ReadTruth(Folder.File("people-truth.csv"));
        var result = Evaluator.Evaluate(truth, Workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => $"E{m.Entity}"));
        Assert.True(result.Pairwise.F1 >= 0.95,
            $"seed {seed}: incremental pairwise precision {result.Pairwise.Precision:0.0000}, recall {result.Pairwise.Recall:0.0000}");
    }
}
