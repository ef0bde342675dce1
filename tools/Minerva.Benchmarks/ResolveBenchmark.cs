using System.Diagnostics;
using Minerva.Generator;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve;
using Minerva.Resolve.Evaluation;
using Minerva.Resolve.Rules;
using Minerva.Storage.Sqlite;

namespace Minerva.Benchmarks;

/// <summary>
/// Full resolution of the ingested corpus (time per stage, peak memory, quality against the truth), then 10,000
/// more ads of the same networks ingested and resolved incrementally.
/// </summary>
internal static class ResolveBenchmark
{
    private const int Added = 10_000;

    public static void Run(string corpus, string work, int ads)
    {
        var source = Path.Combine(work, "bench.minerva");
        if (!File.Exists(source)) IngestBenchmark.Run(corpus, work);
        var path = Path.Combine(work, "resolve.minerva");
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
            if (File.Exists(source + suffix)) File.Copy(source + suffix, path + suffix);
        }
        using var workspace = SqliteWorkspace.Open(path);
        var rules = RuleLoader.Load("ads");
        var process = Process.GetCurrentProcess();
        var watch = Stopwatch.StartNew();
        var report = new Resolver(workspace, rules).Run();
        watch.Stop();
        process.Refresh();
        Console.WriteLine($"resolve (full): {report.Records:N0} records in {watch.Elapsed.TotalSeconds:N1} s; {report.Candidates:N0} candidate pairs, " +
                          $"{report.Links:N0} links, {report.MultiRecordEntities:N0} multi-record entities; peak working set {process.PeakWorkingSet64 / 1e6:N0} MB");
        Console.WriteLine($"  stages: {string.Join(", ", report.Seconds.Select(s => $"{s.Key} {s.Value:N1} s"))}");
        Console.WriteLine($"  blocking: {string.Join(", ", report.Blockers.Select(b => $"{b.Blocker} {b.Pairs:N0}"))}");
        Console.WriteLine($"  evidence against: {report.ApartPairs:N0} compared pairs at or below cannot_link, {report.KeptApart:N0} merges refused, " +
                          $"{report.Contradictions.Below:N0} such pairs inside entities ({report.Contradictions.PairsJudged:N0} pairs judged after clustering)");
        var truth = Evaluator.ReadTruth(Path.Combine(Path.GetDirectoryName(corpus)!, "truth.csv"))
            .Where(t => t.Key.StartsWith("gen:", StringComparison.Ordinal)).ToDictionary(t => t.Key, t => t.Value);
        var quality = Evaluator.Evaluate(truth, workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => $"E{m.Entity}"), 0);
        Console.WriteLine($"  quality: B-cubed P {quality.BCubed.Precision:0.0000} R {quality.BCubed.Recall:0.0000} F1 {quality.BCubed.F1:0.0000}; " +
                          $"pairwise P {quality.Pairwise.Precision:0.0000} R {quality.Pairwise.Recall:0.0000} F1 {quality.Pairwise.F1:0.0000}");

        // The next ads of the same generated stream: new records, many of them continuing known networks.
        var more = Path.Combine(work, $"more-{ads}.jsonl");
        using (var writer = new StreamWriter(more))
            foreach (var line in CorpusGenerator.Lines(new CorpusOptions(Ads: ads + Added, Seed: 42)).Skip(ads)) writer.WriteLine(line);
        new Ingestor(workspace).Run(DefinitionLoader.Load(IngestBenchmark.FindConnector("generated-ads.yaml")), [more]);
        watch.Restart();
        var update = new Resolver(workspace, rules).Resolve();
        watch.Stop();
        Console.WriteLine($"resolve (incremental): {update.NewRecords:N0} new ads in {watch.Elapsed.TotalSeconds:N1} s ({update.Mode}); " +
                          $"{update.Candidates:N0} pairs, {update.Links:N0} links, {update.Entities:N0} entities re-formed, {update.EntityIdsKept:N0} kept their id");
        Console.WriteLine($"  stages: {string.Join(", ", update.Seconds.Select(s => $"{s.Key} {s.Value:N1} s"))}");
    }
}
