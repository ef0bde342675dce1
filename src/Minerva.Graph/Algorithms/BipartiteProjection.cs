namespace Minerva.Graph.Algorithms;

/// <summary>
/// Projects a two-mode graph onto one mode: nodes of the <c>keep</c> kinds are joined when they share neighbours
/// of the <c>via</c> kinds (e.g. entities sharing phones), weighted by how many they share. A via node with more
/// than <c>maxDegree</c> neighbours (a hub) is skipped: it would join everything to everything.
/// </summary>
public static class BipartiteProjection
{
    /// <summary>The projected graph (only kept nodes, keys and labels preserved) and the via nodes skipped as hubs.</summary>
    public static (Graph Graph, int SkippedHubs) Project(Graph graph, IReadOnlySet<NodeKind> keep, IReadOnlySet<NodeKind> via, int maxDegree = 1000)
    {
        var builder = new GraphBuilder();
        var map = new int[graph.NodeCount];
        for (var v = 0; v < graph.NodeCount; v++)
            map[v] = keep.Contains(graph.Kind(v)) ? builder.Node(graph.Kind(v), graph.Key(v), graph.Label(v)) : -1;
        var skipped = 0;
        var members = new List<int>();
        for (var v = 0; v < graph.NodeCount; v++)
        {
            if (!via.Contains(graph.Kind(v))) continue;
            members.Clear();
            foreach (var w in graph.Neighbors(v))
                if (map[w] >= 0) members.Add(map[w]);
            if (members.Count > maxDegree)
            {
                skipped++;
                continue;
            }
            for (var i = 0; i < members.Count; i++)
                for (var j = i + 1; j < members.Count; j++)
                    builder.Edge(members[i], members[j], EdgeKind.Shares);
        }
        return (builder.Build(), skipped);
    }
}
