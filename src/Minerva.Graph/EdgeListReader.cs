using System.Globalization;

namespace Minerva.Graph;

/// <summary>A bad line in an edge list; the message names the file and line.</summary>
public sealed class EdgeListException(string message) : Exception(message);

/// <summary>
/// Reads a network a team brings from elsewhere: CSV <c>source,target[,weight][,type]</c> with an optional header
/// (detected when its weight column is not a number). Nodes are created from the names, of kind <c>Other</c>
/// unless the name looks like <c>phone:…</c>, <c>email:…</c> and so on.
/// </summary>
public static class EdgeListReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="EdgeListException">Missing file, or a line with fewer than two fields, an empty name or a bad weight.</exception>
    public static Graph Read(string path)
    {
        if (!File.Exists(path)) throw new EdgeListException($"{path}: edge list not found");
        var builder = new GraphBuilder();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text) || text.StartsWith('#')) continue;
            var fields = SplitCsv(text);
            if (line == 1 && fields.Length >= 2 && fields[0].Equals("source", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Length < 2 || fields[0].Length == 0 || fields[1].Length == 0)
                throw new EdgeListException($"{path}:{line}: expected 'source,target[,weight][,type]', found '{text}'");
            var weight = 1.0;
            if (fields.Length >= 3 && fields[2].Length > 0 &&
                (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !double.IsFinite(weight) || weight <= 0))
                throw new EdgeListException($"{path}:{line}: weight '{fields[2]}' is not a positive number");
            var kind = fields.Length >= 4 && Enum.TryParse<EdgeKind>(fields[3], ignoreCase: true, out var k) ? k : EdgeKind.Other;
            var a = builder.Node(KindOf(fields[0]), fields[0]);
            var b = builder.Node(KindOf(fields[1]), fields[1]);
            if (a != b) builder.Edge(a, b, kind, weight);
        }
        return builder.Build();
    }

    /// <summary>Fields of one CSV line: quoted fields may hold commas and doubled quotes.</summary>
    internal static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') field.Append(line[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else field.Append(c);
        }
        fields.Add(field.ToString().Trim());
        return [.. fields];
    }

    /// <summary>The kind a key's prefix names (<c>phone:</c>, <c>entity:</c>…), else <see cref="NodeKind.Other"/>.</summary>
    public static NodeKind KindOf(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Enum.TryParse<NodeKind>(key[..colon], ignoreCase: true, out var kind) && !int.TryParse(key[..colon], out _) ? kind : NodeKind.Other;
    }
}
