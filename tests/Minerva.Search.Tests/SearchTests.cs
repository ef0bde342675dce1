using Minerva.Core;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Testing;

namespace Minerva.Search.Tests;

/// <summary>Search over the shared samples, through the shipped connectors.</summary>
public sealed class SearchTests : WorkspaceTest
{
    private readonly RecordIndex _index;
    private readonly Searcher _searcher;

    public SearchTests()
    {
        foreach (var (connector, input) in new[] { ("citypulse.yaml", "citypulse/ads.jsonl"), ("vipdirectory.yaml", "vipdirectory"), ("profiles.yaml", "profiles.csv") })
            new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector(connector)), [RepoPaths.Sample(input)]);
        _index = RecordIndex.Open(Workspace);
        _searcher = new Searcher(Workspace, _index);
    }

    protected override void Closing() => _index.Dispose();

    private string[] Keys(string query, SearchOptions? options = null, RecordFilter? filter = null) =>
        _searcher.Search(query, options ?? new SearchOptions(Region: "US"), filter).Select(h => h.Record.Key.ToString()).Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData("phone:+17135550142")]
    [InlineData("phone:7135550142")]
    [InlineData("phone:\"(713) 555-0142\"")] // quoted: a value with spaces
    [InlineData("phone:713.555.O142")] // the same obfuscation the ad used
    [InlineData("phone:seven-one-three-555-0142")]
    public void A_phone_finds_every_record_however_the_number_was_written(string query) =>
        Assert.Equal(["citypulse:cp-88123", "citypulse:cp-88190", "citypulse:cp-88411", "profiles:instagram/mia.rose22"], Keys(query));

    [Fact]
    public void Email_handle_and_wallet_terms_are_normalised_like_the_text()
    {
        Assert.Equal(["citypulse:cp-88190"], Keys("email:Mia.Rose22@GMAIL.com"));
        Assert.Equal(["citypulse:cp-88123", "profiles:instagram/mia.rose22"], Keys("handle:instagram/mia.rose22"));
        Assert.Equal(["citypulse:cp-88123", "profiles:instagram/mia.rose22"], Keys("handle:@Mia.Rose22")); // any platform
        Assert.Equal(["profiles:telegram/katya_ams", "vipdirectory:l-501"], Keys("handle:katya_ams"));
        Assert.Equal(["citypulse:cp-90351"], Keys("wallet:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"));
        Assert.Equal(["citypulse:cp-91000", "citypulse:cp-91001"], Keys("domain:www.example-spa.test"));
    }

    [Fact]
    public void Words_and_selectors_combine_and_filters_narrow()
    {
        Assert.Equal(["citypulse:cp-88411"], Keys("girls phone:+17135550142"));
        Assert.Equal(["citypulse:cp-88190"], Keys("mia location:Dallas"));
        Assert.Equal(["citypulse:cp-91001"], Keys("massage from:2024-06-02"));
        Assert.Equal(["citypulse:cp-91000"], Keys("massage to:2024-06-02"));
        Assert.Equal(["vipdirectory:l-501", "vipdirectory:l-502", "vipdirectory:l-503"], Keys("source:vipdirectory", filter: new RecordFilter(Location: "NL")));
    }

    [Fact]
    public void A_phone_from_a_European_listing_needs_its_region_or_international_form()
    {
        Assert.Equal(["vipdirectory:l-601", "vipdirectory:l-602"], Keys("phone:+4915123456789"));
        Assert.Equal(["vipdirectory:l-601", "vipdirectory:l-602"], Keys("phone:015123456789", new SearchOptions(Region: "DE")));
    }

    [Fact]
    public void Fuzzy_search_finds_misspelt_words()
    {
        Assert.Empty(Keys("masage relaxng"));
        Assert.Equal(["citypulse:cp-91000", "citypulse:cp-91001"], Keys("masage relaxng", new SearchOptions(Fuzzy: true)));
        Assert.Equal(Keys("amsterdam"), Keys("amsterdm~"));
        Assert.NotEmpty(Keys("amsterdam"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_query_is_refused(string query) =>
        Assert.Throws<QueryException>(() => _searcher.Search(query, new SearchOptions()));

    [Theory]
    [InlineData("phone:12", "not a valid phone")]
    [InlineData("email:nobody", "not a valid email")]
    [InlineData("wallet:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp", "not a valid wallet")]
    [InlineData("from:yesterday", "expected a date")]
    public void A_term_that_cannot_be_read_says_which_and_why(string query, string message) =>
        Assert.Contains(message, Assert.Throws<QueryException>(() => _searcher.Search(query, new SearchOptions(Region: "US"))).Message);

    [Fact]
    public void A_national_phone_without_a_region_suggests_giving_one() =>
        Assert.Contains("--region", Assert.Throws<QueryException>(() => _searcher.Search("phone:0612345678", new SearchOptions())).Message);

    [Fact]
    public void Parse_separates_terms_phrases_filters_and_operators()
    {
        var q = QueryParser.Parse("lily \"new in town\" source:citypulse phone:+15125550177 (mia OR -ava) title:x*", "US");
        var and = Assert.IsType<AndNode>(q);
        Assert.Equal(new WordNode("lily"), and.Parts[0]);
        Assert.Equal(new PhraseNode("new in town"), and.Parts[1]);
        Assert.Equal(new KeywordNode(Fields.Source, "citypulse"), and.Parts[2]);
        Assert.Equal(new SelectorNode(SelectorKind.Phone, "+15125550177"), and.Parts[3]);
        var or = Assert.IsType<OrNode>(and.Parts[4]);
        Assert.Equal([new WordNode("mia"), new NotNode(new WordNode("ava"))], or.Parts);
        Assert.Equal(new WordNode("x", Fields.Title, Prefix: true), and.Parts[5]);
        Assert.Equal(new WordNode("masage", Edits: null), QueryParser.Parse("masage~", null));
        Assert.Equal(new NearNode(new WordNode("a"), new PhraseNode("b c"), 3), QueryParser.Parse("a NEAR/3 \"b c\"", null));
        Assert.Equal(new SelectorNode(SelectorKind.Phone, "+17135550142"), QueryParser.Parse("phone:(713)555-0142", "US"));
    }
}
