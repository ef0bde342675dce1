namespace Minerva.Geo.Tests;

/// <summary>The shipped gazetteer on the places records name, spelt as ads spell them.</summary>
public sealed class GazetteerTests
{
    private static readonly Gazetteer Places = Gazetteer.Shipped;

    [Theory]
    [InlineData("Houston", "US", 29.76, -95.36)]
    [InlineData("houston", "us", 29.76, -95.36)]
    [InlineData("Houston, TX", "US", 29.76, -95.36)]
    [InlineData("Sao Paulo", "BR", -23.55, -46.64)]
    [InlineData("ZÜRICH", "CH", 47.37, 8.55)]
    [InlineData("Saint Denis", "FR", 48.94, 2.36)]
    [InlineData("Kyiv", "UA", 50.45, 30.52)]
    [InlineData("Tromsø", "NO", 69.65, 18.96)]
    [InlineData("Łódź", "PL", 51.77, 19.46)]
    [InlineData("Bucuresti", "RO", 44.43, 26.11)]
    public void A_city_is_found_however_an_ad_spells_it(string city, string country, double latitude, double longitude)
    {
        var place = Places.Find(city, country);
        Assert.NotNull(place);
        Assert.False(place.CountryOnly);
        Assert.True(Gazetteer.DistanceKm(latitude, longitude, place.Latitude, place.Longitude) < 15, $"{city}: {place}");
    }

    [Fact]
    public void A_name_without_a_country_is_its_most_populous_place_and_with_one_the_place_in_that_country()
    {
        Assert.Equal("GB", Places.Find("London", null)!.Country);
        var ontario = Places.Find("London", "CA")!;
        Assert.Equal("CA", ontario.Country);
        Assert.True(Gazetteer.DistanceKm(42.98, -81.25, ontario.Latitude, ontario.Longitude) < 15);
    }

    [Fact]
    public void An_unknown_city_falls_back_to_its_country_and_nothing_to_nothing()
    {
        var germany = Places.Find("Nowhereville", "DE")!;
        Assert.True(germany.CountryOnly);
        Assert.InRange(germany.Latitude, 47, 55); // inside Germany's span
        Assert.InRange(germany.Longitude, 6, 15);
        Assert.Null(Places.Find("Nowhereville", null));
        Assert.Null(Places.Find(null, null));
        Assert.Null(Places.Find("  ", "ZZ"));
        Assert.True(Places.Count > 100_000, $"{Places.Count} places");
    }

    [Fact]
    public void Distances_are_great_circle_kilometres()
    {
        Assert.InRange(Gazetteer.DistanceKm(48.8566, 2.3522, 51.5074, -0.1278), 340, 346); // Paris–London 344 km
        Assert.InRange(Gazetteer.DistanceKm(0, 0, 0, 180), 20_010, 20_020); // half the equator
        Assert.Equal(0, Gazetteer.DistanceKm(10, 10, 10, 10));
    }

    [Theory]
    [InlineData("São  Paulo.", "sao paulo")]
    [InlineData("Saint-Denis", "saint denis")]
    [InlineData("'s-Hertogenbosch", "s hertogenbosch")]
    [InlineData("KÖLN", "koln")]
    public void Names_fold_to_one_spelling(string name, string folded) => Assert.Equal(folded, Folding.Fold(name));
}
