using Minerva.Ingest.Definitions;
using Minerva.Testing;

namespace Minerva.Ingest.Tests;

public class DefinitionLoaderTests
{
    [Theory]
    [InlineData("citypulse.yaml", SourceFormat.Jsonl)]
    [InlineData("vipdirectory.yaml", SourceFormat.Html)]
    [InlineData("profiles.yaml", SourceFormat.Csv)]
    [InlineData("photos.yaml", SourceFormat.Images)]
    [InlineData("cases.yaml", SourceFormat.Csv)]
    [InlineData("generated-ads.yaml", SourceFormat.Jsonl)]
    public void Every_shipped_connector_loads(string file, SourceFormat format) =>
        Assert.Equal(format, DefinitionLoader.Load(RepoPaths.Connector(file)).Format);

    [Theory]
    // Each bad definition and the line and words its error must name.
    [InlineData("source: s\nformat: jsonl\nid: { path: id }\nfeilds:\n  title: t\n", 4, "unknown key 'feilds'")]
    [InlineData("source: s\nformat: jsonl\nid: { path: id }\nfields:\n  titel: t\n", 5, "unknown field 'titel'")]
    [InlineData("source: s\nformat: xml\nid: { path: id }\n", 2, "unknown format 'xml'")]
    [InlineData("source: s\nformat: csv\nid: { path: id }\n", 3, "path is for json and jsonl sources")]
    [InlineData("source: s\nformat: jsonl\nid: { path: id }\nphone_region: USA\n", 4, "not an ISO 3166 alpha-2")]
    [InlineData("source: s\nformat: jsonl\nid: { path: id }\nphone_region: { field: country }\n", 4, "which 'fields' does not map")]
    [InlineData("source: s\nformat: html\nid: { css: a }\nfields:\n  country: { css: span, pattern: \"[A-Z]{2}\" }\n", 5, "needs a capture group")]
    [InlineData("source: s\nformat: html\nid: { css: a }\nfields:\n  country: { css: span, pattern: \"(\" }\n", 5, "invalid pattern")]
    [InlineData("source: s\nformat: jsonl\nid: { path: id, column: x }\n", 3, "exactly one of")]
    [InlineData("source: s\nformat: jsonl\nid: { path: id }\nselectors:\n  - kind: fax\n    path: f\n", 5, "unknown kind 'fax'")]
    [InlineData("source: s\nformat: jsonl\nfields: {}\n", 1, "missing 'id'")]
    // A CSS typo passed the check and then crashed ingest halfway through a folder (AngleSharp's DomException).
    [InlineData("source: s\nformat: html\nrecord: \"div[\"\nid: { css: a }\n", 3, "'div[' is not a valid CSS selector")]
    [InlineData("source: s\nformat: html\nid: \"a:::b\"\n", 3, "not a valid CSS selector")]
    [InlineData("source: s\nformat: html\nid: { css: a }\nfields:\n  title: { css: \"h1 >> \", attribute: x }\n", 5, "not a valid CSS selector")]
    [InlineData("source: a:b\nformat: jsonl\nid: { path: id }\n", 1, "may hold only letters")]
    [InlineData("source: s\nformat: jsonl\nid: { path: id\n", 4, "not valid YAML")] // the parser notices at the end of input
    public void A_bad_definition_names_the_file_line_and_problem(string yaml, int line, string message)
    {
        var e = Assert.Throws<DefinitionException>(() => DefinitionLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"bad.yaml:{line}:", e.Message);
    }

    /// <summary>Every shipped connector loads by name, as from its file; a name that is neither lists what is shipped.</summary>
    [Fact]
    public void Shipped_connectors_load_by_name()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "connectors"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);
        Assert.Equal(files, DefinitionLoader.BuiltIn);
        foreach (var name in DefinitionLoader.BuiltIn)
        {
            var (byName, byFile) = (DefinitionLoader.Load(name), DefinitionLoader.Load(RepoPaths.Connector($"{name}.yaml")));
            Assert.Equal((byFile.Source, byFile.Format, byFile.Selectors.Count), (byName.Source, byName.Format, byName.Selectors.Count));
            Assert.Equal($"connectors/{name}.yaml", byName.DefinitionFile);
        }
        var missing = Assert.Throws<DefinitionException>(() => DefinitionLoader.Load("citypluse"));
        Assert.Contains("citypulse", missing.Message);
        Assert.Throws<DefinitionException>(() => DefinitionLoader.Load("no/such/citypulse"));
    }

    [Fact]
    public void A_missing_definition_file_is_a_clear_error() =>
        Assert.Contains("not found", Assert.Throws<DefinitionException>(() => DefinitionLoader.Load("/no/such/connector.yaml")).Message);

    [Fact]
    public void Scalars_are_shorthand_for_the_formats_natural_key()
    {
        var csv = DefinitionLoader.Parse("source: s\nformat: csv\nid: username\nfields:\n  text: [bio, notes]\n", "x.yaml");
        Assert.Equal("username", csv.Id[0].Column);
        Assert.Equal(["bio", "notes"], csv.Fields["text"].Select(s => s.Column));
    }
}
