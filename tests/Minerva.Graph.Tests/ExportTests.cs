using System.Text.Json;
using System.Xml.Linq;
using Minerva.Graph.Export;
using Minerva.Testing;

namespace Minerva.Graph.Tests;

public sealed class ExportTests
{
    private static Graph Sample()
    {
        var b = new GraphBuilder();
        var entity = b.Node(NodeKind.Entity, "entity:E1", "E1");
        var record = b.Node(NodeKind.Record, "record:citypulse:cp-1", "Sweet Mia <new> & \"real\"");
        var phone = b.Node(NodeKind.Phone, "phone:+17135550142", "+17135550142");
        var place = b.Node(NodeKind.Location, "location:houston, us", "Houston, US"); // a comma inside a key
        b.Edge(entity, record, EdgeKind.Member, 1);
        b.Edge(record, phone, EdgeKind.Has, 1);
        b.Edge(record, place, EdgeKind.LocatedIn, 1);
        return b.Build();
    }

    [Fact]
    public void Graphml_declares_its_keys_and_holds_every_node_and_edge()
    {
        var view = new ExportView(Sample(), attributes: new Dictionary<string, IReadOnlyList<string>> { ["community"] = ["0", "0", "1", "1"] });
        using var stream = new MemoryStream();
        GraphMlWriter.Write(view, stream);
        var doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        Assert.Equal(4, doc.Descendants(ns + "node").Count());
        Assert.Equal(3, doc.Descendants(ns + "edge").Count());
        var keys = doc.Descendants(ns + "key").Select(k => (string)k.Attribute("id")!).ToHashSet();
        Assert.All(doc.Descendants(ns + "data"), d => Assert.Contains((string)d.Attribute("key")!, keys));
        Assert.Contains(doc.Descendants(ns + "data"), d => d.Value == "Sweet Mia <new> & \"real\"");
        Assert.Contains(doc.Descendants(ns + "key"), k => (string)k.Attribute("attr.name")! == "community");
    }

    [Fact]
    public void Gexf_has_nodes_with_labels_and_attribute_values_for_declared_attributes()
    {
        using var stream = new MemoryStream();
        GexfWriter.Write(new ExportView(Sample(), nodes: [0, 1, 2]), stream);
        var doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        XNamespace ns = "http://gexf.net/1.3";
        Assert.Equal("1.3", (string)doc.Root!.Attribute("version")!);
        Assert.Equal(3, doc.Descendants(ns + "node").Count());
        Assert.Equal(2, doc.Descendants(ns + "edge").Count()); // the edge to the place is outside the subgraph
        var declared = doc.Descendants(ns + "attributes").Single(a => (string)a.Attribute("class")! == "node")
            .Elements(ns + "attribute").Select(a => (string)a.Attribute("id")!).ToHashSet();
        Assert.All(doc.Descendants(ns + "node").SelectMany(n => n.Descendants(ns + "attvalue")), v => Assert.Contains((string)v.Attribute("for")!, declared));
    }

    [Fact]
    public void Csv_export_reads_back_as_the_same_edges()
    {
        using var folder = new TempFolder();
        var g = Sample();
        using (var edges = new StreamWriter(folder.File("edges.csv")))
        using (var nodes = new StreamWriter(folder.File("nodes.csv")))
            CsvGraphWriter.Write(new ExportView(g), edges, nodes);
        var back = EdgeListReader.Read(folder.File("edges.csv"));
        Assert.Equal(g.EdgeCount, back.EdgeCount);
        Assert.Equal(NodeKind.Phone, back.Kind(back.Find("phone:+17135550142")));
        Assert.NotNull(back.Edge(back.Find("entity:E1"), back.Find("record:citypulse:cp-1")));
        Assert.Equal(5, File.ReadAllLines(folder.File("nodes.csv")).Length);
    }

    [Fact]
    public void Ftm_folds_selectors_into_properties_and_links_the_rest()
    {
        var lines = Ftm(new ExportView(Sample()));
        var document = lines.Single(l => l.GetProperty("schema").GetString() == "Document");
        Assert.Equal("+17135550142", document.GetProperty("properties").GetProperty("phoneMentioned")[0].GetString());
        var entity = lines.Single(l => l.GetProperty("schema").GetString() == "LegalEntity");
        Assert.Equal("+17135550142", entity.GetProperty("properties").GetProperty("phone")[0].GetString());
        Assert.Equal(2, lines.Count(l => l.GetProperty("schema").GetString() == "UnknownLink"));
        Assert.DoesNotContain(lines, l => l.GetProperty("schema").GetString() == "Phone");
    }

    /// <summary>Every kind of node and edge the workspace's network holds, with keys that once collided or broke FtM ids.</summary>
    private static Graph Network()
    {
        var b = new GraphBuilder();
        var entity = b.Node(NodeKind.Entity, "entity:E7", "E7");
        var records = new[] { "citypulse:ad_1", "citypulse:ad-1", "profiles:instagram/jolie-", "vip:Zoë\u00e9", "vip:пример" }
            .Select(k => b.Node(NodeKind.Record, $"record:{k}", $"{k}: title \uFFFF")).ToList();
        foreach (var r in records) b.Edge(entity, r, EdgeKind.Member, 1);
        var handles = new[] { "instagram/mia_rose", "instagram/mia-rose", "instagram/mia+rose", "instagram/mia@rose" }
            .Select(h => b.Node(NodeKind.Handle, $"handle:{h}", h)).ToList();
        for (var i = 0; i < handles.Count; i++) b.Edge(records[i % records.Count], handles[i], EdgeKind.Has, 1);
        var selectors = new (NodeKind Kind, string Key, string Label)[]
        {
            (NodeKind.Phone, "phone:+17135550142", "+17135550142"), (NodeKind.Email, "email:mia@example.test", "mia@example.test"),
            (NodeKind.Url, "url:example.test/mia", "example.test/mia"), (NodeKind.Domain, "domain:example.test", "example.test"),
            (NodeKind.Wallet, "wallet:btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            (NodeKind.Camera, "camera:canon/083021001234", "canon/083021001234"), (NodeKind.PhotoFact, "device:canon/eos 80d", "canon/eos 80d"),
            (NodeKind.PhotoFact, "taken:2024-05-03T21:14:09", "2024-05-03T21:14:09"), (NodeKind.Location, "location:houston, us", "Houston, US"),
        };
        foreach (var (kind, key, label) in selectors) b.Edge(records[0], b.Node(kind, key, label), kind == NodeKind.Location ? EdgeKind.LocatedIn : EdgeKind.Has, 1);
        var photo = b.Node(NodeKind.Image, "image:" + new string('a', 64), new string('a', 64));
        var repost = b.Node(NodeKind.Image, "image:" + new string('b', 64), new string('b', 64));
        b.Edge(records[0], photo, EdgeKind.Has, 1);
        b.Edge(records[1], repost, EdgeKind.Has, 1);
        b.Edge(photo, repost, EdgeKind.Resembles, 0.8);
        b.Edge(entity, b.Node(NodeKind.Entity, "entity:E8", "E8"), EdgeKind.Linked, 12.5);
        return b.Build();
    }

    [Fact]
    public void Every_ftm_line_is_valid_against_the_ftm_schema_files_and_no_two_keys_share_an_id()
    {
        var g = Network();
        var lines = Ftm(new ExportView(g));
        var ids = lines.Select(l => l.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var idSet = ids.ToHashSet();
        Assert.Empty(lines.SelectMany(l => FtmSchema.Shared.Problems(l, idSet)));
        // Every exportable node is there: before, the four handles were one id and non-ASCII keys broke the pattern.
        var exported = Enumerable.Range(0, g.NodeCount).Count(v => g.Kind(v) is not (NodeKind.Phone or NodeKind.Email or NodeKind.Url
            or NodeKind.Domain or NodeKind.Camera or NodeKind.PhotoFact));
        Assert.Equal(exported, lines.Count(l => l.GetProperty("schema").GetString() != "UnknownLink"));
        var wallet = lines.Single(l => l.GetProperty("schema").GetString() == "CryptoWallet").GetProperty("properties");
        Assert.Equal(("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "BTC"), (wallet.GetProperty("publicKey")[0].GetString(), wallet.GetProperty("currency")[0].GetString()));
        var account = lines.First(l => l.GetProperty("schema").GetString() == "UserAccount").GetProperty("properties");
        Assert.Equal(FtmWriter.Id(g, g.Find("entity:E7")), account.GetProperty("owner")[0].GetString());
        Assert.Contains(lines, l => l.GetProperty("schema").GetString() == "UnknownLink" && l.GetProperty("properties").GetProperty("role")[0].GetString() == "resembles");
        var keywords = lines.Single(l => l.GetProperty("id").GetString() == FtmWriter.Id(g, g.Find("record:citypulse:ad_1")))
            .GetProperty("properties").GetProperty("keywords").EnumerateArray().Select(k => k.GetString()).ToList();
        Assert.Equal(["camera:canon/083021001234", "device:canon/eos 80d", "taken:2024-05-03T21:14:09"], keywords);
    }

    [Theory]
    [InlineData("gexf")]
    [InlineData("graphml")]
    public void Xml_exports_of_text_with_characters_xml_cannot_hold_are_well_formed_and_gexf_is_valid(string format)
    {
        var b = new GraphBuilder();
        var hostile = b.Node(NodeKind.Record, "record:s:1", "bad \uFFFF \uFFFE \u0001 \uD800 lone, good \uD83D\uDE00 pair");
        b.Edge(hostile, b.Node(NodeKind.Phone, "phone:+1", "+1"), EdgeKind.Has, 1);
        var g = b.Build();
        var view = new ExportView(g, attributes: new Dictionary<string, IReadOnlyList<string>>
        {
            ["community"] = ["0", "1"], ["degree"] = ["1", "1"], ["pagerank"] = ["0.5", "0.5"],
        });
        using var stream = new MemoryStream();
        if (format == "gexf") GexfWriter.Write(view, stream); else GraphMlWriter.Write(view, stream);
        stream.Position = 0;
        var doc = XDocument.Load(stream);
        Assert.Contains(doc.Descendants().Attributes().Select(a => a.Value).Concat(doc.Descendants().Select(d => d.Value)),
            v => v.Contains("bad \uFFFD \uFFFD \uFFFD \uFFFD lone, good \uD83D\uDE00 pair", StringComparison.Ordinal));
        if (format == "gexf")
        {
            stream.Position = 0;
            AssertValidGexf(stream);
            var types = doc.Descendants().Where(e => e.Name.LocalName == "attributes" && (string)e.Attribute("class")! == "node")
                .Elements().ToDictionary(e => (string)e.Attribute("title")!, e => (string)e.Attribute("type")!);
            Assert.Equal(("long", "long", "double"), (types["community"], types["degree"], types["pagerank"]));
        }
    }

    [Fact]
    public void Gexf_exports_validate_against_the_gexf_13_schema()
    {
        using var stream = new MemoryStream();
        GexfWriter.Write(new ExportView(Network(), attributes: null), stream);
        stream.Position = 0;
        AssertValidGexf(stream);
    }

    private static void AssertValidGexf(Stream stream)
    {
        var schemas = new System.Xml.Schema.XmlSchemaSet { XmlResolver = new System.Xml.XmlUrlResolver() };
        schemas.Add("http://gexf.net/1.3", RepoPaths.Format("gexf-1.3/gexf.xsd"));
        var errors = new List<string>();
        var settings = new System.Xml.XmlReaderSettings { ValidationType = System.Xml.ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using (var reader = System.Xml.XmlReader.Create(stream, settings)) while (reader.Read()) { }
        Assert.Empty(errors);
    }

    private static List<JsonElement> Ftm(ExportView view)
    {
        var output = new StringWriter();
        FtmWriter.Write(view, output);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    [Fact]
    public void A_bad_edge_list_line_is_named()
    {
        using var folder = new TempFolder();
        var file = folder.Write("edges.csv", "source,target,weight\na,b,2\nc,d,heavy\n");
        var e = Assert.Throws<EdgeListException>(() => EdgeListReader.Read(file));
        Assert.Contains("edges.csv:3:", e.Message);
    }
}
