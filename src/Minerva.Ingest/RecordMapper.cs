using System.Globalization;
using Minerva.Core;
using Minerva.Ingest.Definitions;
using Minerva.Ingest.Readers;

namespace Minerva.Ingest;

/// <summary>A parsed item could not become a record (no id, a time in the wrong format); the message says which.</summary>
internal sealed class MappingException(string message) : Exception(message);

/// <summary>Applies a definition's field mappings to a parsed item.</summary>
internal sealed class RecordMapper(ConnectorDefinition definition)
{
    public SourceRecord Map(ParsedItem item)
    {
        var id = string.Join('/', definition.Id.Select(s => First(item, s) ?? throw new MappingException(
            $"no value for the id (connector line {s.Line})")));
        var country = Field(item, "country")?.ToUpperInvariant();
        var region = definition.PhoneRegion
            ?? (definition.PhoneRegionField is { } f ? Field(item, f)?.ToUpperInvariant() : null);
        var images = All(item, "images").Select(i => ResolveAttachment(item.File, i)).ToList();
        if (definition.Format == SourceFormat.Images) images.Insert(0, item.File);
        return new SourceRecord
        {
            Key = new RecordKey(definition.Source, id),
            Title = Field(item, "title") ?? (definition.Format == SourceFormat.Images ? Path.GetFileName(item.File) : null),
            Text = Field(item, "text"),
            ObservedAt = ParseTime(Field(item, "observed_at")),
            Location = Field(item, "location"),
            Country = country,
            Url = Field(item, "url"),
            Author = Field(item, "author"),
            Platform = Field(item, "platform"),
            PhoneRegion = region,
            Attachments = images,
            ExplicitValues = definition.Selectors.SelectMany(s => Values(item, s.From).Select(v =>
                new ExplicitValue(s.Kind, v, s.Platform is null ? null : First(item, s.Platform)))).ToList(),
            RawPayload = item.Payload,
            Origin = $"{item.File}:{item.Location}",
        };
    }

    private string? Field(ParsedItem item, string name)
    {
        var values = All(item, name);
        return values.Count == 0 ? null : string.Join('\n', values);
    }

    private List<string> All(ParsedItem item, string name) =>
        definition.Fields.TryGetValue(name, out var specs) ? specs.SelectMany(s => Values(item, s)).ToList() : [];

    private static string? First(ParsedItem item, ValueSpec spec) => Values(item, spec).FirstOrDefault();

    private static IEnumerable<string> Values(ParsedItem item, ValueSpec spec)
    {
        var raw = spec.Constant is not null ? [spec.Constant]
            : spec.Row ? [new string(item.Location.Where(char.IsAsciiDigit).ToArray())]
            : item.Values.Read(spec);
        foreach (var value in raw)
        {
            var v = value;
            if (spec.Pattern is not null)
            {
                var m = spec.Pattern.Match(v);
                if (!m.Success) continue;
                v = m.Groups[1].Value;
            }
            v = v.Trim();
            if (v.Length > 0) yield return v;
        }
    }

    /// <summary>Image references are relative to the source file; URLs are kept as they are and never fetched.</summary>
    private static string ResolveAttachment(string sourceFile, string reference)
    {
        if (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return reference;
        var folder = Path.GetDirectoryName(sourceFile)!;
        return Path.GetFullPath(Path.Combine(folder, reference));
    }

    private DateTimeOffset? ParseTime(string? text)
    {
        if (text is null) return null;
        var format = definition.Time?.Format ?? "iso8601";
        var ok = format switch
        {
            "unix" => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s is > 0 and < 253402300799
                ? DateTimeOffset.FromUnixTimeSeconds(s) : (DateTimeOffset?)null,
            "unix_ms" => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and < 253402300799999
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            "iso8601" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso) ? iso : null,
            _ => DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var custom) ? custom : null,
        };
        return ok ?? throw new MappingException($"observed_at '{Truncate(text)}' is not a {format} time");
    }

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
