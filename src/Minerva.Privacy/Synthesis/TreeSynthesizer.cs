using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Synthesis;

/// <summary>What the synthesiser measured and spent.</summary>
/// <param name="OneWay">Noisy counts of every column.</param>
/// <param name="TwoWay">Noisy counts of the selected column pairs (the tree's edges).</param>
/// <param name="Edges">The tree: pairs of column indexes, in selection order.</param>
/// <param name="Rho">Total zCDP cost (measurements plus selection).</param>
public sealed record TreeModel(IReadOnlyList<NoisyMarginal> OneWay, IReadOnlyList<NoisyMarginal> TwoWay, IReadOnlyList<(int A, int B)> Edges, double Rho)
{
    /// <summary>How many rows the measurements say there are: the mean of the noisy one-way totals (private, as they are).</summary>
    public double NoisyRows => OneWay.Average(m => (double)m.Marginal.Counts.Sum());
}

/// <summary>How far the synthesiser goes to avoid attribute combinations no sensitive record has.</summary>
public enum Fabrication
{
    /// <summary>Every cell of a measured pair may be sampled: the best fit to the marginals, the most made-up combinations.</summary>
    Allow,
    /// <summary>Pair cells whose noisy count is under one σ of their noise are taken as absent.</summary>
    Balanced,
    /// <summary>Pair cells under two σ are taken as absent: fewer made-up combinations, more real rare ones lost.</summary>
    Minimize,
}

/// <summary>
/// A synthesiser in the spirit of MST (McKenna, Miklau and Sheldon 2021): 20 % of ρ measures every one-way
/// marginal; 10 % selects, one edge at a time, the column pair whose two-way marginal the current model gets
/// most wrong by more than measuring it would add in noise (the exponential mechanism, sampled exactly, ε²/8-zCDP per
/// step — report-noisy-max with discrete Laplace noise cost four times as much for the same ε, and took 20 % of ρ;
/// joining two parts of a spanning forest each time, with "stop" as a candidate, so the result is a forest); what
/// selection leaves measures the selected two-way marginals. The noisy tables are then made consistent (see
/// <see cref="Consistency"/>) and records are allocated down the forest: each root column in proportion to its
/// combined one-way estimate, each child within every parent value in proportion to the pair's table. Everything
/// after measurement is post-processing. Measured at ε = 1 (mean 2-way TVD): 0.028 on the 2,000-row toy file (mean
/// of 10 runs), 0.018 on 15,000 generated cases — clipping noisy counts and drawing records independently instead
/// gave 0.065 and 0.032.
/// </summary>
public sealed class TreeSynthesizer(ExactSampler noise, RandomSource sampling, Fabrication fabrication = Fabrication.Balanced,
    double oneWayShare = 0.2, double selectionShare = 0.1)
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
            // The exponential mechanism with ε is ε²/8-zCDP per selection (bounded range); its scale ε/(2Δ) is rounded down.
            var selectionRho = rho * selectionShare / (d - 1);
            var epsilon = Math.Sqrt(8 * selectionRho);
            var scoreSensitivity = sensitivity + 1; // L1 error changes by at most Δ per victim; +1 for rounding to integers
            var scale = Rational.AtMost(epsilon / (2 * scoreSensitivity));
            var component = Enumerable.Range(0, d).ToArray();
            var total = Math.Max(1, oneWay.Average(m => m.Marginal.Counts.Sum(c => Math.Max(0, c))));
            // What measuring a pair would cost in error: the expected L1 size of its noise (σ for d − 1 measurements).
            var noiseSigma = Math.Sqrt(Zcdp.Sigma2For(sensitivity, rho * (1 - oneWayShare - selectionShare) / (d - 1)));
            // A pair's score does not change between steps (the one-way estimates are fixed), only its noise does:
            // count each pair once, not once per step.
            var probabilities = oneWay.Select(m => Probabilities(m.Marginal.Counts)).ToArray();
            var present = oneWay.Select(m => Math.Max(1, m.Marginal.Counts.Count(c => c >= Math.Sqrt(m.Sigma2)))).ToArray();
            var exact = new Dictionary<(int A, int B), Marginal>();
            var gains = new Dictionary<(int A, int B), double>();
            for (var a = 0; a < d; a++)
                for (var b = a + 1; b < d; b++)
                {
                    exact[(a, b)] = Marginals.Count(table, [a, b]);
                    // Only cells whose categories are there count: a category whose one-way count is within noise of 0 (a
                    // declared code no row has, the (other) bucket) gets no mass in the fit, whatever the pair's noise.
                    var cells = present[a] * present[b];
                    gains[(a, b)] = IndependenceError(exact[(a, b)], probabilities[a], probabilities[b], total) - cells * noiseSigma * Math.Sqrt(2 / Math.PI);
                }
            for (var step = 0; step < d - 1; step++)
            {
                // "Stop" competes with score 0: a pair is measured only when it beats its own noise.
                var pairs = new List<(int A, int B)> { (-1, -1) };
                var scores = new List<long> { 0 };
                for (var a = 0; a < d; a++)
                    for (var b = a + 1; b < d; b++)
                    {
                        if (component[a] == component[b]) continue;
                        pairs.Add((a, b));
                        scores.Add((long)Math.Floor(gains[(a, b)]));
                    }
                var best = pairs[noise.Exponential(scores, scale)];
                spent += epsilon * epsilon / 8;
                if (best.A < 0) break;
                edges.Add(best);
                var (from, to) = (component[best.B], component[best.A]);
                for (var c = 0; c < d; c++)
                    if (component[c] == from) component[c] = to;
            }
            // What selection did not use goes to the measurements.
            var twoWayRho = edges.Count == 0 ? 0 : (rho - spent) / edges.Count;
            foreach (var edge in edges)
            {
                var measured = Marginals.Measure(exact[edge], sensitivity, twoWayRho, noise);
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
        var total = Math.Max(1, model.NoisyRows);
        var marginals = Enumerable.Range(0, d).Select(c => CombinedOneWay(model, c, total, FloorInSigmas(fabrication), fabrication == Fabrication.Minimize)).ToArray();
        var fitted = model.TwoWay.ToDictionary(t => t, t => Consistency.FitTwoWay(t.Marginal.Counts,
            marginals[t.Marginal.Columns[0]], marginals[t.Marginal.Columns[1]], total, FloorInSigmas(fabrication) * Math.Sqrt(t.Sigma2)));
        var records = Enumerable.Range(0, count).Select(_ => new int[d]).ToArray();
        var everyone = Enumerable.Range(0, count).ToArray();
        foreach (var v in order)
        {
            if (!hasParent[v]) Allocation.Assign(records, everyone, v, marginals[v], sampling);
            if (children[v].Count == 0) continue;
            var groups = everyone.GroupBy(r => records[r][v]).Select(g => (Value: g.Key, Records: g.ToArray())).ToList();
            foreach (var (child, joint) in children[v])
                foreach (var (value, members) in groups)
                {
                    // A parent value the pair's table gives no mass to takes the child's own distribution: spreading it
                    // evenly instead made up every category no row has (declared codes, (other), (unknown)).
                    var weights = Conditional(joint.Marginal, fitted[joint], v, value);
                    if (!(weights.Sum() > 0)) weights = marginals[child];
                    Allocation.Assign(records, [.. members], child, weights, sampling); // a copy: Assign shuffles it
                }
        }
        return records;
    }

    /// <summary>
    /// A column's distribution from every measurement that holds it — its one-way marginal and the margins of the
    /// two-way marginals it is in — averaged with inverse-variance weights (a two-way margin sums as many noisy cells
    /// as the other column has categories), projected onto the simplex. Unless fabrication is allowed, a category whose
    /// estimate is under <paramref name="floor"/> σ — with <paramref name="universal"/> (minimize) under max(floor, √(2 ln m))
    /// σ, the level pure noise reaches in about one of m categories — is taken as absent, and only the others are
    /// projected: a declared code no row has, or an empty (other), kept the noise's positive half before, and projecting
    /// every category raised the absent ones back by the common shift (on 4,000 generated cases with every code list
    /// declared, each empty (other) got about 1 % of the records and 8–23 % of the released categories were made up;
    /// now 2–8 % balanced, 0–4 % minimize, which loses more rare real years). Post-processing: no privacy cost.
    /// </summary>
    private static double[] CombinedOneWay(TreeModel model, int column, double total, double floor, bool universal)
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
        var combined = sum.Select(s => s / precision).ToArray();
        var sigma = Math.Sqrt(1 / precision);
        var threshold = (universal ? Math.Max(floor, Math.Sqrt(2 * Math.Log(size))) : floor) * sigma;
        var kept = combined.Select(c => c >= threshold).ToArray();
        if (threshold == 0 || !kept.Contains(true)) Array.Fill(kept, true);
        // Only the kept categories are projected: projecting all of them would raise the absent ones back by the common
        // shift whenever the kept ones sum to less than the total (each empty (other) got about 1 % of the records).
        var estimate = Consistency.ProjectKept(combined, kept, total);
        var mass = estimate.Sum();
        return mass > 0 ? estimate.Select(e => e / mass).ToArray() : Enumerable.Repeat(1.0 / size, size).ToArray();
    }

    /// <summary>L1 distance between a pair's exact counts and what independence of the two noisy one-way marginals predicts.</summary>
    private static double IndependenceError(Marginal exact, double[] pa, double[] pb, double total)
    {
        double error = 0;
        for (var i = 0; i < pa.Length; i++)
            for (var j = 0; j < pb.Length; j++)
                error += Math.Abs(exact.Counts[i * pb.Length + j] - total * pa[i] * pb[j]);
        return error;
    }

    /// <summary>The child's weights given its parent's value: that parent value's row (or column) of the pair's consistent table.</summary>
    private static double[] Conditional(Marginal joint, double[] table, int parent, int parentValue)
    {
        var sizes = joint.Sizes;
        var parentFirst = joint.Columns[0] == parent;
        var childSize = parentFirst ? sizes[1] : sizes[0];
        var weights = new double[childSize];
        for (var c = 0; c < childSize; c++) weights[c] = table[parentFirst ? parentValue * sizes[1] + c : c * sizes[1] + parentValue];
        return weights;
    }

    /// <summary>Noisy counts as probabilities: negatives clipped, uniform when nothing is left.</summary>
    private static double[] Probabilities(long[] counts)
    {
        var weights = counts.Select(c => (double)Math.Max(0, c)).ToArray();
        if (weights.Sum() == 0) Array.Fill(weights, 1);
        var total = weights.Sum();
        return weights.Select(x => x / total).ToArray();
    }

    /// <summary>Pair cells under this many σ of their noise count as absent.</summary>
    internal static int FloorInSigmas(Fabrication mode) => mode switch
    {
        Fabrication.Allow => 0,
        Fabrication.Balanced => 1,
        _ => 2,
    };
}
