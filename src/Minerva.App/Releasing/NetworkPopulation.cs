using Minerva.Core;
using Minerva.Storage;

namespace Minerva.App.Releasing;

/// <summary>
/// A release drawn from the network: only case records whose own selectors reach an entity of the other sources (ads,
/// profiles), each given the size of what it reaches as an attribute. The entities must come from a resolution that left
/// the case records out (<c>resolve --exclude-source</c>): when they took part, one victim's row could make a shared phone
/// a hub (over 500 records, so it links nothing) or bridge two networks, and so move other victims out of the release or
/// change their network's size. Attached this way, whether a row is included and its band depend only on that row and
/// on the other sources, so the privacy analysis of the release is unchanged.
/// </summary>
public static class NetworkPopulation
{
    /// <summary>The attribute added: how many records of other sources the entities a case reaches hold, in declared bands.</summary>
    public const string Column = "network_records";

    /// <summary>The linked cases' payloads with <see cref="Column"/> added; <paramref name="unlinked"/> counts the rest.</summary>
    /// <exception cref="BadRequestException">No resolution, or one the case records took part in.</exception>
    public static List<Dictionary<string, string?>> Linked(IWorkspace workspace, string dataset,
        IReadOnlyList<(RecordKey Key, Dictionary<string, string?> Payload)> cases, out int unlinked)
    {
        var resolution = workspace.GetLatestResolution()
            ?? throw new BadRequestException($"--from-network needs resolved entities of the other sources: run minerva resolve --exclude-source {dataset} first");
        if (resolution.Sources.Contains(dataset))
            throw new BadRequestException($"the last resolution included '{dataset}', so one victim's row could change other victims' networks (a phone made a hub, " +
                                     $"two networks bridged): resolve without it first (minerva resolve --exclude-source {dataset}); each case is then attached by its own selectors");
        var hubs = workspace.GetHubs().Select(h => (h.Kind, h.Value)).ToHashSet();
        var reach = new Dictionary<(SelectorKind, string), List<long>>();
        var size = new Dictionary<long, int>();
        var selectorsOf = new Dictionary<RecordKey, IReadOnlyList<(SelectorKind Kind, string Value)>>();
        long next = -1; // a record of another source not resolved yet is an entity of its own
        foreach (var row in workspace.ScanNetwork())
        {
            if (row.Record.Key.Source == dataset)
            {
                selectorsOf[row.Record.Key] = row.Selectors;
                continue;
            }
            var entity = row.Entity ?? next--;
            size[entity] = size.GetValueOrDefault(entity) + 1;
            foreach (var selector in row.Selectors.Where(s => !hubs.Contains(s)))
                (reach.TryGetValue(selector, out var list) ? list : reach[selector] = []).Add(entity);
        }
        var linked = new List<Dictionary<string, string?>>();
        foreach (var (key, payload) in cases)
        {
            // Hubs reach nothing: they were left out of 'reach'.
            var entities = selectorsOf.GetValueOrDefault(key, []).SelectMany(s => reach.GetValueOrDefault(s, [])).ToHashSet();
            if (entities.Count == 0) continue;
            payload[Column] = Band(entities.Sum(e => size[e]));
            linked.Add(payload);
        }
        unlinked = cases.Count - linked.Count;
        return linked;
    }

    /// <summary>The bands, in order: the column's declared domain.</summary>
    public static IReadOnlyList<string> Bands { get; } = ["1", "2–5", "6–20", "21+"];

    /// <summary>Bands fixed in advance (public), so the attribute publishes no exact network size.</summary>
    private static string Band(int records) => records switch
    {
        1 => "1",
        <= 5 => "2–5",
        <= 20 => "6–20",
        _ => "21+",
    };
}
