using System.Text.Json;
using System.Text.RegularExpressions;
using Minerva.Testing;
using YamlDotNet.RepresentationModel;

namespace Minerva.Graph.Tests;

/// <summary>
/// FollowTheMoney's schema as its own YAML files define it (../shared/formats/ftm-schema): each schema's properties
/// and required properties including those of the schemata it extends. Validates exported lines the way FtM's loaders
/// treat them: an undefined property would be dropped, a missing required one or a bad id refused.
/// </summary>
internal sealed partial class FtmSchema
{
    private readonly Dictionary<string, (List<string> Extends, Dictionary<string, string> Properties, List<string> Required, bool Abstract)> _schemata = [];

    public static FtmSchema Shared { get; } = new(RepoPaths.Format("ftm-schema"));

    private FtmSchema(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)))
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(file)) yaml.Load(reader);
            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) continue;
            foreach (var (name, node) in root.Children)
            {
                if (node is not YamlMappingNode schema) continue;
                var properties = new Dictionary<string, string>(StringComparer.Ordinal);
                if (Child(schema, "properties") is YamlMappingNode props)
                    foreach (var (p, def) in props.Children)
                        properties[((YamlScalarNode)p).Value!] = (def is YamlMappingNode m ? (Child(m, "type") as YamlScalarNode)?.Value : null) ?? "string";
                _schemata[((YamlScalarNode)name).Value!] = (List(schema, "extends"), properties, List(schema, "required"),
                    (Child(schema, "abstract") as YamlScalarNode)?.Value == "true");
            }
        }
    }

    /// <summary>Every problem FtM would have with one exported line; empty when it is valid.</summary>
    public IEnumerable<string> Problems(JsonElement line, ISet<string> ids)
    {
        var id = line.GetProperty("id").GetString()!;
        var schema = line.GetProperty("schema").GetString()!;
        if (!IdPattern().IsMatch(id)) yield return $"{id}: not a valid FtM id";
        if (!_schemata.TryGetValue(schema, out var s)) { yield return $"{id}: no schema {schema}"; yield break; }
        if (s.Abstract) yield return $"{id}: {schema} is abstract";
        var all = Properties(schema);
        var given = line.GetProperty("properties");
        foreach (var property in given.EnumerateObject())
        {
            if (!all.TryGetValue(property.Name, out var type)) { yield return $"{id}: {schema} has no property {property.Name}"; continue; }
            if (type == "entity")
                foreach (var target in property.Value.EnumerateArray())
                    if (!ids.Contains(target.GetString()!)) yield return $"{id}: {property.Name} points at {target} outside the export";
        }
        foreach (var required in Required(schema))
            if (!given.TryGetProperty(required, out var values) || values.GetArrayLength() == 0) yield return $"{id}: {schema} requires {required}";
    }

    private Dictionary<string, string> Properties(string schema)
    {
        var (extends, own, _, _) = _schemata[schema];
        var all = new Dictionary<string, string>(own, StringComparer.Ordinal);
        foreach (var parent in extends)
            foreach (var (k, v) in Properties(parent)) all.TryAdd(k, v);
        return all;
    }

    private IEnumerable<string> Required(string schema) =>
        _schemata[schema].Required.Concat(_schemata[schema].Extends.SelectMany(Required)).Distinct();

    private static List<string> List(YamlMappingNode map, string key) =>
        Child(map, key) is YamlSequenceNode seq ? seq.Children.Select(c => ((YamlScalarNode)c).Value!).ToList() : [];

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    [GeneratedRegex("^[0-9a-zA-Z]([0-9a-zA-Z.\\-]*[0-9a-zA-Z])?$")]
    private static partial Regex IdPattern();
}
