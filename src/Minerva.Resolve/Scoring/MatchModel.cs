using System.Text.Json.Serialization;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// A fitted Fellegi–Sunter model: for each comparison level, m = P(level | match) and u = P(level | non-match)
/// among candidate pairs, plus the u measured on random pairs, and λ = the share of candidate pairs that match.
/// A pair's weight is log2(λ/(1−λ)) + Σ log2(m/u) over its non-absent levels (+ term-frequency adjustments).
/// </summary>
public sealed record MatchModel
{
    /// <summary>Share of candidate pairs that are matches.</summary>
    public required double Lambda { get; init; }

    /// <summary>Per comparison, in rule order.</summary>
    public required IReadOnlyList<ComparisonModel> Comparisons { get; init; }

    /// <summary>Term-frequency reference of shared selectors, so a later explanation weighs them as the run did.</summary>
    public required TermFrequency Frequency { get; init; }

    /// <summary>Labelled pairs m and u were calibrated with (0: unsupervised).</summary>
    public int LabelledPairs { get; init; }

    /// <summary>EM iterations run.</summary>
    public int Iterations { get; init; }

    /// <summary>Whether the largest change in the last iteration was below the tolerance.</summary>
    public bool Converged { get; init; }

    /// <summary>Comparisons whose fitted weights had to be pooled to stay monotone (a more similar level weighing less than a
    /// less similar one): the data did not support them as written; <c>resolve</c> warns.</summary>
    public IReadOnlyList<string> Constrained { get; init; } = [];

    /// <summary>Prior weight in bits: log2(λ/(1−λ)).</summary>
    [JsonIgnore]
    public double Prior => Math.Log2(Lambda / (1 - Lambda));

    /// <summary>Weight in bits of level <paramref name="level"/> of comparison <paramref name="c"/> (0 for absent).</summary>
    public double Weight(int c, int level) =>
        level == Comparator.Absent ? 0 : Math.Log2(Comparisons[c].M[level] / Comparisons[c].U[level]);

    /// <summary>
    /// The least weight of a pair sharing a decisive selector: the threshold plus the most every soft comparison could
    /// add, so a shared phone or wallet outweighs any pair linked by soft evidence alone (near-duplicate text, city,
    /// time) — also when two groups are weighed against each other for a merge.
    /// </summary>
    public double DecisiveWeight(IReadOnlyList<Rules.ComparisonRule> rules, double threshold)
    {
        var total = threshold;
        for (var c = 0; c < Comparisons.Count; c++)
            if (rules[c] is not Rules.SelectorComparison { Decisive: true })
                total += Math.Max(0, Enumerable.Range(0, Comparisons[c].M.Length).Max(l => Weight(c, l)));
        return total;
    }

    /// <summary>Total weight of a pattern, prior included, before term-frequency adjustment.</summary>
    public double Score(ulong pattern)
    {
        var total = Prior;
        for (var c = 0; c < Comparisons.Count; c++) total += Weight(c, Comparator.LevelOf(pattern, c));
        return total;
    }
}

/// <summary>One comparison's probabilities per level (strongest first, <c>different</c> last).</summary>
/// <param name="Name">Comparison name.</param>
/// <param name="Levels">Level names.</param>
/// <param name="M">P(level | match).</param>
/// <param name="U">P(level | non-match) among candidate pairs.</param>
/// <param name="RandomU">P(level) among random pairs (the starting u, and what blocking changes).</param>
public sealed record ComparisonModel(string Name, IReadOnlyList<string> Levels, double[] M, double[] U, double[] RandomU);
