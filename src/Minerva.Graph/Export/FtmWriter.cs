using System.Text.Json;

namespace Minerva.Graph.Export;

/// <summary>
/// FollowTheMoney-style JSON lines for investigative platforms (Aleph and others): each entity node becomes a
/// <c>LegalEntity</c>, each record a <c>Document</c>, each place an <c>Address</c>, each wallet a
/// <c>CryptoWallet</c>; phones, emails and handles/URLs become <c>phone</c>, <c>email</c> and <c>website</c>
/// properties of the nodes they are attached to (FtM models them as properties, not entities); every other edge
/// becomes an <c>UnknownLink</c> with the edge kind as its role and the weight in its summary.
/// </summary>
public static class FtmWriter
{
    /// <summary>Writes one JSON object per line.</summary>
    public static void Write(ExportView view, TextWriter output)
    {
        var g = view.Graph;
        var included = new HashSet<int>(view.Nodes);
        foreach (var v in view.Nodes)
        {
            var schema = Schema(g.Kind(v));
            if (schema is null) continue; // a selector: written as properties of its neighbours
            var properties = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            Add(properties, schema switch { "Document" => "title", "Address" => "full", "CryptoWallet" => "publicKey", _ => "name" }, g.Label(v));
            var neighbours = g.Neighbors(v);
            foreach (var w in neighbours)
            {
                if (!included.Contains(w)) continue;
                var property = g.Kind(w) switch
                {
                    NodeKind.Phone => "phone",
                    NodeKind.Email => "email",
                    NodeKind.Handle or NodeKind.Url or NodeKind.Domain => "website",
                    _ => null,
                };
                if (property is not null && schema != "Address" && schema != "CryptoWallet") Add(properties, property, g.Label(w));
            }
            output.WriteLine(JsonSerializer.Serialize(new { id = Id(g, v), schema, properties }));
        }
        foreach (var (a, b, w, k) in view.Edges)
        {
            if (Schema(g.Kind(a)) is null || Schema(g.Kind(b)) is null) continue;
            output.WriteLine(JsonSerializer.Serialize(new
            {
                id = $"link-{Id(g, a)}-{Id(g, b)}",
                schema = "UnknownLink",
                properties = new Dictionary<string, string[]>
                {
                    ["subject"] = [Id(g, a)], ["object"] = [Id(g, b)], ["role"] = [ExportView.Name(k)], ["summary"] = [$"weight {w:0.##}"],
                },
            }));
        }
    }

    private static string? Schema(NodeKind kind) => kind switch
    {
        NodeKind.Entity or NodeKind.Other => "LegalEntity",
        NodeKind.Record => "Document",
        NodeKind.Location => "Address",
        NodeKind.Wallet => "CryptoWallet",
        _ => null,
    };

    /// <summary>FtM ids are opaque strings; the node key is stable and unique, so it is used with unsafe characters replaced.</summary>
    private static string Id(Graph g, int v) => new(g.Key(v).Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '-').ToArray());

    private static void Add(SortedDictionary<string, SortedSet<string>> properties, string name, string value)
    {
        if (!properties.TryGetValue(name, out var set)) properties[name] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(value);
    }
}
