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
        var output = new StringWriter();
        FtmWriter.Write(new ExportView(Sample()), output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var document = lines.Single(l => l.GetProperty("schema").GetString() == "Document");
        Assert.Equal("+17135550142", document.GetProperty("properties").GetProperty("phone")[0].GetString());
        Assert.Equal(2, lines.Count(l => l.GetProperty("schema").GetString() == "UnknownLink"));
        Assert.DoesNotContain(lines, l => l.GetProperty("schema").GetString() == "Phone");
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
