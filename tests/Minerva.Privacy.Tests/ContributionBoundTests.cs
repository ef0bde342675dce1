using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Tests;

public sealed class ContributionBoundTests
{
    private static Dictionary<string, string?> Row(string? victim, string gender, string? region) =>
        new() { ["victimId"] = victim, ["gender"] = gender, ["region"] = region };

    [Fact]
    public void Each_victim_keeps_at_most_k_rows_and_the_counts_add_up()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 3000)
            .Select(i => Row($"v{random.Next(800)}", random.Next(2) == 0 ? "Woman" : "Man", random.Next(5) == 0 ? null : $"R{random.Next(4)}")).ToList();
        var table = CaseTable.From(rows, ["gender", "region"], "victimId");
        var (bounded, report) = ContributionBound.Apply(table, 2, RandomSource.Seeded(7));
        Assert.True(bounded.Victims.GroupBy(v => v).All(g => g.Count() <= 2));
        Assert.Equal(report.RowsIn, report.RowsKept + report.RowsDropped);
        Assert.Equal(bounded.Rows.Count, report.RowsKept);
        Assert.Equal(table.Victims.Distinct().Count(), report.Victims);
        Assert.Equal(table.Victims.GroupBy(v => v).Count(g => g.Count() > 2), report.VictimsCapped);
        // Victims within the limit keep every row.
        var small = table.Victims.GroupBy(v => v).Where(g => g.Count() <= 2).Sum(g => g.Count());
        Assert.Equal(small, bounded.Victims.GroupBy(v => v).Where(g => table.Victims.Count(v => v == g.Key) <= 2).Sum(g => g.Count()));
        Assert.Equal(2, report.L2Sensitivity);
        Assert.Contains(CaseTable.Unknown, table.Categories[1]); // blanks are a category of their own
    }

    [Fact]
    public void Without_a_victim_column_every_row_is_its_own_victim()
    {
        var table = CaseTable.From([Row(null, "Man", "R1"), Row(null, "Man", "R1")], ["gender"], victimColumn: null);
        var (_, report) = ContributionBound.Apply(table, 2, RandomSource.Seeded(1));
        Assert.Equal((2, 0), (report.Victims, report.RowsDropped));
        Assert.Equal(1, report.L2Sensitivity); // one row per unit, whatever the configured limit
        Assert.False(table.VictimsFromColumn);
        Assert.Throws<ArgumentException>(() => CaseTable.From([Row("v", "Man", "R1")], ["age"], "victimId"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContributionBound.Apply(table, 0, RandomSource.Seeded(1)));
    }
}
