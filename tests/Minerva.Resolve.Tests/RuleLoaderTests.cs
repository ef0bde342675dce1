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
    [InlineData("people-linkage.yaml")]
    [InlineData("bibliographic.yaml")]
    [InlineData("products.yaml")]
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
    [InlineData("link_probability: 0.99\nlink_threshold: 5", 7, "not both")]
    [InlineData("link_probability: 1", 7, "between")]
    [InlineData("cannot_link: -3\nlink_threshold: -5", 7, "must be below the link threshold")]
    [InlineData("link: { across: [people, acm] }", 7, "'acm', which is not in 'sources'")]
    [InlineData("link: { across: [people] }", 7, "two different sources")]
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
    [InlineData("{ name: x, field: price, method: relative, levels: [0.2, 0.1] }", "increasing differences")]
    [InlineData("{ name: x, field: a, method: tfidf, levels: [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3] }", "at most 15")]
    [InlineData("{ name: x, field: a, min_tokens: 3 }", "minhash comparisons only")]
    public void Invalid_comparisons_name_the_line_and_the_problem(string comparison, string message)
    {
        var e = Assert.Throws<RuleException>(() => RuleLoader.Parse(Valid + "\n  - " + comparison, "t.yaml"));
        Assert.StartsWith("t.yaml:7:", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Linkage_rules_read_the_two_sources_a_probability_threshold_rare_words_and_numeric_bands()
    {
        var rules = RuleLoader.Parse("""
            name: t
            sources: [a, b]
            link: { across: [a, b], one_to_one: true }
            link_probability: 0.999
            blocking:
              tokens: { field: title, max_records: 25 }
            comparisons:
              - { name: year, field: year, method: absolute, levels: [1, 5] }
              - { name: price, field: price, method: relative, levels: [0.1] }
              - { name: text, minhash: text, levels: [0.8], min_tokens: 4 }
            """, "t.yaml");
        Assert.Equal(["a", "b"], rules.Link!.Across);
        Assert.True(rules.Link.OneToOne);
        Assert.Equal(Math.Log2(0.999 / 0.001), rules.LinkThreshold, 1e-9);
        Assert.Equal(("title", 25), (rules.Blocking.Tokens!.Field, rules.Blocking.Tokens.MaxRecords));
        Assert.Equal(["exact", "<=1", "<=5", "different"], rules.Comparisons[0].Levels);
        Assert.Equal(["exact", "<=0.1 rel", "different"], rules.Comparisons[1].Levels);
        Assert.Equal(4, Assert.IsType<TextComparison>(rules.Comparisons[2]).MinTokens);
        Assert.Equal(-20, rules.CannotLink);
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
        Assert.Contains("ads, bibliographic, people, people-linkage, products", e.Message);
    }

    [Fact]
    public void Covers_star_means_every_source()
    {
        var rules = RuleLoader.Load("ads");
        Assert.True(rules.Covers("anything"));
        Assert.Contains(SelectorKind.Phone, rules.Blocking.Selectors);
    }
}
