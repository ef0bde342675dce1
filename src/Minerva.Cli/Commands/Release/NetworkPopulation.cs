using Minerva.Core;
using Minerva.Storage;

namespace Minerva.Cli.Commands.Release;

/// <summary>
/// A release drawn from the network: only case records the resolver put in an entity with records of other sources
/// (ads, profiles), each given the size of that network as an attribute. Whether a victim's row is included, and
/// its network size, depend on that row's own selectors and on the other sources — not on other victims' rows, since
/// a case row carries its own selectors only — so the privacy analysis of the release is unchanged.
/// </summary>
internal static class NetworkPopulation
{
    /// <summary>The attribute added: how many records of other sources the case's entity holds, in declared bands.</summary>
    public const string Column = "network_records";

    /// <summary>The linked cases' payloads with <see cref="Column"/> added; <paramref name="unlinked"/> counts the rest.</summary>
    /// <exception cref="UsageException">The workspace has no resolution.</exception>
    public static List<Dictionary<string, string?>> Linked(IWorkspace workspace, string dataset,
        IReadOnlyList<(RecordKey Key, Dictionary<string, string?> Payload)> cases, out int unlinked)
    {
        var members = workspace.ExportMemberships().ToList();
        if (members.Count == 0) throw new UsageException("--from-network needs resolved entities: run minerva resolve first");
        var entityOf = members.ToDictionary(m => m.Record, m => m.Entity);
        var networkSize = members.Where(m => m.Record.Source != dataset).GroupBy(m => m.Entity).ToDictionary(g => g.Key, g => g.Count());
        var linked = new List<Dictionary<string, string?>>();
        foreach (var (key, payload) in cases)
        {
            if (!entityOf.TryGetValue(key, out var entity) || !networkSize.TryGetValue(entity, out var size)) continue;
            payload[Column] = Band(size);
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
