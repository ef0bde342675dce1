using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Tests;

public sealed class MarginalTests
{
    private static CaseTable Table()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 5000).Select(_ => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
        {
            ["gender"] = random.Next(3) == 0 ? "Man" : "Woman",
            ["age"] = random.Next(4) == 0 ? "Child" : "Adult",
            ["region"] = $"R{random.Next(5)}",
        });
        return CaseTable.From(rows, ["gender", "age", "region"], null);
    }

    [Fact]
    public void Exact_marginals_count_every_row_once()
    {
        var table = Table();
        var m = Marginals.Count(table, [2, 0]);
        Assert.Equal([0, 2], m.Columns);
        Assert.Equal(table.Categories[0].Count * table.Categories[2].Count, m.Counts.Length);
        Assert.Equal(5000, m.Counts.Sum());
        Assert.Throws<ArgumentException>(() => Marginals.Count(table, [7]));
    }

    [Fact]
    public void Measured_noise_has_the_variance_the_cost_was_computed_from()
    {
        const int seed = 11;
        var table = Table();
        var exact = Marginals.Count(table, [0, 1, 2]);
        var sampler = new ExactSampler(RandomSource.Seeded(seed));
        var errors = new List<double>();
        double rho = 0, sigma2 = 0;
        for (var trial = 0; trial < 300; trial++)
        {
            var noisy = Marginals.Measure(exact, sensitivity: 2, rho: 0.05, sampler);
            (rho, sigma2) = (noisy.Rho, noisy.Sigma2);
            errors.AddRange(noisy.Marginal.Counts.Zip(exact.Counts, (n, e) => (double)(n - e)));
        }
        Assert.Equal(40.0, sigma2, 1e-9); // Δ²/(2ρ) = 4/0.1
        Assert.True(rho <= 0.05 && rho > 0.05 * (1 - 1e-9), $"cost {rho}"); // rounding σ² up never costs more
        var mean = errors.Average();
        var variance = errors.Sum(e => (e - mean) * (e - mean)) / (errors.Count - 1);
        // 9,000 draws: the sample variance's standard error is about σ²·√(2/n) ≈ 0.6.
        Assert.True(Math.Abs(variance - 40) < 3 && Math.Abs(mean) < 0.3, $"seed {seed}: mean {mean:0.00}, variance {variance:0.00}");
    }
}
