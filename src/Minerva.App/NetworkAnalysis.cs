using System.Globalization;
using System.Text;
using Minerva.Graph;
using Minerva.Graph.Algorithms;
using Minerva.Graph.Export;

namespace Minerva.App;

/// <summary>A network's size by kind and its connected components.</summary>
/// <param name="Nodes">Nodes.</param>
/// <param name="Edges">Edges.</param>
/// <param name="NodesByKind">Nodes by kind, in the kinds' order.</param>
/// <param name="EdgesByKind">Edges by kind, in the kinds' order.</param>
/// <param name="Components">Connected components.</param>
/// <param name="ComponentsWithEdges">Components of more than one node.</param>
/// <param name="LargestComponent">Nodes of the largest.</param>
public sealed record NetworkStats(int Nodes, long Edges, IReadOnlyDictionary<string, int> NodesByKind, IReadOnlyDictionary<string, long> EdgesByKind,
    int Components, int ComponentsWithEdges, int LargestComponent);

/// <summary>A node found near another.</summary>
/// <param name="Node">Its key.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Label">Its label.</param>
/// <param name="Distance">Hops from the start.</param>
public sealed record NearNode(string Node, string Kind, string Label, int Distance);

/// <summary>A step of a path; the first has no edge.</summary>
/// <param name="Node">The node's key.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Label">Its label.</param>
/// <param name="Via">The kind of the edge from the step before, or null for the first.</param>
/// <param name="Weight">That edge's weight, or null for the first.</param>
public sealed record PathStep(string Node, string Kind, string Label, string? Via, float? Weight);

/// <summary>A path between two nodes as found.</summary>
/// <param name="From">The start's node key (the user may have named it by record key or entity id).</param>
/// <param name="To">The end's node key.</param>
/// <param name="Steps">The steps from start to end, or none when the two are not connected.</param>
public sealed record NetworkPath(string From, string To, IReadOnlyList<PathStep> Steps);

/// <summary>A node by its centrality.</summary>
/// <param name="Node">Its key.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Label">Its label.</param>
/// <param name="Score">Its score by the measure asked for.</param>
/// <param name="Degree">Its edges.</param>
public sealed record CentralNode(string Node, string Kind, string Label, double Score, int Degree);

/// <summary>The most central nodes.</summary>
/// <param name="Nodes">Best first.</param>
/// <param name="Note">How the scores were estimated, when they were (betweenness on a large graph), or empty.</param>
public sealed record CentralNodes(IReadOnlyList<CentralNode> Nodes, string Note);

/// <summary>A community of the Louvain method.</summary>
/// <param name="Community">Its number (0 the largest).</param>
/// <param name="Nodes">Its nodes.</param>
/// <param name="Kinds">Its nodes by kind, most first.</param>
/// <param name="Central">Its three best-connected nodes.</param>
public sealed record CommunityView(int Community, int Nodes, IReadOnlyDictionary<string, int> Kinds, IReadOnlyList<string> Central);

/// <summary>What of the network an export holds.</summary>
/// <param name="Around">Only this node's neighbourhood (record key, E12 or node key), or null for all.</param>
/// <param name="Hops">The neighbourhood's size.</param>
/// <param name="Community">Only this Louvain community, or null.</param>
/// <param name="Metrics">Whether to add community, PageRank and degree to every node.</param>
public sealed record ExportSelection(string? Around, int Hops, int? Community, bool Metrics);

/// <summary>
/// The network use cases over a graph — whether built from a workspace (<see cref="Network.FromWorkspace"/>) or read from
/// an edge list: its size, a node's neighbours, the strongest chain of evidence between two nodes, centrality, communities,
/// and exports for Gephi, yEd, spreadsheets and FollowTheMoney tools. Long steps report progress through the callbacks.
/// </summary>
public static class NetworkAnalysis
{
    /// <summary>The formats <see cref="Write"/> writes.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["graphml", "gexf", "csv", "ftm"];

    /// <summary>Nodes and edges by kind, and connected components.</summary>
    public static NetworkStats Stats(Minerva.Graph.Graph graph)
    {
        var components = new ConnectedComponents(graph);
        return new NetworkStats(graph.NodeCount, graph.EdgeCount,
            Enumerable.Range(0, graph.NodeCount).GroupBy(graph.Kind).OrderBy(k => k.Key).ToDictionary(k => Network.KindName(k.Key), k => k.Count()),
            graph.Edges().GroupBy(e => e.Kind).OrderBy(k => k.Key).ToDictionary(k => k.Key.ToString().ToLowerInvariant(), k => k.LongCount()),
            components.Count, components.Sizes.Count(s => s > 1), components.Sizes.FirstOrDefault());
    }

    /// <summary>Nodes within <paramref name="hops"/> of <paramref name="node"/>, passing only through <paramref name="kinds"/> when given.</summary>
    /// <exception cref="BadRequestException">The node is not in the network.</exception>
    public static IReadOnlyList<NearNode> Neighbours(Minerva.Graph.Graph graph, string node, int hops, string? kinds, int limit) =>
        [.. Neighborhood.Within(graph, Network.Resolve(graph, node), Math.Max(0, hops), Kinds(kinds), limit)
            .Select(f => new NearNode(graph.Key(f.Node), Network.KindName(graph.Kind(f.Node)), graph.Label(f.Node), f.Distance))];

    /// <summary>The strongest chain of evidence between two nodes (or the fewest hops); no steps when they are not connected.</summary>
    /// <exception cref="BadRequestException">A node is not in the network.</exception>
    public static NetworkPath Path(Minerva.Graph.Graph graph, string from, string to, bool shortest)
    {
        var (a, b) = (Network.Resolve(graph, from), Network.Resolve(graph, to));
        var path = shortest ? Paths.Shortest(graph, a, b) : Paths.Strongest(graph, a, b);
        return new NetworkPath(graph.Key(a), graph.Key(b), [.. path.Select((n, i) =>
        {
            var edge = i == 0 ? null : graph.Edge(path[i - 1], n);
            return new PathStep(graph.Key(n), Network.KindName(graph.Kind(n)), graph.Label(n), edge?.Kind.ToString().ToLowerInvariant(), edge?.Weight);
        })]);
    }

    /// <summary>The <paramref name="limit"/> most central nodes of <paramref name="kinds"/> (all when null) by pagerank,
    /// degree or betweenness (sampled from <paramref name="samples"/> sources on larger graphs).</summary>
    /// <exception cref="BadRequestException">The measure is not one of the three.</exception>
    public static CentralNodes Central(Minerva.Graph.Graph graph, string measure, int limit, string? kinds, int samples, Action<double>? progress = null)
    {
        var note = "";
        IReadOnlyList<double> scores;
        switch (measure)
        {
            case "degree":
                scores = Enumerable.Range(0, graph.NodeCount).Select(v => (double)graph.Degree(v)).ToArray();
                break;
            case "betweenness":
                var b = new Betweenness(graph, samples, seed: 1, progress: progress);
                scores = b.Scores;
                if (!b.Exact) note = $"estimated from {samples:N0} sampled sources (relative error of the top scores about 1/√samples)";
                break;
            case "pagerank":
                scores = new PageRank(graph, progress: progress).Scores;
                break;
            default:
                throw new BadRequestException($"'{measure}' is not a centrality: pagerank, degree or betweenness");
        }
        var filter = Kinds(kinds);
        return new CentralNodes([.. Enumerable.Range(0, graph.NodeCount).Where(v => filter is null || filter.Contains(graph.Kind(v)))
            .OrderByDescending(v => scores[v]).ThenBy(v => v).Take(limit)
            .Select(v => new CentralNode(graph.Key(v), Network.KindName(graph.Kind(v)), graph.Label(v), scores[v], graph.Degree(v)))], note);
    }

    /// <summary>The first <paramref name="limit"/> communities of a Louvain partition, each with its kinds and best-connected nodes.</summary>
    public static IReadOnlyList<CommunityView> Communities(Minerva.Graph.Graph graph, Louvain louvain, int limit) =>
        [.. Enumerable.Range(0, graph.NodeCount).GroupBy(v => louvain.Community[v]).OrderBy(c => c.Key).Take(limit)
            .Select(c => new CommunityView(c.Key, c.Count(),
                c.GroupBy(graph.Kind).OrderByDescending(k => k.Count()).ToDictionary(k => Network.KindName(k.Key), k => k.Count()),
                [.. c.OrderByDescending(graph.Degree).ThenBy(v => v).Take(3).Select(graph.Key)]))];

    /// <summary>What of the network an export holds, with the attributes asked for. <paramref name="louvain"/> is the partition,
    /// needed when a community or metrics are asked for.</summary>
    /// <exception cref="BadRequestException">The node or the community is not in the network.</exception>
    public static ExportView Select(Minerva.Graph.Graph graph, ExportSelection selection, Louvain? louvain, Action<double>? progress = null)
    {
        if ((selection.Metrics || selection.Community is not null) && louvain is null) throw new ArgumentException("a community or metrics need the partition", nameof(louvain));
        IReadOnlyCollection<int>? nodes = null;
        if (selection.Around is { } center)
            nodes = Neighborhood.Within(graph, Network.Resolve(graph, center), Math.Max(0, selection.Hops)).Select(n => n.Node).ToList();
        if (selection.Community is { } c)
        {
            var members = Enumerable.Range(0, graph.NodeCount).Where(v => louvain!.Community[v] == c).ToList();
            if (members.Count == 0) throw new BadRequestException($"no community {c}; there are {louvain!.Count} (0 is the largest)");
            nodes = nodes is null ? members : nodes.Intersect(members).ToList();
        }
        var attributes = new Dictionary<string, IReadOnlyList<string>>();
        if (selection.Metrics)
        {
            var pagerank = new PageRank(graph, progress: progress).Scores;
            attributes["community"] = louvain!.Community.Select(x => x.ToString(CultureInfo.InvariantCulture)).ToList();
            attributes["pagerank"] = ExportView.Numbers(pagerank);
            attributes["degree"] = Enumerable.Range(0, graph.NodeCount).Select(v => graph.Degree(v).ToString(CultureInfo.InvariantCulture)).ToList();
        }
        return new ExportView(graph, nodes, attributes);
    }

    /// <summary>The files an export to <paramref name="path"/> writes: one, or for csv the edges and the nodes beside them.</summary>
    /// <exception cref="BadRequestException">The format is unknown.</exception>
    public static IReadOnlyList<string> Files(string path, string format) => format switch
    {
        "csv" => [path, System.IO.Path.ChangeExtension(path, null) + ".nodes.csv"],
        _ when Formats.Contains(format) => [path],
        _ => throw new BadRequestException($"'{format}' is not an export format: {string.Join(", ", Formats)}"),
    };

    /// <summary>Writes <paramref name="view"/> in <paramref name="format"/> to the streams of <see cref="Files"/>.</summary>
    public static void Write(ExportView view, string format, IReadOnlyList<Stream> streams)
    {
        var utf8 = new UTF8Encoding(false);
        switch (format)
        {
            case "graphml": GraphMlWriter.Write(view, streams[0]); break;
            case "gexf": GexfWriter.Write(view, streams[0]); break;
            case "ftm":
                using (var writer = new StreamWriter(streams[0], utf8, leaveOpen: true)) FtmWriter.Write(view, writer);
                break;
            case "csv":
                using (var edgesWriter = new StreamWriter(streams[0], utf8, leaveOpen: true))
                using (var nodesWriter = new StreamWriter(streams[1], utf8, leaveOpen: true))
                    CsvGraphWriter.Write(view, edgesWriter, nodesWriter);
                break;
            default: throw new BadRequestException($"'{format}' is not an export format: {string.Join(", ", Formats)}");
        }
    }

    /// <summary>Node kinds from a comma-separated list, or null (every kind) when empty.</summary>
    /// <exception cref="BadRequestException">A kind is unknown.</exception>
    public static HashSet<NodeKind>? Kinds(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Network.Kind).ToHashSet();
}
