namespace Minerva.Resolve.Clustering;

/// <summary>
/// Gives clusters entity ids that survive re-resolution: a cluster keeps the id of the previous entity that
/// supplies more than half of its members (largest overlap first); others get fresh ids above every id used.
/// </summary>
internal static class EntityIds
{
    /// <summary>Record id → entity id, and how many clusters kept a previous id.</summary>
    /// <param name="records">Record id of each index.</param>
    /// <param name="labels">Cluster label of each index.</param>
    /// <param name="previous">Previous record → entity memberships.</param>
    /// <param name="firstNew">The first id never used before.</param>
    public static (Dictionary<long, long> Members, int Kept) Assign(IReadOnlyList<long> records, int[] labels,
        IReadOnlyDictionary<long, long> previous, long firstNew)
    {
        var next = firstNew;
        var clusters = Enumerable.Range(0, records.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key).ToList();
        var proposals = new List<(int Cluster, long Entity, int Overlap)>();
        foreach (var cluster in clusters)
        {
            var best = cluster.Where(i => previous.ContainsKey(records[i])).GroupBy(i => previous[records[i]])
                .Select(g => (Entity: g.Key, Overlap: g.Count())).OrderByDescending(x => x.Overlap).ThenBy(x => x.Entity).FirstOrDefault();
            if (best.Overlap * 2 > cluster.Count()) proposals.Add((cluster.Key, best.Entity, best.Overlap));
        }
        var taken = new HashSet<long>();
        var chosen = new Dictionary<int, long>();
        foreach (var p in proposals.OrderByDescending(p => p.Overlap).ThenBy(p => p.Cluster))
            if (taken.Add(p.Entity)) chosen[p.Cluster] = p.Entity;
        var members = new Dictionary<long, long>(records.Count);
        foreach (var cluster in clusters)
        {
            var entity = chosen.TryGetValue(cluster.Key, out var e) ? e : next++;
            foreach (var i in cluster) members[records[i]] = entity;
        }
        return (members, chosen.Count);
    }
}
