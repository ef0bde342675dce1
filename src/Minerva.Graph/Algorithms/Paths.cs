namespace Minerva.Graph.Algorithms;

/// <summary>
/// Paths between two nodes: the shortest (fewest hops, breadth first) and the highest-evidence one — the path
/// whose weakest links are strongest, found by Dijkstra on cost 1/weight per edge, so a chain of strong links
/// beats a shortcut through a weak one.
/// </summary>
public static class Paths
{
    /// <summary>Fewest-hop path from <paramref name="from"/> to <paramref name="to"/> (both included), or empty when unreachable.</summary>
    public static IReadOnlyList<int> Shortest(Graph graph, int from, int to)
    {
        Check(graph, from, to);
        var previous = new int[graph.NodeCount];
        Array.Fill(previous, -1);
        previous[from] = from;
        var queue = new Queue<int>([from]);
        while (queue.Count > 0 && previous[to] < 0)
        {
            var node = queue.Dequeue();
            foreach (var next in graph.Neighbors(node))
            {
                if (previous[next] >= 0) continue;
                previous[next] = node;
                queue.Enqueue(next);
            }
        }
        return Trace(previous, from, to);
    }

    /// <summary>Path minimising the sum of 1/weight over its edges (strong evidence is cheap), or empty when unreachable.</summary>
    public static IReadOnlyList<int> Strongest(Graph graph, int from, int to)
    {
        Check(graph, from, to);
        var cost = new double[graph.NodeCount];
        Array.Fill(cost, double.PositiveInfinity);
        var previous = new int[graph.NodeCount];
        Array.Fill(previous, -1);
        cost[from] = 0;
        previous[from] = from;
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(from, 0);
        while (queue.TryDequeue(out var node, out var c))
        {
            if (c > cost[node]) continue;
            if (node == to) break;
            var neighbours = graph.Neighbors(node);
            var weights = graph.Weights(node);
            for (var i = 0; i < neighbours.Length; i++)
            {
                var next = neighbours[i];
                var candidate = c + 1.0 / weights[i];
                if (candidate >= cost[next]) continue;
                cost[next] = candidate;
                previous[next] = node;
                queue.Enqueue(next, candidate);
            }
        }
        return Trace(previous, from, to);
    }

    private static List<int> Trace(int[] previous, int from, int to)
    {
        if (previous[to] < 0) return [];
        var path = new List<int> { to };
        for (var node = to; node != from; node = previous[node]) path.Add(previous[node]);
        path.Reverse();
        return path;
    }

    private static void Check(Graph graph, int from, int to)
    {
        if (from < 0 || from >= graph.NodeCount) throw new ArgumentOutOfRangeException(nameof(from), from, "not a node of the graph");
        if (to < 0 || to >= graph.NodeCount) throw new ArgumentOutOfRangeException(nameof(to), to, "not a node of the graph");
    }
}
