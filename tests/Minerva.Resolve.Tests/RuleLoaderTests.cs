using Minerva.Core;
using Minerva.Resolve.Rules;
using Minerva.Testing;

namespace Minerva.Resolve.Tests;

public sealed class RuleLoaderTests
{
    private const string Valid = """
        name: t
        sources: [people]
        blocking:
          keys: [[surname:3, dob]]
        comparisons:
          - { name: surname, field: surname, method: jaro_winkler, levels: [0.9, 0.8] }
        """;

    [Theory]
    [InlineData("ads.yaml")]
    [InlineData("people.yaml")]
    public void The_shipped_rule_files_load_and_match_the_built_in_copies(string file)
    {
        var fromFile = RuleLoader.Load(RepoPaths.Rules(file));
        var builtIn = RuleLoader.Load(Path.GetFileNameWithoutExtension(file));
        Assert.Equal(fromFile.Text, builtIn.Text);
        Assert.NotEmpty(fromFile.Comparisons);
    }

    [Fact]
    public void A_valid_rule_set_reads_every_setting()
    {
        var rules = RuleLoader.Parse(Valid, "t.yaml");
        Assert.Equal(["people"], rules.Sources);
        var key = Assert.Single(rules.Blocking.Keys);
        Assert.Equal("surname[:3]+dob", key.ToString());
        var comparison = Assert.IsType<FieldComparison>(Assert.Single(rules.Comparisons));
        Assert.Equal(["exact", ">=0.9", ">=0.8", "different"], comparison.Levels);
        Assert.Equal(4, rules.LinkThreshold);
    }

    [Theory]
    [InlineData("link_treshold: 5", 7, "unknown key 'link_treshold'")] // a typo must not silently keep the default
    [InlineData("link_threshold: 500", 7, "between")]
    [InlineData("hubs: { max_records: 1 }", 7, "'max_records' is 1")]
    public void Invalid_top_level_settings_name_the_line(string extra, int line, string message)
    {
        var e = Assert.Throws<RuleException>(() => RuleLoader.Parse(Valid + "\n" + extra, "t.yaml"));
        Assert.StartsWith($"t.yaml:{line}:", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("{ name: x, selector: fax }", "unknown selector kind 'fax'")]
    [InlineData("{ name: x, field: a, method: soundex }", "unknown method 'soundex'")]
    [InlineData("{ name: x, field: a, method: jaro_winkler, levels: [0.8, 0.9] }", "decreasing")]
    [InlineData("{ name: x, field: a, method: jaro_winkler, levels: [1.5] }", "between")]
    [InlineData("{ name: x, field: a, selector: phone }", "exactly one of")]
    [InlineData("{ name: surname, field: b }", "used twice")]
    [InlineData("{ name: x, selector: phone, similar: 0.9 }", "handle comparisons only")]
    [InlineData("{ name: x, within_days: [30, 7] }", "increasing")]
    public void Invalid_comparisons_name_the_line_and_the_problem(string comparison, string message)
    {
        var e = Assert.Throws<RuleException>(() => RuleLoader.Parse(Valid + "\n  - " + comparison, "t.yaml"));
        Assert.StartsWith("t.yaml:7:", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Blocking_must_generate_some_candidates()
    {
        var yaml = "name: t\nsources: ['*']\nblocking: { max_block: 10 }\ncomparisons: [{ name: p, selector: phone }]";
        var e = Assert.Throws<RuleException>(() => RuleLoader.Parse(yaml, "t.yaml"));
        Assert.Contains("at least one of", e.Message);
    }

    [Fact]
    public void A_missing_rule_file_lists_the_built_in_sets()
    {
        var e = Assert.Throws<RuleException>(() => RuleLoader.Load("no-such-rules"));
        Assert.Contains("ads, people", e.Message);
    }

    [Fact]
    public void Covers_star_means_every_source()
    {
        var rules = RuleLoader.Load("ads");
        Assert.True(rules.Covers("anything"));
        Assert.Contains(SelectorKind.Phone, rules.Blocking.Selectors);
    }
}
