using Minerva.Core;
using Minerva.Resolve.Rules;
using Minerva.Resolve.Scoring;

namespace Minerva.Resolve.Tests;

public sealed class EmEstimatorTests
{
    [Fact]
    public void Em_recovers_known_m_u_and_lambda_from_unlabelled_patterns()
    {
        const int seed = 99;
        var random = new Random(seed);
        IReadOnlyList<ComparisonRule> rules =
        [
            new SelectorComparison("phone", 1, SelectorKind.Phone, null),
            new FieldComparison("name", 2, "name", FieldMethod.JaroWinkler, [0.9]),
            new TimeComparison("time", 3, [30]),
        ];
        double[][] m = [[0.8, 0.2], [0.6, 0.3, 0.1], [0.9, 0.1]];
        double[][] u = [[0.01, 0.99], [0.05, 0.15, 0.8], [0.3, 0.7]];
        const double lambda = 0.25;
        var patterns = new Dictionary<ulong, long>();
        for (var i = 0; i < 200_000; i++)
        {
            var p = random.NextDouble() < lambda ? m : u;
            ulong pattern = 0;
            for (var c = 0; c < 3; c++)
            {
                var level = random.NextDouble() < 0.1 ? 15 : Draw(p[c], random); // 10 % missing values
                pattern |= (ulong)level << (4 * c);
            }
            patterns[pattern] = patterns.GetValueOrDefault(pattern) + 1;
        }
        var model = EmEstimator.Fit(rules, patterns, [[0.02, 0.98], [0.1, 0.2, 0.7], [0.4, 0.6]],
            new TermFrequency(new Dictionary<SelectorKind, double>(), 1000), new EmSettings());
        Assert.True(model.Converged, $"seed {seed}: no convergence in {model.Iterations} iterations");
        Assert.Equal(lambda, model.Lambda, 0.02);
        for (var c = 0; c < 3; c++)
            for (var l = 0; l < m[c].Length; l++)
            {
                Assert.Equal(m[c][l], model.Comparisons[c].M[l], 0.03);
                Assert.Equal(u[c][l], model.Comparisons[c].U[l], 0.03);
            }
    }

    private static int Draw(double[] p, Random random)
    {
        var roll = random.NextDouble();
        for (var l = 0; l < p.Length - 1; l++)
        {
            if (roll < p[l]) return l;
            roll -= p[l];
        }
        return p.Length - 1;
    }
}
