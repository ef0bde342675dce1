using System.Collections.Concurrent;
using Minerva.Resolve.Clustering;
using Minerva.Resolve.Features;

namespace Minerva.Resolve.Scoring;

/// <summary>Candidate pairs with their comparison patterns and term-frequency adjustments, compared in parallel.</summary>
internal sealed class ScoredPairs
{
    private readonly List<RecordFeatures> _records;
    private readonly long[] _pairs;
    private readonly ulong[] _patterns;
    private readonly float[] _adjustments;

    private ScoredPairs(List<RecordFeatures> records, long[] pairs, ulong[] patterns, float[] adjustments)
    {
        _records = records;
        _pairs = pairs;
        _patterns = patterns;
        _adjustments = adjustments;
    }

    /// <summary>Compares every pair (packed, sorted) of <paramref name="records"/>.</summary>
    public static ScoredPairs Compare(List<RecordFeatures> records, long[] pairs, Comparator comparator,
        IProgress<ResolveProgress>? progress, CancellationToken cancel)
    {
        var patterns = new ulong[pairs.Length];
        var adjustments = new float[pairs.Length];
        var done = 0L;
        if (pairs.Length > 0)
            Parallel.ForEach(Partitioner.Create(0, pairs.Length, 65_536), new ParallelOptions { CancellationToken = cancel }, range =>
            {
                for (var p = range.Item1; p < range.Item2; p++)
                {
                    var (a, b) = Unpack(pairs[p]);
                    patterns[p] = comparator.Compare(records[a], records[b], out var adjustment);
                    adjustments[p] = (float)adjustment;
                }
                var n = Interlocked.Add(ref done, range.Item2 - range.Item1);
                progress?.Report(new ResolveProgress("comparing pairs", n / (double)pairs.Length));
            });
        return new ScoredPairs(records, pairs, patterns, adjustments);
    }

    /// <summary>How many pairs have each pattern: all EM needs.</summary>
    public Dictionary<ulong, long> CountPatterns()
    {
        var counts = new Dictionary<ulong, long>();
        foreach (var p in _patterns) counts[p] = counts.GetValueOrDefault(p) + 1;
        return counts;
    }

    /// <summary>Pairs whose weight (<see cref="PairWeigher"/>) reaches the threshold.</summary>
    public List<ScoredLink> Links(PairWeigher weigher, double threshold)
    {
        var links = new List<ScoredLink>();
        for (var p = 0; p < _pairs.Length; p++)
        {
            var weight = WeightOf(weigher, p);
            if (weight < threshold) continue;
            var (a, b) = Unpack(_pairs[p]);
            links.Add(new ScoredLink(a, b, weight));
        }
        return links;
    }

    /// <summary>Pairs whose weight is at or below <paramref name="cannotLink"/> — evidence that they are different people —
    /// indexed by record; with <paramref name="links"/> (a full run, where these are all the links), only pairs whose
    /// records the links connect, directly or not: no clustering can put any other pair in one entity (on a million
    /// generated ads none of the 6.6 million such pairs among linked records is connected; they took 60 MB).</summary>
    /// <param name="weigher">Weighs the pairs.</param>
    /// <param name="cannotLink">The weight at or below which a pair is evidence of two people.</param>
    /// <param name="records">How many records there are.</param>
    /// <param name="links">The run's links (a full run), to keep only pairs they connect; null keeps every pair.</param>
    /// <param name="decided">Pairs an investigator decided are two people, kept whatever they score.</param>
    public PartnerIndex Apart(PairWeigher weigher, double cannotLink, int records, IReadOnlyList<ScoredLink>? links = null, IEnumerable<(int A, int B)>? decided = null)
    {
        int[]? component = null;
        if (links is not null)
        {
            component = Enumerable.Range(0, records).ToArray();
            foreach (var link in links) component[EvidenceClusterer.Find(component, link.A)] = EvidenceClusterer.Find(component, link.B);
            for (var i = 0; i < records; i++) component[i] = EvidenceClusterer.Find(component, i);
        }
        var fixedPairs = decided?.ToList() ?? [];
        // A decided pair that also scores below cannot_link is listed twice: harmless, it only says the same twice.
        return PartnerIndex.Of(records, () => ApartAmong(weigher, cannotLink, component).Concat(fixedPairs));
    }

    private IEnumerable<(int A, int B)> ApartAmong(PairWeigher weigher, double cannotLink, int[]? component)
    {
        for (var p = 0; p < _pairs.Length; p++)
        {
            var (a, b) = Unpack(_pairs[p]);
            if ((component is null || component[a] == component[b]) && WeightOf(weigher, p) <= cannotLink) yield return (a, b);
        }
    }

    private double WeightOf(PairWeigher weigher, int p)
    {
        if (!weigher.CountsText(_patterns[p])) return weigher.Weight(_patterns[p], _adjustments[p]);
        var (a, b) = Unpack(_pairs[p]);
        return weigher.Weight(_patterns[p], _adjustments[p], _records[a], _records[b]);
    }

    /// <summary>Whether records <paramref name="a"/> and <paramref name="b"/> were a candidate pair.</summary>
    public bool Compared(int a, int b) => Array.BinarySearch(_pairs, ((long)Math.Min(a, b) << 32) | (uint)Math.Max(a, b)) >= 0;

    /// <summary>The pattern of a compared pair.</summary>
    public ulong PatternOf(int a, int b) => _patterns[Array.BinarySearch(_pairs, ((long)Math.Min(a, b) << 32) | (uint)Math.Max(a, b))];

    private static (int A, int B) Unpack(long pair) => ((int)(pair >> 32), (int)(uint)pair);
}
