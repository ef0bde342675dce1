namespace Minerva.Graph;

/// <summary>
/// Collects nodes (deduplicated by key) and edges, then builds an immutable <see cref="Graph"/> in one pass.
/// Repeated edges between the same two nodes merge: weights add up and the first kind is kept. Self-loops are dropped.
/// </summary>
public sealed class GraphBuilder
{
    private readonly List<NodeKind> _kinds = [];
    private readonly List<string> _keys = [];
    private readonly List<string> _labels = [];
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly List<(int A, int B, float Weight, EdgeKind Kind)> _edges = [];

    /// <summary>Nodes added so far.</summary>
    public int NodeCount => _kinds.Count;

    /// <summary>The node with <paramref name="key"/>, added if new.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public int Node(NodeKind kind, string key, string? label = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (_byKey.TryGetValue(key, out var node)) return node;
        node = _kinds.Count;
        _byKey[key] = node;
        _kinds.Add(kind);
        _keys.Add(key);
        _labels.Add(label ?? key);
        return node;
    }

    /// <summary>Adds an undirected edge.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A node does not exist, or the weight is not positive and finite.</exception>
    public void Edge(int a, int b, EdgeKind kind, double weight = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(Math.Max(a, b), _kinds.Count);
        if (!double.IsFinite(weight) || weight <= 0) throw new ArgumentOutOfRangeException(nameof(weight), weight, "edge weights are positive");
        if (a != b) _edges.Add((Math.Min(a, b), Math.Max(a, b), (float)weight, kind));
    }

    /// <summary>The graph: edges sorted and merged, both directions stored.</summary>
    public Graph Build()
    {
        var n = _kinds.Count;
        _edges.Sort((x, y) => x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        var merged = new List<(int A, int B, float Weight, EdgeKind Kind)>(_edges.Count);
        foreach (var e in _edges)
        {
            if (merged.Count > 0 && merged[^1].A == e.A && merged[^1].B == e.B) merged[^1] = merged[^1] with { Weight = merged[^1].Weight + e.Weight };
            else merged.Add(e);
        }
        var offsets = new int[n + 1];
        foreach (var (a, b, _, _) in merged)
        {
            offsets[a + 1]++;
            offsets[b + 1]++;
        }
        for (var i = 0; i < n; i++) offsets[i + 1] += offsets[i];
        var fill = offsets[..n];
        var targets = new int[merged.Count * 2];
        var weights = new float[targets.Length];
        var kinds = new EdgeKind[targets.Length];
        double total = 0;
        foreach (var (a, b, w, k) in merged)
        {
            (targets[fill[a]], weights[fill[a]], kinds[fill[a]]) = (b, w, k);
            fill[a]++;
            (targets[fill[b]], weights[fill[b]], kinds[fill[b]]) = (a, w, k);
            fill[b]++;
            total += w;
        }
        return new Graph(offsets, targets, weights, kinds, [.. _kinds], [.. _keys], [.. _labels], new Dictionary<string, int>(_byKey))
        {
            TotalWeight = total,
        };
    }
}
