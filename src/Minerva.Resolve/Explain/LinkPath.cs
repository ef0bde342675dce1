using Minerva.Core;
using Minerva.Storage;

namespace Minerva.Resolve.Explain;

/// <summary>The chain of links between two records of one entity: fewest hops, preferring stronger links.</summary>
internal static class LinkPath
{
    public static IReadOnlyList<LinkView> Find(IReadOnlyList<LinkView> links, RecordKey from, RecordKey to)
    {
        var adjacency = new Dictionary<RecordKey, List<LinkView>>();
        foreach (var link in links.OrderByDescending(l => l.Weight))
        {
            Add(link.A, link);
            Add(link.B, link);
        }
        var via = new Dictionary<RecordKey, LinkView?> { [from] = null };
        var queue = new Queue<RecordKey>([from]);
        while (queue.Count > 0 && !via.ContainsKey(to))
        {
            var at = queue.Dequeue();
            foreach (var link in adjacency.GetValueOrDefault(at) ?? [])
            {
                var next = link.A == at ? link.B : link.A;
                if (via.TryAdd(next, link)) queue.Enqueue(next);
            }
        }
        if (!via.ContainsKey(to)) return [];
        var path = new List<LinkView>();
        for (var at = to; via[at] is { } link; at = link.A == at ? link.B : link.A) path.Add(link);
        path.Reverse();
        return path;

        void Add(RecordKey key, LinkView link)
        {
            if (!adjacency.TryGetValue(key, out var list)) adjacency[key] = list = [];
            list.Add(link);
        }
    }
}
