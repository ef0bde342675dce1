namespace Minerva.Graph.Algorithms;

/// <summary>
/// Weighted PageRank on the undirected graph (each edge walkable both ways, in proportion to its weight), with
/// damping <c>d</c>; isolated nodes spread their rank evenly. Power iteration, parallel over nodes; scores sum to 1.
/// </summary>
public sealed class PageRank
{
    /// <summary>Runs at most <paramref name="iterations"/> iterations, stopping early when the L1 change falls below <paramref name="tolerance"/>.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="damping">Damping factor.</param>
    /// <param name="iterations">Most iterations.</param>
    /// <param name="tolerance">L1 change that ends the iterations.</param>
    /// <param name="progress">Told the share of the most iterations done, after each.</param>
    /// <exception cref="ArgumentOutOfRangeException">Damping outside (0, 1) or iterations below 1.</exception>
    public PageRank(Graph graph, double damping = 0.85, int iterations = 100, double tolerance = 1e-9, Action<double>? progress = null)
    {
        if (damping is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(damping), damping, "damping is between 0 and 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var n = graph.NodeCount;
        var rank = new double[n];
        var next = new double[n];
        var strength = new double[n];
        Parallel.For(0, n, v => strength[v] = graph.Strength(v));
        Array.Fill(rank, n == 0 ? 0 : 1.0 / n);
        var done = 0;
        var change = double.PositiveInfinity;
        while (done < iterations && change > tolerance && n > 0)
        {
            double dangling = 0;
            for (var v = 0; v < n; v++)
                if (strength[v] == 0) dangling += rank[v];
            var baseRank = (1 - damping) / n + damping * dangling / n;
            var current = rank;
            Parallel.For(0, n, v =>
            {
                double sum = 0;
                var neighbours = graph.Neighbors(v);
                var weights = graph.Weights(v);
                for (var i = 0; i < neighbours.Length; i++) sum += current[neighbours[i]] * weights[i] / strength[neighbours[i]];
                next[v] = baseRank + damping * sum;
            });
            change = 0;
            for (var v = 0; v < n; v++) change += Math.Abs(next[v] - rank[v]);
            (rank, next) = (next, rank);
            done++;
            progress?.Invoke(done / (double)iterations);
        }
        Scores = rank;
        Iterations = done;
    }

    /// <summary>Score of each node.</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>Iterations run.</summary>
    public int Iterations { get; }
}
