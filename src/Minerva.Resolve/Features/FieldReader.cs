using System.Text;
using System.Text.Json;
using Minerva.Core;

namespace Minerva.Resolve.Features;

/// <summary>
/// Reads a named field of a record: a built-in field (<see cref="BuiltIn"/>) or a top-level property of the raw
/// payload (a CSV column, a JSON property). Values are trimmed, case-folded and whitespace-collapsed.
/// </summary>
internal static class FieldReader
{
    /// <summary>Field names every record has.</summary>
    public static readonly IReadOnlySet<string> BuiltIn =
        new HashSet<string>(["title", "text", "location", "country", "author", "platform", "url"], StringComparer.Ordinal);

    /// <summary>Reads <paramref name="fields"/> of a record; <paramref name="seen"/> collects payload fields present.</summary>
    public static string?[] Read(SourceRecord record, IReadOnlyList<string> fields, ISet<string>? seen = null)
    {
        var values = new string?[fields.Count];
        JsonDocument? payload = null;
        try
        {
            for (var i = 0; i < fields.Count; i++)
            {
                var name = fields[i];
                string? raw;
                if (BuiltIn.Contains(name)) raw = BuiltInValue(record, name);
                else
                {
                    payload ??= ParsePayload(record.RawPayload);
                    raw = null;
                    if (payload?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(name, out var property))
                    {
                        seen?.Add(name);
                        raw = property.ValueKind switch
                        {
                            JsonValueKind.String => property.GetString(),
                            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.GetRawText(),
                            _ => null,
                        };
                    }
                }
                values[i] = Normalise(raw);
            }
        }
        finally
        {
            payload?.Dispose();
        }
        return values;
    }

    /// <summary>Raw text of a field for hashing (not normalised: the hasher folds case itself).</summary>
    public static string? Text(SourceRecord record, string field) =>
        BuiltIn.Contains(field) ? BuiltInValue(record, field) : Read(record, [field])[0];

    /// <summary>Trimmed, lower case, single spaces; null when empty.</summary>
    public static string? Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (char.IsControl(c)) continue; // never part of a value, and the stored form uses them as separators
            if (space) builder.Append(' ');
            space = false;
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    private static string? BuiltInValue(SourceRecord r, string name) => name switch
    {
        "title" => r.Title,
        "text" => r.Text,
        "location" => r.Location,
        "country" => r.Country,
        "author" => r.Author,
        "platform" => r.Platform,
        _ => r.Url,
    };

    private static JsonDocument? ParsePayload(string raw)
    {
        try
        {
            return JsonDocument.Parse(raw);
        }
        catch (JsonException)
        {
            return null; // HTML fragments and other non-JSON payloads have no named fields
        }
    }
}
