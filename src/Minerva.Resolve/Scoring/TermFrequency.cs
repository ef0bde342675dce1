using Minerva.Core;
using Minerva.Resolve.Features;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// Term-frequency adjustment of a shared selector value (as in Splink): the chance that a random other record
/// holds value v is u_v = (n_v − 1)/(N − 1); the adjustment is log2(ū / u_v), where ū is the average u_v over
/// all pairs sharing some value of that kind. A value on two records weighs more than average; one printed on
/// hundreds weighs less. Clamped so no single value dominates.
/// </summary>
/// <param name="Reference">ū per selector kind.</param>
/// <param name="Records">N, the records resolved.</param>
public sealed record TermFrequency(IReadOnlyDictionary<SelectorKind, double> Reference, long Records)
{
    private const double MaxAdjustment = 8;

    /// <summary>Word frequencies of the fields compared by TF-IDF cosine, by field name.</summary>
    public IReadOnlyDictionary<string, FieldVocabulary> Fields { get; init; } = new Dictionary<string, FieldVocabulary>();

    /// <summary>How common shared text is in the fields compared by MinHash, by field name (none in models saved before).</summary>
    public IReadOnlyDictionary<string, TextFrequency> Texts { get; init; } = new Dictionary<string, TextFrequency>();

    /// <summary>Measures ū per kind over the non-hub values of <paramref name="table"/>.</summary>
    internal static TermFrequency Measure(SelectorTable table, long records, IReadOnlySet<int> hubs)
    {
        var sums = new Dictionary<SelectorKind, (double Pairs, double Weighted)>();
        for (var id = 0; id < table.Count; id++)
        {
            var n = table.RecordCount(id);
            if (n < 2 || hubs.Contains(id)) continue;
            var kind = table[id].Kind;
            var pairs = n * (n - 1) / 2.0;
            sums.TryGetValue(kind, out var s);
            sums[kind] = (s.Pairs + pairs, s.Weighted + pairs * Chance(n, records));
        }
        return new TermFrequency(sums.ToDictionary(s => s.Key, s => s.Value.Weighted / s.Value.Pairs), records);
    }

    /// <summary>Bits added to a shared-level weight for a value of <paramref name="kind"/> held by <paramref name="holders"/> records.</summary>
    public double Adjustment(SelectorKind kind, int holders)
    {
        if (holders < 2 || !Reference.TryGetValue(kind, out var reference)) return 0;
        return Math.Clamp(Math.Log2(reference / Chance(holders, Records)), -MaxAdjustment, MaxAdjustment);
    }

    private static double Chance(int holders, long records) => (holders - 1) / (double)(Math.Max(2, records) - 1);
}
