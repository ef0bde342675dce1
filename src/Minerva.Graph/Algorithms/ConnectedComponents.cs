namespace Minerva.Graph.Algorithms;

/// <summary>Connected components by breadth-first search: component ids are numbered by size, largest first (ties by smallest node).</summary>
public sealed class ConnectedComponents
{
    /// <summary>Computes the components of <paramref name="graph"/>.</summary>
    public ConnectedComponents(Graph graph)
    {
        var n = graph.NodeCount;
        var raw = new int[n];
        Array.Fill(raw, -1);
        var queue = new int[n];
        var sizes = new List<int>();
        for (var start = 0; start < n; start++)
        {
            if (raw[start] >= 0) continue;
            var id = sizes.Count;
            int head = 0, tail = 0;
            queue[tail++] = start;
            raw[start] = id;
            while (head < tail)
            {
                var node = queue[head++];
                foreach (var next in graph.Neighbors(node))
                {
                    if (raw[next] >= 0) continue;
                    raw[next] = id;
                    queue[tail++] = next;
                }
            }
            sizes.Add(tail);
        }
        // Renumber so component 0 is the largest; stable on first-seen order (smallest node) for ties.
        var order = Enumerable.Range(0, sizes.Count).OrderByDescending(c => sizes[c]).ThenBy(c => c).ToArray();
        var rank = new int[order.Length];
        for (var r = 0; r < order.Length; r++) rank[order[r]] = r;
        Component = raw.Select(c => rank[c]).ToArray();
        Sizes = order.Select(c => sizes[c]).ToArray();
    }

    /// <summary>Component of each node.</summary>
    public IReadOnlyList<int> Component { get; }

    /// <summary>Size of each component, largest first.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>Number of components.</summary>
    public int Count => Sizes.Count;
}
