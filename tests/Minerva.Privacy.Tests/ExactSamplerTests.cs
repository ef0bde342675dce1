using System.Numerics;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Tests;

/// <summary>
/// The samplers' output against their exact distributions: many seeded draws (MINERVA_TEST_SEED overrides the seed)
/// and a chi-square goodness-of-fit test at p = 10⁻⁶, so a correct sampler practically never fails while a biased
/// one does (100,000 draws detect a 2 % error in one probability near the mode).
/// </summary>
public sealed class ExactSamplerTests
{
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("MINERVA_TEST_SEED"), out var s) ? s : 20261123;

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    [InlineData(12.5)]
    public void Discrete_gaussian_draws_follow_exp_of_minus_x_squared_over_2_sigma_squared(double sigma2)
    {
        var sampler = new ExactSampler(RandomSource.Seeded(Seed));
        var parameter = Rational.AtLeast(sigma2);
        Fits(() => sampler.DiscreteGaussian(parameter), x => Math.Exp(-x * x / (2 * sigma2)), 100_000, $"σ²={sigma2}");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    public void Discrete_laplace_draws_follow_exp_of_minus_x_over_scale(int numerator, int denominator)
    {
        var sampler = new ExactSampler(RandomSource.Seeded(Seed));
        var scale = (double)numerator / denominator;
        Fits(() => sampler.DiscreteLaplace(new Rational(numerator, denominator)), x => Math.Exp(-Math.Abs(x) / scale), 100_000, $"t={scale}");
    }

    [Theory]
    [InlineData(3, 10)]
    [InlineData(17, 10)]
    [InlineData(0, 1)]
    public void Bernoulli_exp_is_true_with_probability_exp_of_minus_gamma(int numerator, int denominator)
    {
        var sampler = new ExactSampler(RandomSource.Seeded(Seed));
        const int n = 100_000;
        var hits = Enumerable.Range(0, n).Count(_ => sampler.BernoulliExp(new Rational(numerator, denominator)));
        var p = Math.Exp(-(double)numerator / denominator);
        var sd = Math.Sqrt(p * (1 - p) / n);
        Assert.True(Math.Abs(hits / (double)n - p) <= 4 * sd + 1e-12, $"seed {Seed}: {hits / (double)n:0.0000} vs {p:0.0000}");
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 1)]
    public void The_exponential_mechanism_picks_in_proportion_to_exp_of_scale_times_score(int numerator, int denominator)
    {
        var sampler = new ExactSampler(RandomSource.Seeded(Seed));
        long[] scores = [0, 1, 2, 5, -3, 5, 4];
        var scale = (double)numerator / denominator;
        var weights = scores.Select(s => Math.Exp(scale * s)).ToArray();
        var counts = new int[scores.Length];
        const int n = 100_000;
        for (var i = 0; i < n; i++) counts[sampler.Exponential(scores, new Rational(numerator, denominator))]++;
        var chi = counts.Select((c, i) => (c, e: n * weights[i] / weights.Sum())).Where(x => x.e >= 5).Sum(x => Math.Pow(x.c - x.e, 2) / x.e);
        Assert.True(chi < 38.5, $"seed {Seed}: χ² {chi:0.0} ({string.Join(", ", counts)})"); // at most 6 degrees of freedom, p = 10⁻⁶
        Assert.Equal(0, sampler.Exponential([7], new Rational(1, 1)));
    }

    [Fact]
    public void Uniform_integers_below_a_bound_are_uniform()
    {
        var random = RandomSource.Seeded(Seed);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++) counts[(int)random.Below(7)]++;
        var chi = counts.Sum(c => Math.Pow(c - 10_000, 2) / 10_000);
        Assert.True(chi < 38.5, $"seed {Seed}: χ² {chi:0.0} over 6 degrees of freedom"); // p = 10⁻⁶
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Below(0));
    }

    [Fact]
    public void Production_noise_comes_from_the_cryptographic_generator()
    {
        var sampler = new ExactSampler(RandomSource.Cryptographic);
        Assert.False(sampler.IsDeterministic);
        Assert.True(RandomSource.Seeded(1).IsDeterministic);
        var draws = Enumerable.Range(0, 2000).Select(_ => sampler.DiscreteGaussian(Rational.AtLeast(9))).ToList();
        Assert.InRange(draws.Select(d => (double)d).Average(), -0.5, 0.5);
    }

    [Fact]
    public void Variances_round_up_never_down()
    {
        foreach (var value in new[] { 0.1, 1.0 / 3, 4.0, 1234.5678 })
        {
            var r = Rational.AtLeast(value);
            Assert.True(r.ToDouble() >= value && r.ToDouble() - value < 1e-9, $"{value} → {r.ToDouble()}");
        }
    }

    /// <summary>χ² test of draws against an unnormalised pmf, pooling the tails so every bin expects at least 20.</summary>
    private static void Fits(Func<BigInteger> draw, Func<double, double> pmf, int n, string what)
    {
        var counts = new Dictionary<long, int>();
        for (var i = 0; i < n; i++)
        {
            var x = (long)draw();
            counts[x] = counts.GetValueOrDefault(x) + 1;
        }
        var support = Enumerable.Range(-200, 401).Select(x => (X: x, P: pmf(x))).ToList();
        var total = support.Sum(s => s.P);
        var core = support.Where(s => s.P / total * n >= 20).ToList();
        var (lo, hi) = (core.Min(s => s.X), core.Max(s => s.X));
        double chi = 0;
        foreach (var (x, p) in core)
        {
            var expected = p / total * n;
            chi += Math.Pow(counts.GetValueOrDefault(x) - expected, 2) / expected;
        }
        var tailExpected = n - core.Sum(s => s.P / total * n);
        var tailObserved = counts.Where(c => c.Key < lo || c.Key > hi).Sum(c => c.Value);
        if (tailExpected >= 5) chi += Math.Pow(tailObserved - tailExpected, 2) / tailExpected;
        var df = core.Count - 1 + (tailExpected >= 5 ? 1 : 0);
        // Critical value of χ² at p = 10⁻⁶ (Wilson–Hilferty approximation, accurate to a few percent here).
        var z = 4.7534;
        var critical = df * Math.Pow(1 - 2.0 / (9 * df) + z * Math.Sqrt(2.0 / (9 * df)), 3);
        Assert.True(chi < critical, $"seed {Seed}, {what}: χ² {chi:0.0} ≥ {critical:0.0} over {df} degrees of freedom");
    }
}
