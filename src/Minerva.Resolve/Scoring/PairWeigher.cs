using Minerva.Resolve.Features;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// A pair's match weight as the resolver uses it: the model's score of its pattern, plus the term-frequency adjustment
/// of what it shares, each text level cut to what the shared text can be worth, raised to <see cref="MatchModel.DecisiveWeight"/> when it shares a decisive selector. One place,
/// so the links, the clustering's evidence against a merge and the explanation agree. Not thread-safe (a score cache).
/// </summary>
internal sealed class PairWeigher(MatchModel model, Comparator comparator, double threshold)
{
    private readonly Dictionary<ulong, double> _scores = [];

    /// <summary>Least weight of a pair sharing a decisive selector.</summary>
    public double DecisiveFloor { get; } = model.DecisiveWeight(comparator.Rules, threshold);

    /// <summary>The weight of a pair with this pattern and adjustment, and the caps of its text levels (one per
    /// <see cref="Comparator.TextRules"/>, or empty).</summary>
    public double Weight(ulong pattern, double adjustment, ReadOnlySpan<float> textCaps)
    {
        if (!_scores.TryGetValue(pattern, out var score)) _scores[pattern] = score = model.Score(pattern);
        score += adjustment - TextCut(pattern, textCaps);
        return comparator.Decisive(pattern) ? Math.Max(DecisiveFloor, score) : score;
    }

    /// <summary>Bits taken off text levels that weigh more than the shared text can be worth.</summary>
    public double TextCut(ulong pattern, ReadOnlySpan<float> textCaps)
    {
        var cut = 0.0;
        for (var i = 0; i < textCaps.Length; i++)
        {
            var c = comparator.TextRules[i];
            var weight = model.Weight(c, Comparator.LevelOf(pattern, c));
            if (weight > textCaps[i]) cut += weight - textCaps[i];
        }
        return cut;
    }

    /// <summary>The weight of two records, compared now.</summary>
    public double Weight(RecordFeatures a, RecordFeatures b)
    {
        Span<float> caps = stackalloc float[comparator.TextRules.Count];
        return Weight(comparator.Compare(a, b, out var adjustment, caps), adjustment, caps);
    }
}
