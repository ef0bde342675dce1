namespace Minerva.Graph.Algorithms;

/// <summary>
/// Betweenness centrality on hop distances by Brandes' algorithm, for the undirected graph (each pair counted
/// once, not normalised). Exact when every node is a source; otherwise <c>samples</c> sources drawn at random
/// (seeded) and the sums scaled by n/samples — an unbiased estimate whose relative error for a node of high
/// betweenness shrinks like 1/√samples (Brandes and Pich 2007); the figure is for ranking, not for citing.
/// </summary>
public sealed class Betweenness
{
    /// <summary>Computes betweenness; with <paramref name="samples"/> below the node count it is estimated.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="samples">Sources to sample when the graph has more nodes.</param>
    /// <param name="seed">Seed of the sample.</param>
    /// <param name="progress">Told the share of sources done, about every 1 %, from worker threads.</param>
    public Betweenness(Graph graph, int samples = int.MaxValue, int seed = 1, Action<double>? progress = null)
    {
        var n = graph.NodeCount;
        var sources = Enumerable.Range(0, n).ToArray();
        Exact = samples >= n;
        if (!Exact)
        {
            new Random(seed).Shuffle(sources);
            sources = sources[..samples];
        }
        var scores = new double[n];
        var gate = new object();
        var done = 0;
        var step = Math.Max(1, sources.Length / 100);
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, sources.Length), () => new double[n], (range, _, local) =>
        {
            var sigma = new double[n];
            var distance = new int[n];
            var delta = new double[n];
            var stack = new int[n];
            var queue = new int[n];
            for (var s = range.Item1; s < range.Item2; s++)
            {
                Accumulate(graph, sources[s], sigma, distance, delta, stack, queue, local);
                if (progress is not null && Interlocked.Increment(ref done) is var d && d % step == 0) progress(d / (double)sources.Length);
            }
            return local;
        }, local =>
        {
            lock (gate)
                for (var v = 0; v < n; v++) scores[v] += local[v];
        });
        var scale = (Exact ? 1.0 : (double)n / sources.Length) / 2; // each undirected pair was counted from both ends
        Scores = scores.Select(s => s * scale).ToArray();
    }

    /// <summary>Betweenness of each node.</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>Whether every node was a source.</summary>
    public bool Exact { get; }

    private static void Accumulate(Graph graph, int source, double[] sigma, int[] distance, double[] delta, int[] stack, int[] queue, double[] scores)
    {
        Array.Fill(sigma, 0);
        Array.Fill(distance, -1);
        Array.Fill(delta, 0);
        sigma[source] = 1;
        distance[source] = 0;
        int head = 0, tail = 0, top = 0;
        queue[tail++] = source;
        while (head < tail)
        {
            var v = queue[head++];
            stack[top++] = v;
            foreach (var w in graph.Neighbors(v))
            {
                if (distance[w] < 0)
                {
                    distance[w] = distance[v] + 1;
                    queue[tail++] = w;
                }
                if (distance[w] == distance[v] + 1) sigma[w] += sigma[v];
            }
        }
        while (top > 0)
        {
            var w = stack[--top];
            foreach (var v in graph.Neighbors(w))
                if (distance[v] == distance[w] - 1) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
            if (w != source) scores[w] += delta[w];
        }
    }
}
