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

    [Fact]
    public void Pooling_adjacent_violators_makes_the_weights_monotone_and_keeps_both_distributions_whole()
    {
        double[] m = [0.1, 0.6, 0.3];
        double[] u = [0.2, 0.1, 0.7];
        Assert.True(EmEstimator.Monotone(m, u) > 1);
        Assert.Equal(1, m.Sum(), 1e-12);
        Assert.Equal([0.2, 0.1, 0.7], u);
        var weights = m.Zip(u, (a, b) => Math.Log2(a / b)).ToArray();
        Assert.Equal(weights[0], weights[1], 1e-12); // the out-of-order pair shares its pooled ratio, (0.1 + 0.6) / (0.2 + 0.1)
        Assert.Equal(Math.Log2(0.7 / 0.3), weights[0], 1e-12);
        Assert.True(weights[1] > weights[2]);
        double[] ordered = [0.7, 0.2, 0.1];
        Assert.Equal(0, EmEstimator.Monotone(ordered, [0.1, 0.2, 0.7]));
        Assert.Equal([0.7, 0.2, 0.1], ordered);
    }

    [Fact]
    public void Em_on_candidates_where_agreement_looks_like_disagreement_keeps_agreement_first_and_says_it_was_constrained()
    {
        // What a blocker on look-alike handles does to ad data: among the candidates, matches mostly have *similar*
        // handles (the blocker paired them for it) while non-matches share a handle more often than matches do.
        const int seed = 7;
        var random = new Random(seed);
        IReadOnlyList<ComparisonRule> rules =
        [
            new SelectorComparison("handle", 1, SelectorKind.Handle, 0.9),
            new FieldComparison("city", 2, "location", FieldMethod.Exact, []),
            new TimeComparison("time", 3, [30]),
        ];
        double[][] m = [[0.05, 0.85, 0.10], [0.8, 0.2], [0.9, 0.1]];
        double[][] u = [[0.20, 0.10, 0.70], [0.1, 0.9], [0.3, 0.7]];
        var patterns = new Dictionary<ulong, long>();
        for (var i = 0; i < 100_000; i++)
        {
            var p = random.NextDouble() < 0.3 ? m : u;
            ulong pattern = 0;
            for (var c = 0; c < 3; c++) pattern |= (ulong)Draw(p[c], random) << (4 * c);
            patterns[pattern] = patterns.GetValueOrDefault(pattern) + 1;
        }
        var model = EmEstimator.Fit(rules, patterns, [[0.001, 0.002, 0.997], [0.05, 0.95], [0.2, 0.8]],
            new TermFrequency(new Dictionary<SelectorKind, double>(), 1000), new EmSettings());
        var handle = Enumerable.Range(0, 3).Select(l => model.Weight(0, l)).ToArray();
        Assert.True(handle[0] >= handle[1] - 1e-9 && handle[1] >= handle[2] - 1e-9, $"handle weights {string.Join(", ", handle)}");
        Assert.True(handle[0] > 0, "a shared handle must count for a match, not against it");
        Assert.Equal(["handle"], model.Constrained);
        Assert.All(model.Comparisons.SelectMany(c => c.M.Zip(c.U, (a, b) => Math.Abs(Math.Log2(a / b)))), w => Assert.True(w < 19, $"{w} bits: an empty cell, not evidence"));
    }

    [Fact]
    public void A_shared_decisive_selector_outweighs_everything_soft_evidence_can_add()
    {
        IReadOnlyList<ComparisonRule> rules =
        [
            new SelectorComparison("phone", 1, SelectorKind.Phone, null, Decisive: true),
            new TextComparison("text", 2, "text", [0.8]),
            new FieldComparison("city", 3, "location", FieldMethod.Exact, []),
        ];
        var model = new MatchModel
        {
            Lambda = 0.5,
            Frequency = new TermFrequency(new Dictionary<SelectorKind, double>(), 1000),
            Comparisons =
            [
                new ComparisonModel("phone", rules[0].Levels, [0.5, 0.5], [0.01, 0.99], [0.01, 0.99]),
                new ComparisonModel("text", rules[1].Levels, [0.8, 0.2], [0.01, 0.99], [0.01, 0.99]),
                new ComparisonModel("city", rules[2].Levels, [0.6, 0.4], [0.1, 0.9], [0.1, 0.9]),
            ],
        };
        var soft = model.Prior + model.Weight(1, 0) + model.Weight(2, 0);
        Assert.Equal(10 + model.Weight(1, 0) + model.Weight(2, 0), model.DecisiveWeight(rules, 10), 1e-9);
        Assert.True(model.DecisiveWeight(rules, 10) > soft);
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
