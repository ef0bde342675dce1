using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Minerva.Graph.Export;

/// <summary>
/// FollowTheMoney JSON lines for investigative platforms (Aleph and others), checked against FtM's own schema files:
/// <list type="bullet">
/// <item>entities (and nodes of an imported edge list) are <c>LegalEntity</c>s carrying the phones, emails and websites
/// of their member records;</item>
/// <item>records are <c>Document</c>s (<c>fileName</c> is the record key) with <c>phoneMentioned</c>,
/// <c>emailMentioned</c>, and their photos' camera serials and EXIF facts as <c>keywords</c>;</item>
/// <item>handles are <c>UserAccount</c>s (<c>owner</c>: the one entity whose records use it), wallets
/// <c>CryptoWallet</c>s (<c>publicKey</c> without the chain, <c>currency</c>), places <c>Address</c>es, photos
/// <c>Image</c>s;</item>
/// <item>every edge between two of those is an <c>UnknownLink</c> with the edge kind as its role and the weight in its
/// summary (memberships, resemblances between photos, links between entities).</item>
/// </list>
/// Ids are <c>kind-</c> and 128 bits of the SHA-256 of the node key: FtM's id pattern allows only ASCII letters, digits,
/// '.' and '-', and replacing other characters made different keys (<c>mia_rose</c>, <c>mia-rose</c>) one id.
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
            if (schema is null) continue; // a phone, email, URL, domain or EXIF fact: properties of its neighbours
            var properties = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            var label = g.Label(v);
            Add(properties, "name", label);
            switch (g.Kind(v))
            {
                case NodeKind.Record:
                    Add(properties, "title", label);
                    Add(properties, "fileName", g.Key(v)["record:".Length..]);
                    foreach (var w in Included(g, v, included)) AddMention(properties, g, w);
                    break;
                case NodeKind.Image:
                    Add(properties, "fileName", $"pdq-{label}");
                    break;
                case NodeKind.Location:
                    Add(properties, "full", label);
                    break;
                case NodeKind.Wallet:
                    var colon = label.IndexOf(':', StringComparison.Ordinal);
                    Add(properties, "publicKey", colon < 0 ? label : label[(colon + 1)..]);
                    if (colon > 0) Add(properties, "currency", label[..colon].ToUpperInvariant());
                    break;
                case NodeKind.Handle:
                    var slash = label.IndexOf('/', StringComparison.Ordinal);
                    Add(properties, "username", slash < 0 ? label : label[(slash + 1)..]);
                    if (slash > 0) Add(properties, "service", label[..slash]);
                    if (Owner(g, v, included) is { } owner) Add(properties, "owner", Id(g, owner));
                    break;
                default: // an entity, or a node of an imported edge list
                    foreach (var record in Included(g, v, included).Where(w => g.Kind(w) == NodeKind.Record))
                    foreach (var w in Included(g, record, included))
                        AddContact(properties, g, w);
                    foreach (var w in Included(g, v, included)) AddContact(properties, g, w);
                    break;
            }
            output.WriteLine(JsonSerializer.Serialize(new { id = Id(g, v), schema, properties }));
        }
        foreach (var (a, b, w, k) in view.Edges)
        {
            if (Schema(g.Kind(a)) is null || Schema(g.Kind(b)) is null) continue;
            var (subject, @object) = (Id(g, a), Id(g, b));
            output.WriteLine(JsonSerializer.Serialize(new
            {
                id = "link-" + Hash($"{subject}\n{@object}\n{ExportView.Name(k)}"),
                schema = "UnknownLink",
                properties = new Dictionary<string, string[]>
                {
                    ["subject"] = [subject], ["object"] = [@object], ["role"] = [ExportView.Name(k)],
                    ["summary"] = [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"weight {w:0.##}")],
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
        NodeKind.Handle => "UserAccount",
        NodeKind.Image => "Image",
        _ => null,
    };

    /// <summary>A record's selectors that FtM has no entity for: mentions on the document.</summary>
    private static void AddMention(SortedDictionary<string, SortedSet<string>> properties, Graph g, int w)
    {
        var property = g.Kind(w) switch
        {
            NodeKind.Phone => "phoneMentioned",
            NodeKind.Email => "emailMentioned",
            NodeKind.Camera or NodeKind.PhotoFact => "keywords",
            _ => null,
        };
        if (property is not null) Add(properties, property, property == "keywords" ? g.Key(w) : g.Label(w));
    }

    /// <summary>An entity's ways of being reached, from its records' selectors.</summary>
    private static void AddContact(SortedDictionary<string, SortedSet<string>> properties, Graph g, int w)
    {
        var property = g.Kind(w) switch
        {
            NodeKind.Phone => "phone",
            NodeKind.Email => "email",
            NodeKind.Url or NodeKind.Domain => "website",
            _ => null,
        };
        if (property is not null) Add(properties, property, g.Label(w));
    }

    /// <summary>The one entity whose records use a handle, or null when none or several do.</summary>
    private static int? Owner(Graph g, int handle, HashSet<int> included)
    {
        int? owner = null;
        foreach (var record in Included(g, handle, included).Where(w => g.Kind(w) == NodeKind.Record))
        foreach (var entity in Included(g, record, included).Where(w => g.Kind(w) == NodeKind.Entity))
        {
            if (owner is not null && owner != entity) return null;
            owner = entity;
        }
        return owner;
    }

    private static List<int> Included(Graph g, int v, HashSet<int> included)
    {
        var list = new List<int>();
        foreach (var w in g.Neighbors(v))
            if (included.Contains(w)) list.Add(w);
        return list;
    }

    /// <summary>The node's FtM id: its kind and 128 bits of the SHA-256 of its key.</summary>
    public static string Id(Graph g, int v) => $"{ExportView.Name(g.Kind(v))}-{Hash(g.Key(v))}";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    private static void Add(SortedDictionary<string, SortedSet<string>> properties, string name, string value)
    {
        if (!properties.TryGetValue(name, out var set)) properties[name] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(value);
    }
}
