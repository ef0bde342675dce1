namespace Minerva.Core;

/// <summary>
/// The identity of an ingested record: <c>&lt;source&gt;:&lt;native id&gt;</c>. The source name may not
/// contain a colon, so the first colon always splits the two parts; native ids may contain colons.
/// </summary>
public readonly record struct RecordKey
{
    /// <summary>Creates a key.</summary>
    /// <exception cref="ArgumentException">The source is empty or contains a colon, or the id is empty.</exception>
    public RecordKey(string source, string nativeId)
    {
        Ensure.That(!string.IsNullOrWhiteSpace(source), "A record key needs a source name.");
        Ensure.That(!source.Contains(':', StringComparison.Ordinal), $"Source name '{source}' may not contain ':'.");
        Ensure.That(!string.IsNullOrWhiteSpace(nativeId), $"A record key of source '{source}' needs a native id.");
        Source = source;
        NativeId = nativeId;
    }

    /// <summary>The connector's source name.</summary>
    public string Source { get; }

    /// <summary>The id the source gave the record.</summary>
    public string NativeId { get; }

    /// <summary>Parses <c>source:id</c>.</summary>
    /// <exception cref="FormatException">The text has no colon or an empty part.</exception>
    public static RecordKey Parse(string text)
    {
        if (!TryParse(text, out var key))
            throw new FormatException($"'{text}' is not a record key; expected <source>:<id>.");
        return key;
    }

    /// <summary>Parses <c>source:id</c> without throwing.</summary>
    public static bool TryParse(string? text, out RecordKey key)
    {
        key = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1) return false;
        key = new RecordKey(text[..colon], text[(colon + 1)..]);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Source}:{NativeId}";
}
