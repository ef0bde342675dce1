using Minerva.Core;
using Minerva.Ingest.Definitions;
using Minerva.Storage;
using Minerva.Testing;

namespace Minerva.Ingest.Tests;

/// <summary>
/// Records that give only a city (profiles, posts of a site without a country field) had every national number lost.
/// The last place to read them in is the country the workspace's other records give that city.
/// </summary>
public sealed class PlaceCountryTests : WorkspaceTest
{
    private const string Listings = "source: listings\nformat: jsonl\nid: { path: id }\nfields:\n  text: { path: text }\n  location: { path: city }\n  country: { path: country }\n";
    private const string Posts = "source: posts\nformat: jsonl\nid: { path: id }\nfields:\n  text: { path: text }\n  location: { path: city }\n";

    [Fact]
    public void A_national_number_is_read_in_the_country_other_records_give_the_city()
    {
        Folder.Write("listings.jsonl", string.Join('\n',
            """{"id":"1","text":"new in town","city":"Madrid","country":"ES"}""",
            """{"id":"2","text":"new in town","city":"Madrid","country":"ES"}""",
            """{"id":"3","text":"new in town","city":"madrid ","country":"ES"}""",
            """{"id":"4","text":"hola","city":"Valencia","country":"ES"}""",
            """{"id":"5","text":"hola","city":"Valencia","country":"ES"}""",
            """{"id":"6","text":"hola","city":"Valencia","country":"VE"}""",
            """{"id":"7","text":"hola","city":"Valencia","country":"VE"}""",
            """{"id":"8","text":"hola","city":"Porto","country":"PT"}""") + "\n");
        new Ingestor(Workspace).Run(DefinitionLoader.Parse(Listings, "listings.yaml"), [Folder.File("listings.jsonl")]);
        Folder.Write("posts.jsonl", string.Join('\n',
            """{"id":"a","text":"llámame 612 345 678","city":"MADRID"}""",
            """{"id":"b","text":"llámame 612 345 678","city":"Valencia"}""",
            """{"id":"c","text":"liga 912 345 678","city":"Porto"}""",
            """{"id":"d","text":"or +34 612 345 679","city":"Valencia"}""") + "\n");
        new Ingestor(Workspace).Run(DefinitionLoader.Parse(Posts, "posts.yaml"), [Folder.File("posts.jsonl")]);

        var madrid = Assert.Single(Phones("a"));
        Assert.Equal("+34612345678", madrid.Value);
        Assert.Contains("read as ES (country of the record's city)", madrid.Note);
        Assert.Empty(Phones("b")); // Valencia: Spain or Venezuela, the records disagree
        Assert.Empty(Phones("c")); // Porto: one record is not enough
        Assert.Equal("+34612345679", Assert.Single(Phones("d")).Value); // international forms need no region
    }

    [Fact]
    public void The_records_own_country_and_the_source_region_come_before_the_city()
    {
        Folder.Write("listings.jsonl", string.Join('\n', Enumerable.Range(1, 3).Select(i => $$"""{"id":"{{i}}","text":"x","city":"Madrid","country":"ES"}""")) + "\n");
        new Ingestor(Workspace).Run(DefinitionLoader.Parse(Listings, "listings.yaml"), [Folder.File("listings.jsonl")]);
        Folder.Write("posts.jsonl", """{"id":"a","text":"ring 0612 345 678","city":"Madrid"}""" + "\n");
        new Ingestor(Workspace).Run(DefinitionLoader.Parse(Posts + "phone_region: NL\n", "posts.yaml"), [Folder.File("posts.jsonl")]);
        var phone = Assert.Single(Phones("a"));
        Assert.Equal("+31612345678", phone.Value);
        Assert.Contains("read as NL (source default)", phone.Note);
    }

    [Theory]
    [InlineData(new[] { "ES", "ES", "ES" }, "ES")]
    [InlineData(new[] { "ES", "ES" }, null)] // too few
    [InlineData(new[] { "ES", "ES", "ES", "ES", "ES", "ES", "ES", "ES", "ES", "FR" }, "ES")] // 90 %
    [InlineData(new[] { "ES", "ES", "ES", "ES", "FR" }, null)] // 80 %
    public void A_place_counts_with_enough_records_that_agree(string[] countries, string? expected)
    {
        var places = PlaceCountries.From(countries.GroupBy(c => c).Select(g => new PlaceCountry("Madrid", g.Key, g.Count())));
        Assert.Equal(expected, places.CountryOf(" madrid"));
    }

    private List<Selector> Phones(string id) =>
        Workspace.GetRecord(new RecordKey("posts", id))!.Selectors.Where(s => s.Kind == SelectorKind.Phone).ToList();
}
