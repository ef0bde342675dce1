namespace Minerva.Graph.Algorithms;

/// <summary>Nodes within <c>hops</c> of a start node, breadth first, optionally passing only through some node kinds.</summary>
public static class Neighborhood
{
    /// <summary>Each reached node with its distance in hops (the start at 0), nearest first.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="start">Start node.</param>
    /// <param name="hops">Largest distance, at least 0.</param>
    /// <param name="kinds">If given, only nodes of these kinds are visited (the start always is).</param>
    /// <param name="limit">Stop after this many nodes.</param>
    /// <exception cref="ArgumentOutOfRangeException">The start is not a node, or hops is negative.</exception>
    public static IReadOnlyList<(int Node, int Distance)> Within(Graph graph, int start, int hops, IReadOnlySet<NodeKind>? kinds = null, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hops);
        if (start < 0 || start >= graph.NodeCount) throw new ArgumentOutOfRangeException(nameof(start), start, "not a node of the graph");
        var seen = new HashSet<int> { start };
        var result = new List<(int, int)> { (start, 0) };
        var frontier = new List<int> { start };
        for (var d = 1; d <= hops && frontier.Count > 0 && result.Count < limit; d++)
        {
            var next = new List<int>();
            foreach (var node in frontier)
                foreach (var neighbour in graph.Neighbors(node))
                {
                    if (kinds is not null && !kinds.Contains(graph.Kind(neighbour))) continue;
                    if (!seen.Add(neighbour)) continue;
                    next.Add(neighbour);
                    result.Add((neighbour, d));
                    if (result.Count >= limit) return result;
                }
            frontier = next;
        }
        return result;
    }
}
