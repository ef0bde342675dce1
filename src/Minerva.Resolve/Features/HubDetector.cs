using Minerva.Resolve.Rules;
using Minerva.Storage;

namespace Minerva.Resolve.Features;

/// <summary>
/// Finds selector values that must not link: those on more records than the limit, and those whose records carry
/// many other values of the same kind — a site's support line printed beside hundreds of different personal
/// numbers, rather than one person's rotating phones. Hubs are removed from the features and reported.
/// </summary>
internal static class HubDetector
{
    /// <summary>Detects hubs, strips them from <paramref name="records"/> and returns them.</summary>
    /// <param name="records">Records whose selectors are stripped of hubs.</param>
    /// <param name="table">Interned values with holder counts.</param>
    /// <param name="limits">The rule set's limits.</param>
    /// <param name="known">Hubs of the previous run, kept as hubs whatever the counts here (an incremental run sees part of the data).</param>
    public static (List<HubSelector> Hubs, HashSet<int> Ids) Strip(List<RecordFeatures> records, SelectorTable table, HubLimits limits,
        IReadOnlyList<HubSelector>? known = null)
    {
        var previous = (known ?? []).ToDictionary(h => (h.Kind, h.Value));
        var companions = new Dictionary<int, HashSet<int>>();
        foreach (var record in records)
            foreach (var ids in record.Selectors)
            {
                if (ids.Length < 2) continue;
                foreach (var a in ids)
                {
                    if (table.RecordCount(a) < 2) continue; // a value on one record links nothing anyway
                    if (!companions.TryGetValue(a, out var set)) companions[a] = set = [];
                    foreach (var b in ids)
                        if (b != a) set.Add(b);
                }
            }
        var hubs = new Dictionary<int, HubSelector>();
        for (var id = 0; id < table.Count; id++)
        {
            var (kind, value) = table[id];
            var count = table.RecordCount(id);
            if (previous.TryGetValue((kind, value), out var hub)) hubs[id] = hub;
            else if (count > limits.MaxRecords)
                hubs[id] = new HubSelector(kind, value, count, $"on {count} records (limit {limits.MaxRecords})");
            else if (companions.TryGetValue(id, out var set) && set.Count > limits.MaxCompanions)
                hubs[id] = new HubSelector(kind, value, count,
                    $"its {count} records carry {set.Count} other {kind.ToString().ToLowerInvariant()} values (limit {limits.MaxCompanions})");
        }
        foreach (var h in previous.Values)
            if (!hubs.Values.Contains(h)) hubs[-1 - hubs.Count] = h; // listed, though no record read this time holds it
        if (hubs.Count == 0) return ([], []);
        foreach (var record in records)
            for (var slot = 0; slot < record.Selectors.Length; slot++)
                if (record.Selectors[slot].Any(hubs.ContainsKey)) // negative keys never match a selector id
                    record.Selectors[slot] = record.Selectors[slot].Where(id => !hubs.ContainsKey(id)).ToArray();
        return ([.. hubs.Values.OrderByDescending(h => h.Records).ThenBy(h => h.Value, StringComparer.Ordinal)], [.. hubs.Keys.Where(k => k >= 0)]);
    }
}
