using System.Diagnostics;
using System.Text.Json;
using Minerva.Resolve.Blocking;
using Minerva.Resolve.Clustering;
using Minerva.Resolve.Features;
using Minerva.Resolve.Rules;
using Minerva.Resolve.Scoring;
using Minerva.Storage;

namespace Minerva.Resolve;

/// <summary>
/// Resolves the records of a workspace into entities: features → hub suppression → blocking → random-pair u →
/// EM → scoring → anti-chaining clustering → stable entity ids → one transactional save.
/// </summary>
public sealed class Resolver(IWorkspace workspace, RuleSet rules)
{
    private readonly Dictionary<string, double> _seconds = [];

    /// <summary>Runs a full resolution and saves it.</summary>
    /// <exception cref="RuleException">The rules name a field no record in scope has.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the previous resolution is untouched.</exception>
    public ResolveReport Run(IProgress<ResolveProgress>? progress = null, CancellationToken cancel = default)
    {
        var started = DateTimeOffset.UtcNow;
        var sources = ScopeSources();
        var space = FeatureSpace.For(rules);
        var table = new SelectorTable();
        var builder = new FeatureBuilder(space, table);
        var total = Math.Max(1, workspace.GetStats().RecordsBySource.Where(s => sources.Contains(s.Key)).Sum(s => s.Value));
        var records = Time("features", () => builder.Build(workspace.ScanRecords(sources),
            n => progress?.Report(new ResolveProgress("reading records", n / (double)total)), cancel));
        CheckFields(space, builder);
        var (hubs, hubIds) = Time("hubs", () => HubDetector.Strip(records, table, rules.Hubs));
        var frequency = TermFrequency.Measure(table, records.Count, hubIds);
        var comparator = new Comparator(rules, space, table, frequency);
        progress?.Report(new ResolveProgress("blocking", 0));
        var generator = new CandidateGenerator(rules, space, table);
        var pairs = Time("blocking", () => generator.Generate(records));
        cancel.ThrowIfCancellationRequested();
        var randomU = Time("random pairs", () => RandomPairs.MeasureU(records, comparator, rules.Em));
        var (patterns, adjustments) = Time("comparing", () => ComparePairs(records, pairs, comparator, progress, cancel));
        var model = Time("em", () => EmEstimator.Fit(rules.Comparisons, CountPatterns(patterns), randomU, frequency, rules.Em));
        var links = Time("scoring", () => Links(pairs, patterns, adjustments, model));
        progress?.Report(new ResolveProgress("clustering", 0));
        var labels = Time("clustering", () => new EvidenceClusterer(rules.LinkThreshold, rules.Bridge).Cluster(records.Count, links));
        cancel.ThrowIfCancellationRequested();
        var (members, kept) = Time("entity ids", () => EntityIds.Assign(records, labels, workspace.GetMemberships(null)));
        var evidence = new EvidenceFormatter(comparator);
        progress?.Report(new ResolveProgress("saving", 0));
        var sizes = labels.GroupBy(l => l).Select(g => g.Count()).ToList();
        var report = new ResolveReport(rules.Name, sources, records.Count, pairs.LongLength, generator.Counts, links.Count,
            sizes.Count, sizes.Count(s => s > 1), sizes.Count == 0 ? 0 : sizes.Max(), kept, hubs, model, _seconds);
        Time("saving", () =>
        {
            workspace.SaveResolution(new Resolution(rules.Name, rules.Text, sources, started, DateTimeOffset.UtcNow,
                JsonSerializer.Serialize(model, ModelJson.Options), JsonSerializer.Serialize(report with { Model = model }, ModelJson.Options),
                members, links.Select(l => new StoredLink(records[l.A].Id, records[l.B].Id, Math.Round(l.Weight, 2),
                    evidence.Describe(patterns[Array.BinarySearch(pairs, Pack(l.A, l.B))]))).ToList(), hubs));
            return 0;
        });
        return report;
    }

    private List<string> ScopeSources() =>
        workspace.GetStats().RecordsBySource.Keys.Where(rules.Covers).Order(StringComparer.Ordinal).ToList();

    private void CheckFields(FeatureSpace space, FeatureBuilder builder)
    {
        foreach (var field in space.Fields.Concat(space.TextFields))
        {
            if (FieldReader.BuiltIn.Contains(field) || builder.SeenFields.ContainsKey(field)) continue;
            var line = rules.Comparisons.OfType<FieldComparison>().FirstOrDefault(c => c.Field == field)?.Line
                       ?? rules.Comparisons.OfType<TextComparison>().FirstOrDefault(c => c.Field == field)?.Line
                       ?? rules.Blocking.Keys.SelectMany(k => k.Parts).FirstOrDefault(p => p.Field == field)?.Line
                       ?? rules.Blocking.MinHash?.Line ?? 0;
            throw new RuleException(rules.File, line,
                $"unknown field '{field}': not a built-in field ({string.Join(", ", FieldReader.BuiltIn)}) and no record of " +
                $"{string.Join(", ", ScopeSources())} has it in its payload");
        }
    }

    private static (ulong[] Patterns, float[] Adjustments) ComparePairs(List<RecordFeatures> records, long[] pairs,
        Comparator comparator, IProgress<ResolveProgress>? progress, CancellationToken cancel)
    {
        var patterns = new ulong[pairs.Length];
        var adjustments = new float[pairs.Length];
        var done = 0L;
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, pairs.Length, 65_536),
            new ParallelOptions { CancellationToken = cancel }, range =>
            {
                for (var p = range.Item1; p < range.Item2; p++)
                {
                    var (a, b) = Unpack(pairs[p]);
                    patterns[p] = comparator.Compare(records[a], records[b], out var adjustment);
                    adjustments[p] = (float)adjustment;
                }
                var n = Interlocked.Add(ref done, range.Item2 - range.Item1);
                progress?.Report(new ResolveProgress("comparing pairs", n / (double)Math.Max(1, pairs.Length)));
            });
        return (patterns, adjustments);
    }

    private static Dictionary<ulong, long> CountPatterns(ulong[] patterns)
    {
        var counts = new Dictionary<ulong, long>();
        foreach (var p in patterns) counts[p] = counts.GetValueOrDefault(p) + 1;
        return counts;
    }

    private List<ScoredLink> Links(long[] pairs, ulong[] patterns, float[] adjustments, MatchModel model)
    {
        var scores = new Dictionary<ulong, double>();
        var links = new List<ScoredLink>();
        for (var p = 0; p < pairs.Length; p++)
        {
            if (!scores.TryGetValue(patterns[p], out var score)) scores[patterns[p]] = score = model.Score(patterns[p]);
            var weight = score + adjustments[p];
            if (weight < rules.LinkThreshold) continue;
            var (a, b) = Unpack(pairs[p]);
            links.Add(new ScoredLink(a, b, weight));
        }
        return links;
    }

    internal static long Pack(int a, int b) => ((long)Math.Min(a, b) << 32) | (uint)Math.Max(a, b);

    internal static (int A, int B) Unpack(long pair) => ((int)(pair >> 32), (int)(uint)pair);

    private T Time<T>(string stage, Func<T> work)
    {
        var watch = Stopwatch.StartNew();
        var result = work();
        _seconds[stage] = Math.Round(watch.Elapsed.TotalSeconds, 3);
        return result;
    }
}
