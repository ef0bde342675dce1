using Minerva.Storage;

namespace Minerva.Ingest;

/// <summary>
/// The country of a place as the workspace's own records give it: a city that at least <see cref="MinRecords"/>
/// records name, <see cref="MinShare"/> of them with one country, is in that country. A gazetteer would be a table to
/// keep (and none is served here); the records already say where their cities are, in whatever spelling the sources
/// use. Used only for records that give neither a country nor a region, whose national numbers would otherwise be lost.
/// </summary>
internal sealed class PlaceCountries
{
    /// <summary>Fewest records naming a place with a country before it counts.</summary>
    public const int MinRecords = 3;

    /// <summary>Least share of a place's records that must give the one country (a Valencia in Spain and in Venezuela
    /// gives none).</summary>
    public const double MinShare = 0.9;

    private readonly Dictionary<string, string> _countries;

    private PlaceCountries(Dictionary<string, string> countries) => _countries = countries;

    /// <summary>None known.</summary>
    public static PlaceCountries None { get; } = new(new Dictionary<string, string>());

    /// <summary>The places whose records agree on a country, from counts per place and country.</summary>
    public static PlaceCountries From(IEnumerable<PlaceCountry> counts)
    {
        var byPlace = new Dictionary<string, Dictionary<string, long>>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in counts)
        {
            var place = c.Place.Trim();
            if (place.Length == 0) continue;
            if (!byPlace.TryGetValue(place, out var countries)) byPlace[place] = countries = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            countries[c.Country] = countries.GetValueOrDefault(c.Country) + c.Records;
        }
        var known = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (place, countries) in byPlace)
        {
            var total = countries.Values.Sum();
            var (country, records) = countries.MaxBy(c => c.Value);
            if (total >= MinRecords && records >= MinShare * total) known[place] = country.ToUpperInvariant();
        }
        return new PlaceCountries(known);
    }

    /// <summary>The country of <paramref name="place"/>, or null when the records do not say or disagree.</summary>
    public string? CountryOf(string? place) =>
        place is null || _countries.Count == 0 ? null : _countries.GetValueOrDefault(place.Trim());
}
