using Minerva.Resolve.Features;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// A pair's match weight as the resolver uses it: the model's score of its pattern, plus the term-frequency adjustment
/// of what it shares, raised to <see cref="MatchModel.DecisiveWeight"/> when it shares a decisive selector. One place,
/// so the links, the clustering's evidence against a merge and the explanation agree. Not thread-safe (a score cache).
/// </summary>
internal sealed class PairWeigher(MatchModel model, Comparator comparator, double threshold)
{
    private readonly Dictionary<ulong, double> _scores = [];

    /// <summary>Least weight of a pair sharing a decisive selector.</summary>
    public double DecisiveFloor { get; } = model.DecisiveWeight(comparator.Rules, threshold);

    /// <summary>The weight of a pair with this pattern and adjustment.</summary>
    public double Weight(ulong pattern, double adjustment)
    {
        if (!_scores.TryGetValue(pattern, out var score)) _scores[pattern] = score = model.Score(pattern);
        return comparator.Decisive(pattern) ? Math.Max(DecisiveFloor, score + adjustment) : score + adjustment;
    }

    /// <summary>The weight of two records, compared now.</summary>
    public double Weight(RecordFeatures a, RecordFeatures b) => Weight(comparator.Compare(a, b, out var adjustment), adjustment);
}
