namespace Minerva.Privacy.Synthesis;

/// <summary>
/// Turns noisy counts into tables a distribution can have: non-negative, with the right total, and two-way
/// tables agreeing with the one-way estimates of their columns. Clipping negative cells to zero instead would
/// add noise's positive half back to every small cell — on 2,000 rows at ε = 1 (σ ≈ 35 per cell) that bias,
/// not the noise itself, dominated the error. Post-processing only: no privacy cost.
/// </summary>
public static class Consistency
{
    /// <summary>
    /// The Euclidean projection of <paramref name="values"/> onto the non-negative vectors summing to
    /// <paramref name="total"/>: every value lowered (or raised) by one common amount, then clipped at zero.
    /// </summary>
    public static double[] ProjectToSimplex(IReadOnlyList<double> values, double total)
    {
        var n = values.Count;
        if (n == 0) return [];
        if (total <= 0) return new double[n];
        var sorted = values.OrderDescending().ToArray();
        double sum = 0, shift = 0;
        for (var i = 0; i < n; i++)
        {
            sum += sorted[i];
            var candidate = (sum - total) / (i + 1);
            if (i == n - 1 || sorted[i + 1] <= candidate)
            {
                shift = candidate;
                break;
            }
        }
        return values.Select(v => Math.Max(0, v - shift)).ToArray();
    }

    /// <summary>
    /// The cells marked <paramref name="kept"/> projected onto the simplex of <paramref name="total"/> (see
    /// <see cref="ProjectToSimplex"/>), every other cell 0: projecting the absent cells too would raise them back by the
    /// common shift whenever the kept ones sum to less than the total.
    /// </summary>
    public static double[] ProjectKept(IReadOnlyList<double> values, IReadOnlyList<bool> kept, double total)
    {
        var projected = ProjectToSimplex(values.Where((_, i) => kept[i]).ToArray(), total);
        var result = new double[values.Count];
        for (int i = 0, k = 0; i < values.Count; i++)
            if (kept[i]) result[i] = projected[k++];
        return result;
    }

    /// <summary>
    /// A two-way table (row-major, <paramref name="rowMargin"/>.Length × <paramref name="columnMargin"/>.Length) from its
    /// noisy counts. Cells whose noisy count is under <paramref name="floor"/> are taken as absent (0 keeps every
    /// cell; a floor of a few σ keeps only combinations noise cannot have made up, fabricating fewer). The rest are
    /// projected onto the simplex, blended with a little of what independence predicts (so pure-noise cells lean on the
    /// margins), and fitted to both margins by iterative proportional fitting. A row or column left with no cell
    /// falls back to independence, the only place absent cells come back. The margins are probabilities; the result
    /// sums to about <paramref name="total"/>.
    /// </summary>
    public static double[] FitTwoWay(long[] noisy, double[] rowMargin, double[] columnMargin, double total, double floor)
    {
        var (rows, columns) = (rowMargin.Length, columnMargin.Length);
        var kept = noisy.Select(c => c >= floor && c > 0).ToArray();
        var table = ProjectKept([.. noisy.Select(c => (double)c)], kept, total);
        for (var i = 0; i < noisy.Length; i++)
            if (kept[i]) table[i] = (1 - IndependenceWeight) * table[i] + IndependenceWeight * total * rowMargin[i / columns] * columnMargin[i % columns];
        for (var r = 0; r < rows; r++)
            if (rowMargin[r] > 0 && Enumerable.Range(0, columns).All(c => table[r * columns + c] == 0))
                for (var c = 0; c < columns; c++) table[r * columns + c] = total * rowMargin[r] * columnMargin[c];
        for (var c = 0; c < columns; c++)
            if (columnMargin[c] > 0 && Enumerable.Range(0, rows).All(r => table[r * columns + c] == 0))
                for (var r = 0; r < rows; r++) table[r * columns + c] = total * rowMargin[r] * columnMargin[c];
        var sums = new double[Math.Max(rows, columns)];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            Array.Clear(sums);
            for (var i = 0; i < table.Length; i++) sums[i / columns] += table[i];
            for (var i = 0; i < table.Length; i++)
                if (sums[i / columns] > 0) table[i] *= total * rowMargin[i / columns] / sums[i / columns];
            Array.Clear(sums);
            for (var i = 0; i < table.Length; i++) sums[i % columns] += table[i];
            for (var i = 0; i < table.Length; i++)
                if (sums[i % columns] > 0) table[i] *= total * columnMargin[i % columns] / sums[i % columns];
        }
        return table;
    }

    /// <summary>Share of each kept cell that is independence's prediction: a light pull that steadies cells made mostly of noise.</summary>
    private const double IndependenceWeight = 0.02;
}
