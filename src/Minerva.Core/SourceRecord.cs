namespace Minerva.Core;

/// <summary>
/// One record read from a source, after the connector mapped its fields and before storage. Every field but
/// the key and the raw payload is optional, because sources are messy.
/// </summary>
public sealed record SourceRecord
{
    /// <summary>The record's identity.</summary>
    public required RecordKey Key { get; init; }

    /// <summary>When the source says the record was posted or observed.</summary>
    public DateTimeOffset? ObservedAt { get; init; }

    /// <summary>Title or name.</summary>
    public string? Title { get; init; }

    /// <summary>Body text.</summary>
    public string? Text { get; init; }

    /// <summary>The record's own URL at its source.</summary>
    public string? Url { get; init; }

    /// <summary>City or area as the source writes it.</summary>
    public string? Location { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code, upper case.</summary>
    public string? Country { get; init; }

    /// <summary>Author or poster name/handle as given by the source.</summary>
    public string? Author { get; init; }

    /// <summary>The platform the record is from (instagram, a site name).</summary>
    public string? Platform { get; init; }

    /// <summary>The region used to read national phone numbers (ISO alpha-2), if known.</summary>
    public string? PhoneRegion { get; init; }

    /// <summary>
    /// The country the workspace's own records give the record's <see cref="Location"/> (ISO alpha-2), if they agree
    /// on one: the last place national numbers are read in, after the record's country and the source's region. Set
    /// while ingesting, not stored.
    /// </summary>
    public string? PlaceCountry { get; init; }

    /// <summary>Attached files (images), as absolute paths or URLs.</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];

    /// <summary>Values of explicit selector columns (phone, email, handle), each with its declared kind.</summary>
    public IReadOnlyList<ExplicitValue> ExplicitValues { get; init; } = [];

    /// <summary>The record exactly as the source held it (a JSON line, a CSV row as JSON, an HTML fragment).</summary>
    public required string RawPayload { get; init; }

    /// <summary>Where it came from, for provenance: file and line or element.</summary>
    public required string Origin { get; init; }
}

/// <summary>A value from a field the connector declares as a selector of a given kind.</summary>
/// <param name="Kind">Declared kind.</param>
/// <param name="Value">The value as written.</param>
/// <param name="Platform">For handles: the platform, if the source says.</param>
public sealed record ExplicitValue(SelectorKind Kind, string Value, string? Platform = null);
