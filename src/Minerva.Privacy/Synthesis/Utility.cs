using Minerva.Privacy.Data;

namespace Minerva.Privacy.Synthesis;

/// <summary>Utility measures comparing synthetic records with the sensitive table (for the data owner's eyes only).</summary>
public static class Utility
{
    /// <summary>Mean total-variation distance between the sensitive and synthetic k-way marginals over every column set of size k.</summary>
    public static double MeanTvd(CaseTable real, IReadOnlyList<int[]> synthetic, int k)
    {
        var sets = Aggregates.Subsets(real.Columns.Count, k).ToList();
        if (sets.Count == 0 || real.Rows.Count == 0 || synthetic.Count == 0) return 0;
        double sum = 0;
        foreach (var set in sets)
        {
            var exact = Marginals.Count(real, set);
            var counts = Marginals.Cells(synthetic, exact.Columns, exact.Sizes);
            double tvd = 0;
            for (var i = 0; i < counts.Length; i++) tvd += Math.Abs(exact.Counts[i] / (double)real.Rows.Count - counts[i] / (double)synthetic.Count);
            sum += tvd / 2;
        }
        return sum / sets.Count;
    }
}
