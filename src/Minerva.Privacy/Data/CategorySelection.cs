using Minerva.Privacy.Accounting;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Data;

/// <summary>What a selection of categories chose and what it cost.</summary>
/// <param name="Values">Per selected column, the categories whose noisy count passed the threshold, in ordinal order.</param>
/// <param name="Sigma2">Variance parameter of the discrete Gaussian noise on every count (rounded up).</param>
/// <param name="Threshold">The noisy count a category needs.</param>
/// <param name="Rho">zCDP cost of the noisy counts.</param>
/// <param name="Delta">Probability that a category only one victim has is selected (the δ used up outright).</param>
public sealed record SelectedCategories(IReadOnlyList<IReadOnlyList<string>> Values, double Sigma2, double Threshold, double Rho, double Delta);

/// <summary>
/// Differentially private selection of a column's categories when no code list is declared: a category list read from
/// the data publishes every rare value (a country present once appeared in 6 of 10 releases), and no neighbouring dataset
/// can produce that value, so ε is unbounded. Instead each category the data has gets its count plus discrete Gaussian
/// noise and is kept only when that passes a threshold τ; everything else is released as <see cref="CaseTable.Other"/>.
/// One victim (k rows) adds at most k new (column, category) pairs per column, each with a count of at most k; the noise is
/// σ-subgaussian, so one of them passes τ = k + σ·√(2 ln(k·m/δ)) (m columns) with probability at most δ. Outside that
/// event the noisy counts of categories both neighbours have are a Gaussian mechanism with L2 sensitivity k per column:
/// the selection is δ-approximately ρ-zCDP (Bun and Steinke 2016, §8), composing by adding ρ and δ.
/// </summary>
public static class CategorySelection
{
    /// <summary>Selects the categories of <paramref name="columns"/>, spending <paramref name="rho"/> and <paramref name="delta"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ρ not positive, δ outside (0, 1), or no columns.</exception>
    public static SelectedCategories Select(CaseTable table, IReadOnlyList<int> columns, BoundingReport bound, double rho, double delta, ExactSampler noise)
    {
        if (!(rho > 0)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ must be positive");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1)");
        if (columns.Count == 0) throw new ArgumentOutOfRangeException(nameof(columns), "no column to select categories of");
        var k = bound.MaxRowsPerVictim;
        var sigma2 = Rational.AtLeast(Zcdp.Sigma2For(k, rho / columns.Count));
        var actual = sigma2.ToDouble();
        var threshold = k + Math.Sqrt(2 * actual * Math.Log(k * columns.Count / delta));
        var chosen = new List<IReadOnlyList<string>>();
        foreach (var column in columns)
        {
            var counts = Marginals.Count(table, [column]).Counts;
            chosen.Add(table.Categories[column].Where((_, code) => counts[code] + (long)noise.DiscreteGaussian(sigma2) >= threshold)
                .Order(StringComparer.Ordinal).ToList());
        }
        return new SelectedCategories(chosen, actual, threshold, columns.Count * Zcdp.RhoOfGaussian(k, actual), delta);
    }
}
