using System.Globalization;

namespace Minerva.Graph.Export;

/// <summary>
/// Two CSV files: edges as <c>source,target,weight,type</c> (node keys; the same layout <c>--edges</c> reads back) and
/// nodes as <c>key,label,kind,…extra attributes</c>.
/// </summary>
public static class CsvGraphWriter
{
    /// <summary>Writes the edge list to <paramref name="edges"/> and the node list to <paramref name="nodes"/>.</summary>
    public static void Write(ExportView view, TextWriter edges, TextWriter nodes)
    {
        var g = view.Graph;
        edges.WriteLine("source,target,weight,type");
        foreach (var (a, b, w, k) in view.Edges)
            edges.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Field(g.Key(a))},{Field(g.Key(b))},{w:R},{ExportView.Name(k)}"));
        var extra = view.Attributes.Keys.Order(StringComparer.Ordinal).ToList();
        nodes.WriteLine(string.Join(',', new[] { "key", "label", "kind" }.Concat(extra).Select(Field)));
        foreach (var v in view.Nodes)
            nodes.WriteLine(string.Join(',', new[] { g.Key(v), g.Label(v), ExportView.Name(g.Kind(v)) }
                .Concat(extra.Select(name => view.Attributes[name][v])).Select(Field)));
    }

    /// <summary>A CSV field, quoted when needed; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula.</summary>
    internal static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
