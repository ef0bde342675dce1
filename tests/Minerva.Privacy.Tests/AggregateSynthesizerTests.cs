using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;
using Minerva.Privacy.Synthesis;

namespace Minerva.Privacy.Tests;

/// <summary>
/// Aggregate-seeded synthesis on 15,000 generated CTDC-shaped cases (12 attributes, victim ids, at most 2 rows per
/// victim), δ = 10⁻⁶, length 3. Seeded runs: each assertion is about fixed numbers.
/// </summary>
public sealed class AggregateSynthesizerTests
{
    private const int Seed = 23;

    private static (CaseTable Bounded, BoundingReport Bound) Cases()
    {
        var table = TreeSynthesizerTests.GeneratedCases();
        return ContributionBound.Apply(table, 2, RandomSource.Seeded(Seed));
    }

    [Fact]
    public void Measures_every_cell_of_every_combination_and_publishes_only_counts_above_the_noise()
    {
        var (bounded, bound) = Cases();
        var rho = Zcdp.RhoFor(1, 1e-6);
        var model = new AggregateSynthesizer(new ExactSampler(RandomSource.Seeded(Seed)), RandomSource.Seeded(Seed + 1)).Fit(bounded, bound, rho, 3, 10);
        Assert.True(model.Rho <= rho * (1 + 1e-9) && model.Rho > rho * 0.999, $"spent {model.Rho} of {rho}");
        var d = bounded.Columns.Count;
        Assert.Equal(d + d * (d - 1) / 2 + d * (d - 1) * (d - 2) / 6, model.Measured.Count);
        // Every cell of the domain is measured, those no row has included: which combinations exist is never read from the data.
        Assert.All(model.Measured, m => Assert.Equal(m.Marginal.Sizes.Aggregate(1, (a, b) => a * b), m.Marginal.Counts.Length));
        Assert.Equal(3, model.Thresholds.Count);
        for (var k = 0; k < 3; k++)
            Assert.Equal(Math.Max(10, AggregateSynthesizer.NoiseThresholdInSigmas * Math.Sqrt(model.Sigma2ByLength[k])), model.Thresholds[k], 9);
        Assert.All(model.Aggregates, a => Assert.True(a.Count >= model.Thresholds[a.Columns.Count - 1], $"{a.Describe(bounded)} = {a.Count}"));
        // The published counts are the measurements: a one-way count is the noisy cell, not a recount of synthetic records.
        var first = model.Measured[0];
        foreach (var a in model.Aggregates.Where(a => a.Columns.Count == 1 && a.Columns[0] == first.Marginal.Columns[0]))
            Assert.Equal(first.Marginal.Counts[a.Values[0]], a.Count);
        // Most one-way categories of real size are published; few length-1 or length-2 aggregates are made up by noise.
        var sensitive = Aggregates.Count(bounded.Rows, d, 2, 1);
        var scored = Aggregates.Compare(Aggregates.AtLeast(sensitive, 10), model.Aggregates.Where(a => a.Columns.Count <= 2).ToList(), Aggregates.Keys(sensitive));
        Assert.True(scored[0].Suppressed < 0.1 && scored[0].Fabricated < 0.1 && scored[1].Fabricated < 0.1,
            string.Join("; ", scored.Select(s => $"{s.Length}: {s.Suppressed:P1} suppressed, {s.Fabricated:P1} fabricated")));
    }

    [Fact]
    public void Records_are_made_from_the_published_aggregates_alone_and_improve_with_epsilon()
    {
        var (bounded, bound) = Cases();
        var tvds = new List<double>();
        foreach (var epsilon in new[] { 1.0, 4.0 })
        {
            var model = new AggregateSynthesizer(new ExactSampler(RandomSource.Seeded(Seed)), RandomSource.Seeded(Seed + 1))
                .Fit(bounded, bound, Zcdp.RhoFor(epsilon, 1e-6), 2, 10);
            var records = new AggregateSynthesizer(new ExactSampler(RandomSource.Seeded(0)), RandomSource.Seeded(Seed + 2)).Sample(model, bounded, bounded.Rows.Count);
            // The unpublished measurements are not used: blanking every measured count changes no record.
            var blanked = model with { Measured = [.. model.Measured.Select(m => m with { Marginal = m.Marginal with { Counts = new long[m.Marginal.Counts.Length] } })] };
            var again = new AggregateSynthesizer(new ExactSampler(RandomSource.Seeded(0)), RandomSource.Seeded(Seed + 2)).Sample(blanked, bounded, bounded.Rows.Count);
            Assert.Equal(records.Select(r => string.Join(',', r)), again.Select(r => string.Join(',', r)));
            tvds.Add(Utility.MeanTvd(bounded, records, 2));
        }
        Assert.True(tvds[1] < tvds[0], $"ε = 1: {tvds[0]:0.0000}, ε = 4: {tvds[1]:0.0000}");
        Assert.True(tvds[1] <= 0.04, $"ε = 4, length 2: mean 2-way TVD {tvds[1]:0.0000}");
    }
}
