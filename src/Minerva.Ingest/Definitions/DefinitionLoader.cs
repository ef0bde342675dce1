using System.Text.RegularExpressions;
using Minerva.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Minerva.Ingest.Definitions;

/// <summary>
/// Reads and validates a connector definition. Works on YAML nodes rather than binding to classes so that
/// every error can name the line it is on.
/// </summary>
public static class DefinitionLoader
{
    private static readonly string[] TopLevelKeys =
        ["source", "format", "encoding", "id", "record", "csv", "fields", "time", "selectors", "phone_region", "description"];

    private static readonly string[] SpecKeys = ["path", "column", "css", "attribute", "value", "file_name", "file_path", "row", "pattern"];

    /// <summary>The connectors shipped in <c>connectors/</c>, built in by name (as rule sets are): <c>-c citypulse</c>.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = typeof(DefinitionLoader).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("connectors/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n["connectors/".Length..^".yaml".Length]).Order(StringComparer.Ordinal).ToList();

    /// <summary>Loads a definition file, or a shipped connector by name when no such file exists.</summary>
    /// <exception cref="DefinitionException">The file is unreadable or invalid, or neither a file nor a shipped connector.</exception>
    public static ConnectorDefinition Load(string pathOrName)
    {
        if (File.Exists(pathOrName)) return Parse(File.ReadAllText(pathOrName), pathOrName);
        using var stream = pathOrName.Contains('/', StringComparison.Ordinal) || pathOrName.Contains('\\', StringComparison.Ordinal)
            ? null : typeof(DefinitionLoader).Assembly.GetManifestResourceStream($"connectors/{pathOrName}.yaml");
        if (stream is null)
            throw new DefinitionException(pathOrName, 0, $"connector definition not found, and not a shipped connector ({string.Join(", ", BuiltIn)})");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), $"connectors/{pathOrName}.yaml");
    }

    /// <summary>Parses definition text; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="DefinitionException">The text is not valid YAML or not a valid definition.</exception>
    public static ConnectorDefinition Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new DefinitionException(file, (int)e.Start.Line, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new DefinitionException(file, 0, "expected a mapping with 'source', 'format', 'id' and 'fields'");
        return new Reader(file).Read(root);
    }

    /// <summary>The definition storing its records under <paramref name="source"/> instead (one connector for two exports
    /// of the same layout, e.g. the two sides of a linkage).</summary>
    /// <exception cref="DefinitionException">Not a valid source name.</exception>
    public static ConnectorDefinition WithSource(ConnectorDefinition definition, string source) =>
        IsSourceName(source) ? definition with { Source = source } : throw new DefinitionException("--source", 0, SourceNameRule(source));

    private static bool IsSourceName(string source) => Regex.IsMatch(source, "^[A-Za-z0-9_.-]+$");

    private static string SourceNameRule(string source) => $"source '{source}' may hold only letters, digits, '_', '.' and '-'";

    private sealed class Reader(string file)
    {
        private SourceFormat _format;

        public ConnectorDefinition Read(YamlMappingNode root)
        {
            CheckKeys(root, TopLevelKeys, "top level");
            var source = RequiredScalar(root, "source");
            if (!IsSourceName(source.Value!)) throw Error(source, SourceNameRule(source.Value!));
            var formatNode = RequiredScalar(root, "format");
            if (!Enum.TryParse(formatNode.Value, ignoreCase: true, out _format) || int.TryParse(formatNode.Value, out _))
                throw Error(formatNode, $"unknown format '{formatNode.Value}'; expected one of jsonl, json, csv, html, images");
            var fields = ReadFields(Child(root, "fields"));
            var region = Child(root, "phone_region");
            string? regionConstant = null, regionField = null;
            if (region is YamlScalarNode r)
            {
                regionConstant = r.Value!.ToUpperInvariant();
                if (!Regex.IsMatch(regionConstant, "^[A-Z]{2}$")) throw Error(r, $"phone_region '{r.Value}' is not an ISO 3166 alpha-2 code");
            }
            else if (region is YamlMappingNode rm)
            {
                CheckKeys(rm, ["field"], "phone_region");
                var f = RequiredScalar(rm, "field");
                if (!fields.ContainsKey(f.Value!)) throw Error(f, $"phone_region refers to field '{f.Value}', which 'fields' does not map");
                regionField = f.Value;
            }
            var record = Child(root, "record");
            if (record is not null && _format != SourceFormat.Html) throw Error(record, "'record' applies to the html format only");
            if (record is YamlScalarNode recordSelector) CheckCss(recordSelector, recordSelector.Value!, "record");
            return new ConnectorDefinition
            {
                Source = source.Value!,
                Format = _format,
                Encoding = ReadEncoding(Child(root, "encoding")),
                Id = ReadSpecs(Child(root, "id") ?? throw Error(root, "missing 'id': how to build each record's native id"), "id"),
                HtmlRecord = (record as YamlScalarNode)?.Value,
                Csv = ReadCsv(Child(root, "csv")),
                Fields = fields,
                Time = ReadTime(Child(root, "time")),
                Selectors = ReadSelectors(Child(root, "selectors")),
                PhoneRegion = regionConstant,
                PhoneRegionField = regionField,
                DefinitionFile = file,
            };
        }

        private Dictionary<string, IReadOnlyList<ValueSpec>> ReadFields(YamlNode? node)
        {
            var fields = new Dictionary<string, IReadOnlyList<ValueSpec>>(StringComparer.Ordinal);
            if (node is null) return fields;
            if (node is not YamlMappingNode map) throw Error(node, "'fields' must map field names to sources");
            foreach (var (keyNode, value) in map.Children)
            {
                var name = ((YamlScalarNode)keyNode).Value!;
                if (!ConnectorDefinition.FieldNames.Contains(name))
                    throw Error(keyNode, $"unknown field '{name}'; expected one of {string.Join(", ", ConnectorDefinition.FieldNames)}");
                fields[name] = ReadSpecs(value, name);
            }
            return fields;
        }

        private List<ValueSpec> ReadSpecs(YamlNode node, string what) => node is YamlSequenceNode seq
            ? seq.Children.Select(c => ReadSpec(c, what)).ToList()
            : [ReadSpec(node, what)];

        /// <summary>A scalar is shorthand for the format's natural key: a JSON path, a CSV column or a CSS selector.</summary>
        private ValueSpec ReadSpec(YamlNode node, string what)
        {
            var line = (int)node.Start.Line;
            if (node is YamlScalarNode scalar)
            {
                if (_format == SourceFormat.Html && scalar.Value is { Length: > 0 } selector) CheckCss(scalar, selector, what);
                return _format switch
                {
                    SourceFormat.Csv => new ValueSpec(Column: scalar.Value, Line: line),
                    SourceFormat.Html => new ValueSpec(Css: scalar.Value, Line: line),
                    SourceFormat.Images => throw Error(node, $"{what}: the images format takes 'file_path: true', 'file_name: true' or 'value'"),
                    _ => new ValueSpec(Path: scalar.Value, Line: line),
                };
            }
            if (node is not YamlMappingNode map) throw Error(node, $"{what}: expected a value source such as {{ path: name }}");
            CheckKeys(map, SpecKeys.Concat(what == "selectors" ? ["kind", "platform"] : []).ToArray(), what);
            var spec = new ValueSpec(
                Path: Scalar(map, "path"), Column: Scalar(map, "column"), Css: Scalar(map, "css"), Attribute: Scalar(map, "attribute"),
                Constant: Scalar(map, "value"), FileName: Scalar(map, "file_name") is "true" or "yes", Pattern: ReadPattern(map, what),
                Line: line, Row: Scalar(map, "row") is "true" or "yes", FilePath: Scalar(map, "file_path") is "true" or "yes");
            var sources = new[] { spec.Path is not null, spec.Column is not null, spec.Css is not null || spec.Attribute is not null, spec.Constant is not null, spec.FileName, spec.Row, spec.FilePath };
            if (sources.Count(s => s) != 1)
                throw Error(node, $"{what}: give exactly one of path, column, css (with optional attribute), value, file_name, file_path or row");
            if (spec.Css is { Length: > 0 } css && _format == SourceFormat.Html) CheckCss(node, css, what);
            var wrong = (spec.Path, spec.Column, spec.Css ?? spec.Attribute) switch
            {
                (not null, _, _) when _format is not (SourceFormat.Json or SourceFormat.Jsonl) => "path is for json and jsonl sources",
                (_, not null, _) when _format != SourceFormat.Csv => "column is for csv sources",
                (_, _, not null) when _format != SourceFormat.Html => "css and attribute are for html sources",
                _ => null,
            };
            return wrong is null ? spec : throw Error(node, $"{what}: {wrong}, and this one is {_format.ToString().ToLowerInvariant()}");
        }

        /// <summary>
        /// Compiles a CSS selector the way ingest will use it, so a typo is reported here, with its line, and not as a
        /// crash halfway through a folder of pages.
        /// </summary>
        private void CheckCss(YamlNode node, string selector, string what)
        {
            try
            {
                EmptyPage.Value.QuerySelectorAll(selector);
            }
            catch (AngleSharp.Dom.DomException)
            {
                throw Error(node, $"{what}: '{selector}' is not a valid CSS selector");
            }
        }

        private static readonly Lazy<AngleSharp.Html.Dom.IHtmlDocument> EmptyPage =
            new(() => new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<html></html>"));

        private Regex? ReadPattern(YamlMappingNode map, string what)
        {
            if (Child(map, "pattern") is not YamlScalarNode node) return null;
            try
            {
                var regex = new Regex(node.Value!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                return regex.GetGroupNumbers().Length >= 2 ? regex : throw Error(node, $"{what}: pattern needs a capture group ( ) around the part to keep");
            }
            catch (ArgumentException e)
            {
                throw Error(node, $"{what}: invalid pattern: {e.Message}");
            }
        }

        private List<SelectorSpec> ReadSelectors(YamlNode? node)
        {
            if (node is null) return [];
            if (node is not YamlSequenceNode seq) throw Error(node, "'selectors' must be a list of { kind, <source> }");
            var list = new List<SelectorSpec>();
            foreach (var item in seq.Children)
            {
                if (item is not YamlMappingNode map) throw Error(item, "selectors: each entry needs a kind and a source");
                var kindNode = RequiredScalar(map, "kind");
                if (!SelectorKinds.TryParse(kindNode.Value, out var kind) || kind is SelectorKind.ImageHash or SelectorKind.CameraSerial or SelectorKind.Domain)
                    throw Error(kindNode, $"selectors: unknown kind '{kindNode.Value}'; expected phone, email, handle, url or wallet");
                var platform = Child(map, "platform");
                var platformSpec = platform switch
                {
                    null => null,
                    YamlScalarNode s => new ValueSpec(Constant: s.Value, Line: (int)s.Start.Line),
                    _ => ReadSpec(platform, "platform"),
                };
                if (platformSpec is not null && kind != SelectorKind.Handle) throw Error(platform!, "selectors: platform applies to handles only");
                list.Add(new SelectorSpec(kind, ReadSpec(map, "selectors") with { }, platformSpec));
            }
            return list;
        }

        private Readers.TextEncoding ReadEncoding(YamlNode? node)
        {
            var name = (node as YamlScalarNode)?.Value?.ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal);
            return name switch
            {
                null or "utf-8" or "utf8" => Readers.TextEncoding.Utf8,
                "latin-1" or "latin1" or "iso-8859-1" => Readers.TextEncoding.Latin1,
                "auto" => Readers.TextEncoding.Auto,
                _ => throw Error(node!, $"unknown encoding '{name}'; expected utf-8, latin-1 or auto (UTF-8, else Latin-1, line by line)"),
            };
        }

        private CsvOptions ReadCsv(YamlNode? node)
        {
            if (node is null) return new CsvOptions();
            if (node is not YamlMappingNode map || _format != SourceFormat.Csv) throw Error(node, "'csv' takes { delimiter, quote } and applies to csv sources");
            CheckKeys(map, ["delimiter", "quote"], "csv");
            var delimiter = Scalar(map, "delimiter") ?? ",";
            var quote = Scalar(map, "quote") ?? "\"";
            if (delimiter == "\\t" || delimiter == "tab") delimiter = "\t";
            if (delimiter.Length != 1 || quote.Length != 1) throw Error(node, "csv: delimiter and quote must be one character each");
            return new CsvOptions(delimiter[0], quote[0]);
        }

        private TimeFormat? ReadTime(YamlNode? node)
        {
            if (node is null) return null;
            if (node is not YamlMappingNode map) throw Error(node, "'time' takes { format }");
            CheckKeys(map, ["format"], "time");
            return new TimeFormat(RequiredScalar(map, "format").Value!);
        }

        private void CheckKeys(YamlMappingNode map, string[] allowed, string where)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null || !allowed.Contains(name))
                    throw Error(key, $"{where}: unknown key '{name}'; expected one of {string.Join(", ", allowed)}");
            }
        }

        private YamlScalarNode RequiredScalar(YamlMappingNode map, string key) =>
            Child(map, key) as YamlScalarNode is { Value.Length: > 0 } s ? s : throw Error(map, $"missing '{key}'");

        private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        private DefinitionException Error(YamlNode node, string message) => new(file, (int)node.Start.Line, message);
    }
}
