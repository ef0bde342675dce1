namespace Minerva.Graph.Algorithms;

/// <summary>
/// Community detection by the Louvain method (Blondel et al. 2008) on edge weights: nodes move greedily to the
/// neighbouring community with the best modularity gain until none improves, communities are merged into single
/// nodes, and the two phases repeat while modularity rises. Nodes are visited in id order, so results are
/// deterministic. Communities are numbered by size, largest first.
/// </summary>
public sealed class Louvain
{
    /// <summary>Finds communities; <paramref name="resolution"/> above 1 favours smaller ones.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="resolution">Resolution parameter.</param>
    /// <param name="level">Told each level done, with the communities it left (how many levels there will be is not known ahead).</param>
    public Louvain(Graph graph, double resolution = 1.0, Action<int, int>? level = null)
    {
        var current = Level.From(graph);
        var membership = Enumerable.Range(0, graph.NodeCount).ToArray();
        while (true)
        {
            var (community, moved) = current.MoveNodes(resolution);
            var count = Renumber(community);
            for (var v = 0; v < membership.Length; v++) membership[v] = community[membership[v]];
            Levels++;
            level?.Invoke(Levels, count);
            if (!moved || count == current.Count) break;
            current = current.Aggregate(community, count);
        }
        var sizes = membership.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var order = sizes.Keys.OrderByDescending(c => sizes[c]).ThenBy(c => Array.IndexOf(membership, c)).ToList();
        var rank = order.Select((c, r) => (c, r)).ToDictionary(x => x.c, x => x.r);
        Community = membership.Select(c => rank[c]).ToArray();
        Count = order.Count;
        Modularity = ModularityOf(graph, Community, resolution);
    }

    /// <summary>Community of each node.</summary>
    public IReadOnlyList<int> Community { get; }

    /// <summary>Number of communities.</summary>
    public int Count { get; }

    /// <summary>Modularity of the partition (on edge weights).</summary>
    public double Modularity { get; }

    /// <summary>Aggregation levels run.</summary>
    public int Levels { get; }

    /// <summary>Modularity Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ] of any partition.</summary>
    public static double ModularityOf(Graph graph, IReadOnlyList<int> community, double resolution = 1.0)
    {
        var m2 = 2 * graph.TotalWeight;
        if (m2 == 0) return 0;
        var inside = new Dictionary<int, double>();
        var total = new Dictionary<int, double>();
        for (var v = 0; v < graph.NodeCount; v++)
        {
            var c = community[v];
            var neighbours = graph.Neighbors(v);
            var weights = graph.Weights(v);
            for (var i = 0; i < neighbours.Length; i++)
            {
                total[c] = total.GetValueOrDefault(c) + weights[i];
                if (community[neighbours[i]] == c) inside[c] = inside.GetValueOrDefault(c) + weights[i];
            }
        }
        return total.Keys.Sum(c => inside.GetValueOrDefault(c) / m2 - resolution * Math.Pow(total[c] / m2, 2));
    }

    private static int Renumber(int[] community)
    {
        var map = new Dictionary<int, int>();
        for (var i = 0; i < community.Length; i++)
        {
            if (!map.TryGetValue(community[i], out var id)) map[community[i]] = id = map.Count;
            community[i] = id;
        }
        return map.Count;
    }

    /// <summary>One level of the hierarchy: a weighted graph with self-loops (the weight inside merged communities).</summary>
    private sealed class Level(int[] offsets, int[] targets, double[] weights, double[] self)
    {
        public int Count => self.Length;

        public static Level From(Graph graph)
        {
            var n = graph.NodeCount;
            var offsets = new int[n + 1];
            for (var v = 0; v < n; v++) offsets[v + 1] = offsets[v] + graph.Degree(v);
            var targets = new int[offsets[n]];
            var weights = new double[offsets[n]];
            for (var v = 0; v < n; v++)
            {
                graph.Neighbors(v).CopyTo(targets.AsSpan(offsets[v]));
                var w = graph.Weights(v);
                for (var i = 0; i < w.Length; i++) weights[offsets[v] + i] = w[i];
            }
            return new Level(offsets, targets, weights, new double[n]);
        }

        /// <summary>Phase one: greedy local moves. Returns each node's community and whether any node moved.</summary>
        public (int[] Community, bool Moved) MoveNodes(double resolution)
        {
            var n = Count;
            var degree = new double[n];
            double m2 = 0;
            for (var v = 0; v < n; v++)
            {
                for (var i = offsets[v]; i < offsets[v + 1]; i++) degree[v] += weights[i];
                degree[v] += 2 * self[v];
                m2 += degree[v];
            }
            var community = Enumerable.Range(0, n).ToArray();
            var total = (double[])degree.Clone();
            var toCommunity = new double[n];
            var touched = new List<int>();
            var movedAny = false;
            if (m2 == 0) return (community, false);
            bool moved;
            var passes = 0;
            do
            {
                moved = false;
                for (var v = 0; v < n; v++)
                {
                    var current = community[v];
                    foreach (var c in touched) toCommunity[c] = 0;
                    touched.Clear();
                    for (var i = offsets[v]; i < offsets[v + 1]; i++)
                    {
                        var c = community[targets[i]];
                        if (toCommunity[c] == 0) touched.Add(c);
                        toCommunity[c] += weights[i];
                    }
                    total[current] -= degree[v];
                    var best = current;
                    var bestGain = toCommunity[current] - resolution * total[current] * degree[v] / m2;
                    foreach (var c in touched)
                    {
                        var gain = toCommunity[c] - resolution * total[c] * degree[v] / m2;
                        if (gain > bestGain + 1e-12 || (Math.Abs(gain - bestGain) <= 1e-12 && c < best && gain > 0)) (best, bestGain) = (c, gain);
                    }
                    total[best] += degree[v];
                    if (best == current) continue;
                    community[v] = best;
                    moved = movedAny = true;
                }
            }
            while (moved && ++passes < 100);
            return (community, movedAny);
        }

        /// <summary>Phase two: one node per community; edges between communities summed, edges inside become self-loops.</summary>
        public Level Aggregate(int[] community, int count)
        {
            var self2 = new double[count];
            var edges = new Dictionary<(int, int), double>();
            for (var v = 0; v < Count; v++)
            {
                var cv = community[v];
                self2[cv] += self[v];
                for (var i = offsets[v]; i < offsets[v + 1]; i++)
                {
                    var cw = community[targets[i]];
                    if (cw == cv) self2[cv] += weights[i] / 2; // each inside edge is seen from both ends
                    else edges[(cv, cw)] = edges.GetValueOrDefault((cv, cw)) + weights[i];
                }
            }
            var offsets2 = new int[count + 1];
            foreach (var ((a, _), _) in edges) offsets2[a + 1]++;
            for (var c = 0; c < count; c++) offsets2[c + 1] += offsets2[c];
            var fill = offsets2[..count];
            var targets2 = new int[edges.Count];
            var weights2 = new double[edges.Count];
            foreach (var ((a, b), w) in edges.OrderBy(e => e.Key))
            {
                targets2[fill[a]] = b;
                weights2[fill[a]++] = w;
            }
            return new Level(offsets2, targets2, weights2, self2);
        }
    }
}
