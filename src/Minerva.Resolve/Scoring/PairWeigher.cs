using Minerva.Resolve.Features;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// A pair's match weight as the resolver uses it: the model's score of its pattern, plus the term-frequency adjustment
/// of what it shares, each text level cut to what the shared text can be worth, raised to
/// <see cref="MatchModel.DecisiveWeight"/> when it shares a decisive selector. One place, so the links, the clustering's
/// evidence against a merge and the explanation agree. Not thread-safe (a score cache).
/// </summary>
internal sealed class PairWeigher(MatchModel model, Comparator comparator, double threshold)
{
    private readonly Dictionary<ulong, double> _scores = [];

    // An array, not the interface: enumerating an IReadOnlyList allocates, and this runs for every candidate pair.
    private readonly int[] _textRules = [.. comparator.TextRules];

    // Per text comparison (by index in the pattern), the levels that outweigh the least cap: only for those is the shared
    // text counted — with EM's usual text weights, for no pair at all (counting every agreeing pair's holders took 10 of
    // 22 s comparing a million ads).
    private readonly bool[][] _counted = comparator.Rules.Select((rule, c) => Enumerable.Range(0, Comparator.Absent + 1)
        .Select(level => rule is Rules.TextComparison t && comparator.TextRules.Contains(c) && level < t.Thresholds.Count
                         && model.Weight(c, level) > comparator.LeastTextCap(c)).ToArray()).ToArray();

    /// <summary>Least weight of a pair sharing a decisive selector.</summary>
    public double DecisiveFloor { get; } = model.DecisiveWeight(comparator.Rules, threshold);

    /// <summary>The weight of records <paramref name="a"/> and <paramref name="b"/>, compared with this pattern and adjustment.</summary>
    public double Weight(ulong pattern, double adjustment, RecordFeatures a, RecordFeatures b) => Raised(pattern, Score(pattern) + adjustment - TextCut(pattern, a, b));

    /// <summary>The weight of a pair with this pattern and adjustment whose shared text is not counted (<see cref="CountsText"/>
    /// is false): the records need not be read, and in the loops over every candidate pair reading them was half the time.</summary>
    public double Weight(ulong pattern, double adjustment) => Raised(pattern, Score(pattern) + adjustment);

    /// <summary>Whether a text level of the pattern weighs enough that the text the pair shares must be counted.</summary>
    public bool CountsText(ulong pattern)
    {
        foreach (var c in _textRules)
            if (_counted[c][Comparator.LevelOf(pattern, c)]) return true;
        return false;
    }

    private double Score(ulong pattern)
    {
        if (!_scores.TryGetValue(pattern, out var score)) _scores[pattern] = score = model.Score(pattern);
        return score;
    }

    private double Raised(ulong pattern, double score) => comparator.Decisive(pattern) ? Math.Max(DecisiveFloor, score) : score;

    /// <summary>Bits taken off text levels that weigh more than the text the pair shares can be worth.</summary>
    public double TextCut(ulong pattern, RecordFeatures a, RecordFeatures b)
    {
        var cut = 0.0;
        foreach (var c in _textRules) cut += TextCut(pattern, a, b, c);
        return cut;
    }

    /// <summary>Bits taken off text comparison <paramref name="c"/>'s level (0 unless it is an agreeing level weighing more
    /// than the shared text can be worth).</summary>
    public double TextCut(ulong pattern, RecordFeatures a, RecordFeatures b, int c)
    {
        var level = Comparator.LevelOf(pattern, c);
        return _counted[c][level] ? Math.Max(0, model.Weight(c, level) - comparator.TextCap(a, b, c)) : 0;
    }

    /// <summary>The weight of two records, compared now.</summary>
    public double Weight(RecordFeatures a, RecordFeatures b) => Weight(comparator.Compare(a, b, out var adjustment), adjustment, a, b);
}
