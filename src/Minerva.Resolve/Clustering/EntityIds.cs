using Minerva.Resolve.Features;

namespace Minerva.Resolve.Clustering;

/// <summary>
/// Gives clusters entity ids that survive re-resolution: a cluster keeps the id of the previous entity that
/// supplies more than half of its members (largest overlap first); others get fresh ids above every id used.
/// </summary>
internal static class EntityIds
{
    /// <summary>Record id → entity id, and how many clusters kept a previous id.</summary>
    public static (Dictionary<long, long> Members, int Kept) Assign(IReadOnlyList<RecordFeatures> records, int[] labels,
        IReadOnlyDictionary<long, long> previous)
    {
        var next = previous.Count == 0 ? 1 : previous.Values.Max() + 1;
        var clusters = Enumerable.Range(0, records.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key).ToList();
        var proposals = new List<(int Cluster, long Entity, int Overlap, int Size)>();
        foreach (var cluster in clusters)
        {
            var size = cluster.Count();
            var best = cluster.Where(i => previous.ContainsKey(records[i].Id)).GroupBy(i => previous[records[i].Id])
                .Select(g => (Entity: g.Key, Overlap: g.Count())).OrderByDescending(x => x.Overlap).ThenBy(x => x.Entity).FirstOrDefault();
            if (best.Overlap * 2 > size) proposals.Add((cluster.Key, best.Entity, best.Overlap, size));
        }
        var taken = new HashSet<long>();
        var chosen = new Dictionary<int, long>();
        foreach (var p in proposals.OrderByDescending(p => p.Overlap).ThenBy(p => p.Cluster))
            if (taken.Add(p.Entity)) chosen[p.Cluster] = p.Entity;
        var members = new Dictionary<long, long>(records.Count);
        foreach (var cluster in clusters)
        {
            var entity = chosen.TryGetValue(cluster.Key, out var e) ? e : next++;
            foreach (var i in cluster) members[records[i].Id] = entity;
        }
        return (members, chosen.Count);
    }
}
