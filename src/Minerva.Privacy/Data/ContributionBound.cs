using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Data;

/// <summary>What bounding did. Counts add up: <c>RowsIn = RowsKept + RowsDropped</c>.</summary>
/// <param name="Victims">Distinct victims.</param>
/// <param name="RowsIn">Rows before bounding.</param>
/// <param name="RowsKept">Rows after.</param>
/// <param name="RowsDropped">Rows removed from victims over the limit.</param>
/// <param name="VictimsCapped">Victims who had more rows than the limit.</param>
/// <param name="MaxRowsPerVictim">The limit in force: the configured one, or 1 when every row is its own victim.</param>
public sealed record BoundingReport(int Victims, int RowsIn, int RowsKept, int RowsDropped, int VictimsCapped, int MaxRowsPerVictim)
{
    /// <summary>
    /// L2 sensitivity of any table of counts over the bounded rows: one victim changes at most
    /// <see cref="MaxRowsPerVictim"/> counts by one each, or one count by that much — at most the limit in L2.
    /// </summary>
    public double L2Sensitivity => MaxRowsPerVictim;
}

/// <summary>
/// Bounds each victim's contribution — the privacy unit is the victim, not the row: a victim with more than
/// <c>k</c> relationships keeps <c>k</c> of them chosen uniformly at random, so the noise can be calibrated to k.
/// </summary>
public static class ContributionBound
{
    /// <summary>Applies the bound.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is below 1.</exception>
    public static (CaseTable Bounded, BoundingReport Report) Apply(CaseTable table, int maxRowsPerVictim, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerVictim, 1);
        var byVictim = Enumerable.Range(0, table.Rows.Count).GroupBy(r => table.Victims[r], StringComparer.Ordinal).ToList();
        var keep = new List<int>(table.Rows.Count);
        var capped = 0;
        foreach (var victim in byVictim)
        {
            var rows = victim.ToArray();
            if (rows.Length > maxRowsPerVictim)
            {
                capped++;
                for (var i = 0; i < maxRowsPerVictim; i++) // partial Fisher–Yates: a uniform k-subset
                {
                    var j = i + (int)random.Below(rows.Length - i);
                    (rows[i], rows[j]) = (rows[j], rows[i]);
                }
                rows = rows[..maxRowsPerVictim];
            }
            keep.AddRange(rows);
        }
        keep.Sort();
        // Without a victim column each row is a unit of its own: one row each, whatever limit was configured.
        var limit = table.VictimsFromColumn ? maxRowsPerVictim : 1;
        var report = new BoundingReport(byVictim.Count, table.Rows.Count, keep.Count, table.Rows.Count - keep.Count, capped, limit);
        return (table.Subset(keep), report);
    }
}
