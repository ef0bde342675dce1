namespace Minerva.Resolve.Clustering;

/// <summary>A link between two records (by index) with its match weight in bits.</summary>
/// <param name="A">First record index.</param>
/// <param name="B">Second record index.</param>
/// <param name="Weight">Match weight.</param>
internal readonly record struct ScoredLink(int A, int B, double Weight);

/// <summary>
/// Clusters linked records without chaining. Groups start as single records; two groups merge when the summed
/// weight of the links between them reaches <c>threshold + bridge × log2(min(|A|, |B|))</c>. A lone record joins
/// a group on one link above the threshold, but two established groups need evidence that grows with the smaller
/// one, so a single weak link (a look-alike handle, a shared generic phrase) cannot join two networks. Merges go
/// greedily by largest surplus over that requirement; the result does not depend on input order.
/// <para>Evidence against a merge counts too: two groups never merge when a compared pair across them scores at or
/// below the rules' <c>cannot_link</c> (<paramref name="apart"/> lists them), and when the groups are small enough that
/// every other pair across them can be judged (<see cref="MaxJudgedPairs"/>), each one is, through
/// <paramref name="judge"/> (which need not judge the compared pairs again) — so two records whose own pair says
/// "different people" are never joined by a chain of links through others.</para>
/// </summary>
internal sealed class EvidenceClusterer(double threshold, double bridge, PartnerIndex? apart = null,
    Func<int, int, bool>? judge = null)
{
    /// <summary>Most pairs across two groups judged one by one before a merge; larger merges rely on the compared pairs.</summary>
    public const int MaxJudgedPairs = 4096;

    /// <summary>Merges refused in the last run because a pair across the two groups scores at or below <c>cannot_link</c>.</summary>
    public int Refused { get; private set; }

    /// <summary>Labels of the last run's clusters formed by a merge too large to judge pair by pair.</summary>
    public IReadOnlySet<int> Unjudged { get; private set; } = new HashSet<int>();

    /// <summary>Cluster label (the smallest member index) of each of <paramref name="count"/> records.</summary>
    /// <param name="count">Records.</param>
    /// <param name="links">Scored links between them.</param>
    /// <param name="progress">Told the merges done against the most there can be (every linked record in one group), about every 1 %.</param>
    public int[] Cluster(int count, IReadOnlyList<ScoredLink> links, Action<double>? progress = null)
    {
        Refused = 0;
        var unjudged = new HashSet<int>();
        var size = Enumerable.Repeat(1, count).ToArray();
        var parent = Enumerable.Range(0, count).ToArray();
        var version = new int[count];
        // Each group's members, so a merge can look up the smaller group's partners (apart) in the larger one.
        var members = new List<int>?[count];
        var adjacency = new Dictionary<int, Dictionary<int, double>>();
        foreach (var link in links)
        {
            if (link.A == link.B) continue;
            Add(adjacency, link.A, link.B, link.Weight);
            Add(adjacency, link.B, link.A, link.Weight);
        }
        var (merges, most) = (0, Math.Max(1, adjacency.Count - 1));
        var step = Math.Max(1, most / 100);
        var queue = new PriorityQueue<(int A, int B, int VersionA, int VersionB), (double NegSurplus, int Low, int High)>();
        foreach (var (a, neighbours) in adjacency)
            foreach (var (b, evidence) in neighbours)
                if (a < b) Push(queue, a, b, evidence, size, version);
        while (queue.TryDequeue(out var entry, out var priority))
        {
            if (-priority.NegSurplus < 0) break;
            var (a, b) = (entry.A, entry.B);
            if (version[a] != entry.VersionA || version[b] != entry.VersionB || parent[a] != a || parent[b] != b) continue;
            // A refused merge is not queued again until one side changes (its version, and so the entry, is new).
            var judged = judge is not null && (long)size[a] * size[b] <= MaxJudgedPairs;
            if (apart?.AnyBetween(members, parent, a, b, size) == true || (judged && AnyJudgedApart(members, a, b)))
            {
                Refused++;
                continue;
            }
            var (keep, gone) = size[a] >= size[b] ? (a, b) : (b, a);
            if (++merges % step == 0) progress?.Invoke(merges / (double)most);
            parent[gone] = keep;
            size[keep] += size[gone];
            version[keep]++;
            var goneUnjudged = unjudged.Remove(gone);
            if (goneUnjudged || !judged) unjudged.Add(keep);
            var kept = members[keep] ??= [keep];
            kept.AddRange(members[gone] ?? [gone]);
            members[gone] = null;
            var keepNeighbours = adjacency[keep];
            keepNeighbours.Remove(gone);
            foreach (var (c, evidence) in adjacency[gone])
            {
                if (c == keep) continue;
                keepNeighbours[c] = keepNeighbours.GetValueOrDefault(c) + evidence;
                var cNeighbours = adjacency[c];
                cNeighbours.Remove(gone);
                cNeighbours[keep] = keepNeighbours[c];
            }
            adjacency.Remove(gone);
            foreach (var (c, evidence) in keepNeighbours) Push(queue, keep, c, evidence, size, version);
        }
        var labels = new int[count];
        for (var i = 0; i < count; i++) labels[i] = Find(parent, i);
        // Label by the smallest member so labels do not depend on which side of a merge was kept.
        var smallest = new Dictionary<int, int>();
        for (var i = 0; i < count; i++)
            if (!smallest.ContainsKey(labels[i])) smallest[labels[i]] = i;
        for (var i = 0; i < count; i++) labels[i] = smallest[labels[i]];
        Unjudged = unjudged.Select(root => smallest[root]).ToHashSet();
        return labels;
    }

    private bool AnyJudgedApart(List<int>?[] members, int a, int b)
    {
        foreach (var x in members[a] ?? [a])
            foreach (var y in members[b] ?? [b])
                if (judge!(x, y)) return true;
        return false;
    }

    /// <summary>Evidence two groups of these sizes need to merge.</summary>
    public double Required(int sizeA, int sizeB) => threshold + bridge * Math.Log2(Math.Min(sizeA, sizeB));

    private void Push(PriorityQueue<(int, int, int, int), (double, int, int)> queue, int a, int b, double evidence, int[] size, int[] version)
    {
        var surplus = evidence - Required(size[a], size[b]);
        if (surplus < 0) return;
        queue.Enqueue((a, b, version[a], version[b]), (-surplus, Math.Min(a, b), Math.Max(a, b)));
    }

    private static void Add(Dictionary<int, Dictionary<int, double>> adjacency, int a, int b, double weight)
    {
        if (!adjacency.TryGetValue(a, out var neighbours)) adjacency[a] = neighbours = [];
        neighbours[b] = neighbours.GetValueOrDefault(b) + weight;
    }

    internal static int Find(int[] parent, int i)
    {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
}
