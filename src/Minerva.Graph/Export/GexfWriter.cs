using System.Globalization;
using System.Xml;

namespace Minerva.Graph.Export;

/// <summary>GEXF 1.3 (gexf.net), Gephi's native format: node label and attributes (kind, key, extras); edge weight and kind.</summary>
public static class GexfWriter
{
    private const string Ns = "http://gexf.net/1.3";

    /// <summary>Writes the view to <paramref name="output"/>.</summary>
    public static void Write(ExportView view, Stream output)
    {
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        xml.WriteStartDocument();
        xml.WriteStartElement("gexf", Ns);
        xml.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
        xml.WriteAttributeString("xsi", "schemaLocation", "http://www.w3.org/2001/XMLSchema-instance", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd");
        xml.WriteAttributeString("version", "1.3");
        xml.WriteStartElement("meta", Ns);
        xml.WriteElementString("creator", Ns, "Minerva");
        xml.WriteEndElement();
        xml.WriteStartElement("graph", Ns);
        xml.WriteAttributeString("defaultedgetype", "undirected");
        xml.WriteAttributeString("mode", "static");
        var names = new List<string> { "kind", "key" };
        names.AddRange(view.Attributes.Keys.Order(StringComparer.Ordinal));
        Attributes(xml, "node", names);
        Attributes(xml, "edge", ["kind"]);
        var g = view.Graph;
        xml.WriteStartElement("nodes", Ns);
        foreach (var v in view.Nodes)
        {
            xml.WriteStartElement("node", Ns);
            xml.WriteAttributeString("id", v.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("label", GraphMlWriter.Clean(g.Label(v)));
            var values = new List<string> { ExportView.Name(g.Kind(v)), g.Key(v) };
            values.AddRange(names.Skip(2).Select(n => view.Attributes[n][v]));
            Values(xml, values);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteStartElement("edges", Ns);
        var e = 0;
        foreach (var (a, b, w, k) in view.Edges)
        {
            xml.WriteStartElement("edge", Ns);
            xml.WriteAttributeString("id", (e++).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("source", a.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("target", b.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("weight", w.ToString("R", CultureInfo.InvariantCulture));
            Values(xml, [ExportView.Name(k)]);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void Attributes(XmlWriter xml, string scope, IReadOnlyList<string> names)
    {
        xml.WriteStartElement("attributes", Ns);
        xml.WriteAttributeString("class", scope);
        for (var i = 0; i < names.Count; i++)
        {
            xml.WriteStartElement("attribute", Ns);
            xml.WriteAttributeString("id", i.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("title", names[i]);
            xml.WriteAttributeString("type", ExportView.TypeOf(names[i]));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Values(XmlWriter xml, IReadOnlyList<string> values)
    {
        xml.WriteStartElement("attvalues", Ns);
        for (var i = 0; i < values.Count; i++)
        {
            xml.WriteStartElement("attvalue", Ns);
            xml.WriteAttributeString("for", i.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("value", GraphMlWriter.Clean(values[i]));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }
}
