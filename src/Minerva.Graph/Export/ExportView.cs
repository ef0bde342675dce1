namespace Minerva.Graph.Export;

/// <summary>
/// What an export writes: a graph, optionally only some of its nodes (an entity's neighbourhood, a community; edges
/// are kept when both ends are), and extra per-node attributes such as community or PageRank.
/// </summary>
public sealed class ExportView
{
    /// <summary>A view of <paramref name="graph"/>.</summary>
    public ExportView(Graph graph, IReadOnlyCollection<int>? nodes = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? attributes = null)
    {
        Graph = graph;
        Nodes = nodes is null ? Enumerable.Range(0, graph.NodeCount).ToList() : nodes.Order().ToList();
        var included = new HashSet<int>(Nodes);
        Edges = graph.Edges().Where(e => nodes is null || (included.Contains(e.A) && included.Contains(e.B))).ToList();
        Attributes = attributes ?? new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>The graph.</summary>
    public Graph Graph { get; }

    /// <summary>Nodes written, in id order.</summary>
    public IReadOnlyList<int> Nodes { get; }

    /// <summary>Edges written.</summary>
    public IReadOnlyList<(int A, int B, float Weight, EdgeKind Kind)> Edges { get; }

    /// <summary>A numeric node attribute (PageRank, say) as the writers take it: six significant digits, invariant.</summary>
    public static IReadOnlyList<string> Numbers(IEnumerable<double> values) =>
        [.. values.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Extra node attributes by name, one value per graph node.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; }

    /// <summary>
    /// The XML type exports declare for an attribute: the metrics are numbers (so Gephi can size and colour by them),
    /// everything else text.
    /// </summary>
    public static string TypeOf(string attribute) => attribute switch
    {
        "community" or "degree" => "long",
        "pagerank" => "double",
        _ => "string",
    };

    /// <summary>Lower-case name of a kind, as exports write it.</summary>
    public static string Name(NodeKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Lower-case name of an edge kind.</summary>
    public static string Name(EdgeKind kind) => kind.ToString().ToLowerInvariant();
}
