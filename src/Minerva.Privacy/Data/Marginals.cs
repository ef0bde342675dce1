using Minerva.Privacy.Accounting;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Data;

/// <summary>A marginal: counts of every combination of categories of some columns, in row-major cell order.</summary>
/// <param name="Columns">Column indexes, ascending.</param>
/// <param name="Sizes">Categories per column.</param>
/// <param name="Counts">One count per cell (noisy counts may be negative).</param>
public sealed record Marginal(IReadOnlyList<int> Columns, IReadOnlyList<int> Sizes, long[] Counts)
{
    /// <summary>The cell of a row.</summary>
    public int CellOf(int[] row) => (int)MixedRadix.Cell(row, Columns, Sizes); // a marginal has at most 50,000,000 cells

    /// <summary>The category codes (one per column) of cell <paramref name="cell"/>.</summary>
    public int[] ValuesOf(int cell) => MixedRadix.Values(cell, Sizes);
}

/// <summary>A marginal measured with noise, and what it cost.</summary>
/// <param name="Marginal">The noisy counts.</param>
/// <param name="Sigma2">Variance parameter of the discrete Gaussian noise added to every cell (rounded up).</param>
/// <param name="Rho">zCDP cost.</param>
public sealed record NoisyMarginal(Marginal Marginal, double Sigma2, double Rho);

/// <summary>Exact marginals of a case table, and their measurement with the discrete Gaussian mechanism under zCDP.</summary>
public static class Marginals
{
    /// <summary>The exact counts of <paramref name="columns"/> over the table's rows.</summary>
    /// <exception cref="ArgumentException">No columns, or a column index out of range.</exception>
    public static Marginal Count(CaseTable table, IReadOnlyList<int> columns)
    {
        if (columns.Count == 0 || columns.Any(c => c < 0 || c >= table.Columns.Count))
            throw new ArgumentException("a marginal needs one or more existing columns", nameof(columns));
        var sorted = columns.Order().ToArray();
        var sizes = sorted.Select(c => table.Categories[c].Count).ToArray();
        var cells = sizes.Aggregate(1L, (a, b) => a * b);
        if (cells > 50_000_000) throw new ArgumentException($"a marginal over {string.Join(", ", sorted.Select(c => table.Columns[c]))} has {cells:N0} cells", nameof(columns));
        return new Marginal(sorted, sizes, Cells(table.Rows, sorted, sizes));
    }

    /// <summary>How many of <paramref name="rows"/> fall in each cell of <paramref name="columns"/> (ascending, of
    /// <paramref name="sizes"/> categories): a marginal's counts, of sensitive rows or synthetic records alike.</summary>
    public static long[] Cells(IEnumerable<int[]> rows, IReadOnlyList<int> columns, IReadOnlyList<int> sizes)
    {
        var counts = new long[sizes.Aggregate(1L, (cells, size) => cells * size)];
        foreach (var row in rows) counts[MixedRadix.Cell(row, columns, sizes)]++;
        return counts;
    }

    /// <summary>
    /// Measures a marginal spending <paramref name="rho"/>: every cell gets independent discrete Gaussian noise with
    /// σ² = Δ²/(2ρ), Δ the L2 sensitivity (the contribution bound), σ² rounded up so the cost never exceeds ρ.
    /// </summary>
    public static NoisyMarginal Measure(Marginal exact, double sensitivity, double rho, ExactSampler sampler)
    {
        var sigma2 = Rational.AtLeast(Zcdp.Sigma2For(sensitivity, rho));
        var noisy = new long[exact.Counts.Length];
        for (var i = 0; i < noisy.Length; i++) noisy[i] = exact.Counts[i] + (long)sampler.DiscreteGaussian(sigma2);
        var actual = sigma2.ToDouble();
        return new NoisyMarginal(exact with { Counts = noisy }, actual, Zcdp.RhoOfGaussian(sensitivity, actual));
    }
}
