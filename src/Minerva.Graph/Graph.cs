namespace Minerva.Graph;

/// <summary>
/// An immutable undirected multigraph-free graph in compressed sparse rows: node i's neighbours are
/// <c>Targets[Offsets[i]..Offsets[i+1]]</c>, each edge stored once per direction with its weight and kind.
/// Nodes carry a kind, a unique key (e.g. <c>phone:+15551234567</c>) and a label. Build with <see cref="GraphBuilder"/>.
/// </summary>
public sealed class Graph
{
    private readonly int[] _offsets;
    private readonly int[] _targets;
    private readonly float[] _weights;
    private readonly EdgeKind[] _edgeKinds;
    private readonly NodeKind[] _nodeKinds;
    private readonly string[] _keys;
    private readonly string[] _labels;
    private readonly Dictionary<string, int> _byKey;

    internal Graph(int[] offsets, int[] targets, float[] weights, EdgeKind[] edgeKinds, NodeKind[] nodeKinds, string[] keys, string[] labels,
        Dictionary<string, int> byKey)
    {
        _offsets = offsets;
        _targets = targets;
        _weights = weights;
        _edgeKinds = edgeKinds;
        _nodeKinds = nodeKinds;
        _keys = keys;
        _labels = labels;
        _byKey = byKey;
    }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => _nodeKinds.Length;

    /// <summary>Number of (undirected) edges.</summary>
    public long EdgeCount => _targets.LongLength / 2;

    /// <summary>Sum of all edge weights (each undirected edge once).</summary>
    public double TotalWeight { get; init; }

    /// <summary>Neighbours of <paramref name="node"/>.</summary>
    public ReadOnlySpan<int> Neighbors(int node) => _targets.AsSpan(_offsets[node], _offsets[node + 1] - _offsets[node]);

    /// <summary>Weights of the edges to <see cref="Neighbors"/>, in the same order.</summary>
    public ReadOnlySpan<float> Weights(int node) => _weights.AsSpan(_offsets[node], _offsets[node + 1] - _offsets[node]);

    /// <summary>Kinds of the edges to <see cref="Neighbors"/>, in the same order.</summary>
    public ReadOnlySpan<EdgeKind> EdgeKinds(int node) => _edgeKinds.AsSpan(_offsets[node], _offsets[node + 1] - _offsets[node]);

    /// <summary>Number of neighbours.</summary>
    public int Degree(int node) => _offsets[node + 1] - _offsets[node];

    /// <summary>Sum of the weights of a node's edges.</summary>
    public double Strength(int node)
    {
        double sum = 0;
        foreach (var w in Weights(node)) sum += w;
        return sum;
    }

    /// <summary>Kind of a node.</summary>
    public NodeKind Kind(int node) => _nodeKinds[node];

    /// <summary>Unique key of a node.</summary>
    public string Key(int node) => _keys[node];

    /// <summary>Human label of a node.</summary>
    public string Label(int node) => _labels[node];

    /// <summary>The node with this key, or -1.</summary>
    public int Find(string key) => _byKey.TryGetValue(key, out var node) ? node : -1;

    /// <summary>Weight and kind of the edge between two nodes, or null when they are not adjacent.</summary>
    public (float Weight, EdgeKind Kind)? Edge(int a, int b)
    {
        var neighbours = Neighbors(a);
        for (var i = 0; i < neighbours.Length; i++)
            if (neighbours[i] == b) return (_weights[_offsets[a] + i], _edgeKinds[_offsets[a] + i]);
        return null;
    }

    /// <summary>Every edge once, as (a, b, weight, kind) with a &lt; b.</summary>
    public IEnumerable<(int A, int B, float Weight, EdgeKind Kind)> Edges()
    {
        for (var a = 0; a < NodeCount; a++)
            for (var i = _offsets[a]; i < _offsets[a + 1]; i++)
                if (a < _targets[i]) yield return (a, _targets[i], _weights[i], _edgeKinds[i]);
    }
}
