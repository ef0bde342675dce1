namespace Minerva.Generator;

/// <summary>A selector the generator planted in an ad, in Minerva's normalised form.</summary>
/// <param name="Kind">phone, email, handle, wallet or camera.</param>
/// <param name="Value">Normalised value.</param>
/// <param name="Hub">True for a site-wide number printed in many unrelated ads.</param>
public sealed record PlantedSelector(string Kind, string Value, bool Hub = false);

/// <summary>One generated ad and the truth about it.</summary>
public sealed record GeneratedAd(
    string Id,
    long Timestamp,
    string City,
    string Country,
    string Site,
    string Title,
    string Body,
    IReadOnlyList<AdPhoto> Photos,
    string? ContactEmail,
    int Cluster,
    IReadOnlyList<PlantedSelector> Planted)
{
    /// <summary>The Minerva record key of this ad under the generated-ads connector.</summary>
    public string RecordKey => $"gen:{Id}";

    /// <summary>The photo files the ad references, relative to the corpus folder.</summary>
    public IEnumerable<string> Images => Photos.Select(p => p.File);
}
