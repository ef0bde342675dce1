using Minerva.Graph;
using Minerva.Graph.Algorithms;
using Minerva.Storage;

namespace Minerva.App;

/// <summary>A node of a link chart: a record, entity, selector, place or photo.</summary>
/// <param name="Key">Its key (<c>record:gen:ad-1</c>, <c>entity:E12</c>, <c>phone:+1…</c>).</param>
/// <param name="Kind">record, entity, phone, email, handle, location, image, …</param>
/// <param name="Label">What to call it.</param>
/// <param name="Degree">How many neighbours it has in the whole network (what expanding it could add).</param>
/// <param name="Centrality">Its PageRank in the whole network, times the number of nodes (1 is average; a hub is far above).</param>
public sealed record ChartNode(string Key, string Kind, string Label, int Degree, double Centrality);

/// <summary>An edge of a link chart.</summary>
/// <param name="A">One end's key.</param>
/// <param name="B">The other end's key.</param>
/// <param name="Kind">member, has, linked, located_in, resembles.</param>
/// <param name="Weight">Its strength: 1/log2(1 + holders) for a shared value, the summed link weight between entities.</param>
public sealed record ChartEdge(string A, string B, string Kind, double Weight);

/// <summary>The communities of the nodes on a chart.</summary>
/// <param name="Community">Per shown key found in the network, its community number (0 the largest community).</param>
/// <param name="Count">How many communities.</param>
/// <param name="Modularity">Louvain's modularity of the split (0 none, towards 1 clearly separate groups).</param>
public sealed record ChartCommunities(IReadOnlyDictionary<string, int> Community, int Count, double Modularity);

/// <summary>What to add to a chart.</summary>
/// <param name="Node">The node to expand: a node key, a record key or an entity id.</param>
/// <param name="Kinds">Only neighbours of these kinds (null: all).</param>
/// <param name="Limit">Most neighbours to add, strongest edges first.</param>
/// <param name="Shown">Keys already on the chart: edges from the new nodes to them are included.</param>
public sealed record ExpandRequest(string Node, IReadOnlyList<string>? Kinds = null, int Limit = 100, IReadOnlyList<string>? Shown = null);

/// <summary>Nodes and edges to add to a chart.</summary>
/// <param name="Nodes">The nodes (the expanded one first).</param>
/// <param name="Edges">Every edge between these nodes and those already shown.</param>
/// <param name="LeftOut">Neighbours not added because of the limit or the kinds.</param>
/// <param name="Path">For a path: its node keys in order; otherwise empty.</param>
public sealed record ChartView(IReadOnlyList<ChartNode> Nodes, IReadOnlyList<ChartEdge> Edges, int LeftOut, IReadOnlyList<string> Path);

/// <summary>
/// Link charts over the workspace's network (<see cref="Network"/>): expand a node by kind, the strongest evidence path
/// between two nodes. The network is built once and rebuilt when a resolution or a decision has been stored since.
/// </summary>
public sealed class Charts(IWorkspace workspace, Action<string, string, string> audited)
{
    /// <summary>Most neighbours one expansion may add.</summary>
    public const int MaxLimit = 2_000;

    /// <summary>Most keys a request may say are shown.</summary>
    public const int MaxShown = 20_000;

    private Minerva.Graph.Graph? _graph;
    private double[]? _centrality;
    private (long? Resolution, int Decisions) _builtFor;

    /// <summary>The nodes shown on a chart, and the edges between them, as GEXF 1.3 for Gephi (with each node's PageRank).</summary>
    /// <exception cref="BadRequestException">More keys than <see cref="MaxShown"/>, or none the network has.</exception>
    public byte[] Gexf(IReadOnlyList<string> shown) => Gexf(shown, audit: true);

    /// <summary>As <see cref="Gexf(IReadOnlyList{string})"/>, audited unless the caller audits the export itself.</summary>
    internal byte[] Gexf(IReadOnlyList<string> shown, bool audit)
    {
        var graph = Graph();
        var nodes = ShownNodes(graph, shown);
        if (nodes.Count == 0) throw new BadRequestException("none of the shown keys is a node of the network");
        if (audit) audited("export", "chart", $"{nodes.Count:N0} nodes (gexf)");
        var pagerank = Minerva.Graph.Export.ExportView.Numbers(Centrality().Select(c => c / graph.NodeCount)); // as graph export --metrics writes it
        using var output = new MemoryStream();
        Minerva.Graph.Export.GexfWriter.Write(new Minerva.Graph.Export.ExportView(graph, nodes, new Dictionary<string, IReadOnlyList<string>> { ["pagerank"] = pagerank }), output);
        return output.ToArray();
    }

    /// <summary>The node and its neighbours.</summary>
    /// <exception cref="BadRequestException">No such node, an unknown kind, or a limit out of range.</exception>
    public ChartView Expand(ExpandRequest request)
    {
        if (request.Limit is < 1 or > MaxLimit) throw new BadRequestException($"limit must be between 1 and {MaxLimit:N0}, not {request.Limit}");
        var graph = Graph();
        var shown = ShownNodes(graph, request.Shown);
        var center = Network.Resolve(graph, request.Node);
        var kinds = request.Kinds is null or { Count: 0 } ? null : request.Kinds.Select(Network.Kind).ToHashSet();
        var neighbours = graph.Neighbors(center).ToArray();
        var weights = graph.Weights(center).ToArray();
        var candidates = neighbours.Zip(weights, (node, weight) => (Node: node, Weight: weight)).Where(n => !shown.Contains(n.Node)).ToList();
        var added = candidates.Where(n => kinds is null || kinds.Contains(graph.Kind(n.Node)))
            .OrderByDescending(n => n.Weight).ThenBy(n => graph.Key(n.Node), StringComparer.Ordinal).Take(request.Limit).Select(n => n.Node).ToList();
        var nodes = new List<int> { center };
        nodes.AddRange(added.Where(n => n != center));
        return View(graph, Centrality(), nodes, shown, candidates.Count - added.Count, []);
    }

    /// <summary>The strongest evidence path between two nodes (each edge costs 1/weight: rare shared values are cheap).</summary>
    /// <exception cref="BadRequestException">No such node, or the two are not connected.</exception>
    public ChartView Path(string from, string to)
    {
        var graph = Graph();
        var (a, b) = (Network.Resolve(graph, from), Network.Resolve(graph, to));
        var path = Paths.Strongest(graph, a, b);
        if (path.Count == 0) throw new BadRequestException($"{graph.Key(a)} and {graph.Key(b)} are not connected");
        return View(graph, Centrality(), [.. path], [], 0, [.. path.Select(graph.Key)]);
    }

    /// <summary>
    /// Communities among the nodes on a chart: Louvain over the network the chart shows (those nodes and the edges between
    /// them), not over the whole workspace, so the groups are the ones the investigator sees. Numbered largest first.
    /// </summary>
    /// <exception cref="BadRequestException">More keys than <see cref="MaxShown"/>.</exception>
    public ChartCommunities Communities(IReadOnlyList<string> shown)
    {
        var graph = Graph();
        var nodes = ShownNodes(graph, shown).Order().ToList();
        if (nodes.Count == 0) return new ChartCommunities(new Dictionary<string, int>(), 0, 0);
        var builder = new GraphBuilder();
        var local = nodes.ToDictionary(n => n, n => builder.Node(graph.Kind(n), graph.Key(n), graph.Label(n)));
        foreach (var n in nodes)
        {
            var neighbours = graph.Neighbors(n);
            var weights = graph.Weights(n);
            var kinds = graph.EdgeKinds(n);
            for (var i = 0; i < neighbours.Length; i++)
                if (neighbours[i] > n && local.TryGetValue(neighbours[i], out var other)) builder.Edge(local[n], other, kinds[i], weights[i]);
        }
        var sub = builder.Build();
        var louvain = new Louvain(sub);
        var rank = Enumerable.Range(0, sub.NodeCount).GroupBy(v => louvain.Community[v]).OrderByDescending(g => g.Count()).ThenBy(g => g.Min())
            .Select((g, i) => (g.Key, Rank: i)).ToDictionary(g => g.Key, g => g.Rank);
        return new ChartCommunities(Enumerable.Range(0, sub.NodeCount).ToDictionary(sub.Key, v => rank[louvain.Community[v]], StringComparer.Ordinal),
            louvain.Count, louvain.Modularity);
    }

    private static ChartView View(Minerva.Graph.Graph graph, double[] centrality, List<int> nodes, HashSet<int> shown, int leftOut, IReadOnlyList<string> path)
    {
        var inView = nodes.ToHashSet();
        var edges = new List<ChartEdge>();
        foreach (var node in nodes)
        {
            var neighbours = graph.Neighbors(node);
            var weights = graph.Weights(node);
            var kinds = graph.EdgeKinds(node);
            for (var i = 0; i < neighbours.Length; i++)
            {
                var other = neighbours[i];
                // Each edge once: between two new nodes from the lower id; to a shown node always.
                if ((inView.Contains(other) && other > node) || (shown.Contains(other) && !inView.Contains(other)))
                    edges.Add(new ChartEdge(graph.Key(node), graph.Key(other), EdgeName(kinds[i]), weights[i]));
            }
        }
        return new ChartView([.. nodes.Select(n => Node(graph, centrality, n))], edges, leftOut, path);
    }

    /// <summary>The nodes of the keys a chart shows; keys the network no longer has are left out.</summary>
    /// <exception cref="BadRequestException">More keys than <see cref="MaxShown"/>.</exception>
    private static HashSet<int> ShownNodes(Minerva.Graph.Graph graph, IReadOnlyList<string>? keys) =>
        keys is { Count: > MaxShown } ? throw new BadRequestException($"at most {MaxShown:N0} shown nodes, not {keys.Count:N0}")
        : (keys ?? []).Select(graph.Find).Where(n => n >= 0).ToHashSet();

    private static ChartNode Node(Minerva.Graph.Graph graph, double[] centrality, int node) =>
        new(graph.Key(node), Network.KindName(graph.Kind(node)), graph.Label(node), graph.Degree(node), Math.Round(centrality[node], 3));

    /// <summary>PageRank over the whole network, times its node count, computed once per build of the network (the first
    /// chart pays for it). 20 iterations are enough to size nodes by: 3.9 s on a 1M-node, 10M-edge network (the graph
    /// benchmark), where converging to 10⁻⁹ could take five times as long.</summary>
    private double[] Centrality()
    {
        var graph = Graph();
        return _centrality ??= [.. new PageRank(graph, iterations: 20).Scores.Select(score => score * graph.NodeCount)];
    }

    private static string EdgeName(EdgeKind kind) => kind switch
    {
        EdgeKind.LocatedIn => "located_in",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private Minerva.Graph.Graph Graph()
    {
        // Rebuilt when a resolution or a decision has been stored since (new records join the chart with the resolution
        // that follows their ingest; counting the records on every request would cost a scan of the table).
        var state = (workspace.GetLatestResolution()?.Id, workspace.GetDecisions().Count);
        if (_graph is null || state != _builtFor) (_graph, _centrality, _builtFor) = (Network.FromWorkspace(workspace), null, state);
        return _graph;
    }
}
