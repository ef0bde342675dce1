using Minerva.Core;
using Minerva.Graph;
using Minerva.Images;
using Minerva.Storage;

namespace Minerva.App;

/// <summary>
/// Builds the investigation network from a workspace in one pass: entities —member→ records —has→ selectors,
/// records —located_in→ places, and entities —linked(summed link weight)→ entities where stored links join records
/// the clustering kept apart. Edges name their evidence by their ends: <c>minerva why</c> and <c>minerva record</c>
/// show it. Node keys: <c>entity:E12</c>, <c>record:&lt;source&gt;:&lt;id&gt;</c>, <c>phone:+1…</c>,
/// <c>email:…</c>, <c>handle:platform/name</c>, <c>location:houston, us</c>.
/// </summary>
public static class Network
{
    /// <summary>The whole network of <paramref name="workspace"/>.</summary>
    public static Minerva.Graph.Graph FromWorkspace(IWorkspace workspace)
    {
        var builder = new GraphBuilder();
        var attached = new List<(int Record, int Node, EdgeKind Kind)>();
        var holders = new Dictionary<int, int>();
        foreach (var row in workspace.ScanNetwork())
        {
            var r = row.Record;
            var record = builder.Node(NodeKind.Record, $"record:{r.Key}", r.Title is { Length: > 0 } title ? $"{r.Key}: {title}" : r.Key.ToString());
            if (row.Entity is { } e) builder.Edge(builder.Node(NodeKind.Entity, $"entity:E{e}", $"E{e}"), record, EdgeKind.Member);
            foreach (var (kind, value) in row.Selectors.Distinct())
                attached.Add((record, builder.Node(KindOf(kind), $"{kind.Name()}:{value}", value), EdgeKind.Has));
            if (Place(r.Location, r.Country) is { } place)
                attached.Add((record, builder.Node(NodeKind.Location, PlaceKey(place), place), EdgeKind.LocatedIn));
        }
        // A selector or place on few records is strong evidence, one on thousands weak: weight 1/log2(1 + holders), so the
        // strongest path between two nodes runs through rare shared values rather than a city or a support line.
        foreach (var (_, node, _) in attached) holders[node] = holders.GetValueOrDefault(node) + 1;
        foreach (var (record, node, kind) in attached) builder.Edge(record, node, kind, 1 / Math.Log2(1 + holders[node]));
        AddResemblances(workspace, builder);
        // Links the anti-chaining clustering would not merge on still connect the two entities, weighted by their evidence.
        foreach (var (a, b, weight, _) in workspace.CrossEntityLinks())
            if (weight > 0) builder.Edge(builder.Node(NodeKind.Entity, $"entity:E{a}", $"E{a}"), builder.Node(NodeKind.Entity, $"entity:E{b}", $"E{b}"), EdgeKind.Linked, weight);
        return builder.Build();
    }

    /// <summary>
    /// Photo nodes that are the same picture re-cropped, re-compressed or mirrored (within PDQ's 31 bits) are joined,
    /// weight 1 − distance/32, so a path can run from one ad's photo to its re-post elsewhere.
    /// </summary>
    private static void AddResemblances(IWorkspace workspace, GraphBuilder builder)
    {
        var photos = workspace.ScanImages().Where(i => i.Image.Quality >= ImageHashes.MinimumQuality)
            .GroupBy(i => i.Image.Pdq).Select(g => g.First().Image).ToList();
        if (photos.Count < 2) return;
        foreach (var (i, match) in NearDuplicates.AllMatches([.. photos.Select(p => Hash256.ParseForms(p.Pdq, p.Variants))]))
            if (match.Position > i)
                builder.Edge(builder.Node(NodeKind.Image, $"image:{photos[i].Pdq}", photos[i].Pdq),
                    builder.Node(NodeKind.Image, $"image:{photos[match.Position].Pdq}", photos[match.Position].Pdq),
                    EdgeKind.Resembles, 1 - match.Distance / 32.0);
    }

    /// <summary>The node a user means: an exact node key, a record key, or an entity id (E12).</summary>
    /// <exception cref="BadRequestException">No such node.</exception>
    public static int Resolve(Minerva.Graph.Graph graph, string text)
    {
        foreach (var key in new[] { text, $"record:{text}", $"entity:{text.ToUpperInvariant()}", $"entity:E{text}" })
            if (graph.Find(key) is >= 0 and var node) return node;
        // A well-formed record key that is not found is a record the workspace does not have: say that, not how to spell one.
        if (RecordKey.TryParse(text, out var record) && !Enum.GetNames<NodeKind>().Any(k => k.Equals(record.Source, StringComparison.OrdinalIgnoreCase)))
            throw new BadRequestException($"no record {text} in the graph: the workspace has no such record (is its source ingested? 'minerva stats' lists the sources)");
        throw new BadRequestException($"no node '{text}' in the graph; use a record key (source:id), an entity (E12) or a node key such as phone:+15551234567");
    }

    /// <summary>A record's place as the network names it (<c>Houston, US</c>), or null when it has neither city nor country.</summary>
    public static string? Place(string? location, string? country) =>
        location is null && country is null ? null : string.Join(", ", new[] { location, country }.Where(p => p is not null));

    /// <summary>The node key of a place: one node for every spelling of its case.</summary>
    public static string PlaceKey(string place) => $"location:{place.ToLowerInvariant()}";

    /// <summary>A node kind as the command line, the API and the UI spell it: record, entity, phone, photofact, …</summary>
    public static string KindName(NodeKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The node kind <paramref name="name"/> spells (any case; a number is not a kind).</summary>
    /// <exception cref="BadRequestException">No such kind; the message lists them.</exception>
    public static NodeKind Kind(string name) =>
        Enum.TryParse<NodeKind>(name, ignoreCase: true, out var kind) && !int.TryParse(name, out _) ? kind
        : throw new BadRequestException($"unknown node kind '{name}'; expected {string.Join(", ", Enum.GetValues<NodeKind>().Select(KindName))}");

    private static NodeKind KindOf(SelectorKind kind) => kind switch
    {
        SelectorKind.Phone => NodeKind.Phone,
        SelectorKind.Email => NodeKind.Email,
        SelectorKind.Handle => NodeKind.Handle,
        SelectorKind.Wallet => NodeKind.Wallet,
        SelectorKind.ImageHash => NodeKind.Image,
        SelectorKind.CameraSerial => NodeKind.Camera,
        SelectorKind.Url => NodeKind.Url,
        SelectorKind.Domain => NodeKind.Domain,
        SelectorKind.Device or SelectorKind.TakenAt or SelectorKind.Geo or SelectorKind.Software => NodeKind.PhotoFact,
        _ => NodeKind.Other,
    };
}
