using System.Globalization;
using System.Xml;

namespace Minerva.Graph.Export;

/// <summary>GraphML (graphml.graphdrawing.org 1.0) for Gephi, yEd and Cytoscape: node label, kind, key and extra attributes; edge weight and kind.</summary>
public static class GraphMlWriter
{
    private const string Ns = "http://graphml.graphdrawing.org/xmlns";

    /// <summary>Writes the view to <paramref name="output"/>.</summary>
    public static void Write(ExportView view, Stream output)
    {
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        xml.WriteStartDocument();
        xml.WriteStartElement("graphml", Ns);
        xml.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
        xml.WriteAttributeString("xsi", "schemaLocation", "http://www.w3.org/2001/XMLSchema-instance",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd");
        Key(xml, "label", "node", "label", "string");
        Key(xml, "kind", "node", "kind", "string");
        Key(xml, "key", "node", "key", "string");
        var extra = view.Attributes.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < extra.Count; i++) Key(xml, $"a{i}", "node", extra[i], ExportView.TypeOf(extra[i]));
        Key(xml, "weight", "edge", "weight", "double");
        Key(xml, "edgekind", "edge", "kind", "string");
        xml.WriteStartElement("graph", Ns);
        xml.WriteAttributeString("id", "minerva");
        xml.WriteAttributeString("edgedefault", "undirected");
        var g = view.Graph;
        foreach (var v in view.Nodes)
        {
            xml.WriteStartElement("node", Ns);
            xml.WriteAttributeString("id", $"n{v}");
            Data(xml, "label", g.Label(v));
            Data(xml, "kind", ExportView.Name(g.Kind(v)));
            Data(xml, "key", g.Key(v));
            for (var i = 0; i < extra.Count; i++) Data(xml, $"a{i}", view.Attributes[extra[i]][v]);
            xml.WriteEndElement();
        }
        var e = 0;
        foreach (var (a, b, w, k) in view.Edges)
        {
            xml.WriteStartElement("edge", Ns);
            xml.WriteAttributeString("id", $"e{e++}");
            xml.WriteAttributeString("source", $"n{a}");
            xml.WriteAttributeString("target", $"n{b}");
            Data(xml, "weight", w.ToString("R", CultureInfo.InvariantCulture));
            Data(xml, "edgekind", ExportView.Name(k));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void Key(XmlWriter xml, string id, string scope, string name, string type)
    {
        xml.WriteStartElement("key", Ns);
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("for", scope);
        xml.WriteAttributeString("attr.name", name);
        xml.WriteAttributeString("attr.type", type);
        xml.WriteEndElement();
    }

    private static void Data(XmlWriter xml, string key, string value)
    {
        xml.WriteStartElement("data", Ns);
        xml.WriteAttributeString("key", key);
        xml.WriteString(Clean(value));
        xml.WriteEndElement();
    }

    /// <summary>
    /// XML 1.0 cannot carry most control characters, U+FFFE, U+FFFF or a lone surrogate, and record text (hostile ad
    /// text) sometimes holds them: each becomes U+FFFD, so the export stays well-formed and shows where something was.
    /// </summary>
    internal static string Clean(string value)
    {
        var bad = FirstInvalid(value);
        if (bad < 0) return value;
        var chars = value.ToCharArray();
        for (var i = bad; i < chars.Length; i++)
        {
            if (i + 1 < chars.Length && XmlConvert.IsXmlSurrogatePair(chars[i + 1], chars[i])) i++;
            else if (!XmlConvert.IsXmlChar(chars[i])) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    private static int FirstInvalid(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i])) i++;
            else if (!XmlConvert.IsXmlChar(value[i])) return i;
        }
        return -1;
    }
}
