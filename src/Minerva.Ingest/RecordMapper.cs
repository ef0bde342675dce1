using System.Globalization;
using Minerva.Core;
using Minerva.Ingest.Definitions;
using Minerva.Ingest.Readers;

namespace Minerva.Ingest;

/// <summary>A parsed item could not become a record (no id, a time in the wrong format); the message says which.</summary>
internal sealed class MappingException(string message) : Exception(message);

/// <summary>Applies a definition's field mappings to a parsed item.</summary>
internal sealed class RecordMapper
{
    private readonly ConnectorDefinition _definition;
    private readonly PlaceCountries _places;

    // Which value specs ever gave a value, so a run can report a field or selector whose place matched nothing in
    // any record (a CSS class misspelt, a column renamed) instead of leaving it silently empty. Races only set true.
    private readonly Dictionary<ValueSpec, int> _specIndex;
    private readonly int[] _matched;

    // Specs not yet matched: once every one has been (within the first records, usually), no value pays for the lookup.
    private int _unmatched;

    /// <param name="definition">The connector.</param>
    /// <param name="places">Countries of places, for records that give neither a country nor a region.</param>
    public RecordMapper(ConnectorDefinition definition, PlaceCountries? places = null)
    {
        _definition = definition;
        _places = places ?? PlaceCountries.None;
        _specIndex = Index(Specs(definition));
        _matched = new int[_specIndex.Count];
        _unmatched = _specIndex.Count;
    }

    private static IEnumerable<ValueSpec> Specs(ConnectorDefinition d) => d.Fields.Values.SelectMany(v => v).Concat(d.Selectors.Select(s => s.From));

    /// <summary>Each spec by reference (records compare by value, and two specs may be equal).</summary>
    private static Dictionary<ValueSpec, int> Index(IEnumerable<ValueSpec> specs)
    {
        var index = new Dictionary<ValueSpec, int>(ReferenceEqualityComparer.Instance);
        foreach (var spec in specs) index.TryAdd(spec, index.Count);
        return index;
    }

    /// <summary>The connector's fields and declared selectors whose places gave no value in any record mapped so far.</summary>
    public IReadOnlyList<string> Unmatched()
    {
        bool Matched(ValueSpec spec) => _specIndex.TryGetValue(spec, out var i) && Volatile.Read(ref _matched[i]) == 1;
        return
        [
            .. _definition.Fields.Where(f => !f.Value.Any(Matched)).Select(f => $"field '{f.Key}' (line {f.Value[0].Line})"),
            .. _definition.Selectors.Where(s => !Matched(s.From)).Select(s => $"selector {s.Kind.Name()} (line {s.From.Line})"),
        ];
    }

    public SourceRecord Map(ParsedItem item)
    {
        // One scratch list for every place read (each value is copied out before the next read).
        var scratch = new List<string>(2);
        var id = Id(item, scratch);
        var country = Field(item, "country", scratch)?.ToUpperInvariant();
        var region = _definition.PhoneRegion
            ?? (_definition.PhoneRegionField is { } f ? Field(item, f, scratch)?.ToUpperInvariant() : null);
        var images = new List<string>();
        All(item, "images", images);
        for (var i = 0; i < images.Count; i++) images[i] = ResolveAttachment(item.File, images[i]);
        if (_definition.Format == SourceFormat.Images) images.Insert(0, item.File);
        var location = Field(item, "location", scratch);
        return new SourceRecord
        {
            Key = new RecordKey(_definition.Source, id),
            Title = Field(item, "title", scratch) ?? (_definition.Format == SourceFormat.Images ? Path.GetFileName(item.File) : null),
            Text = Field(item, "text", scratch),
            ObservedAt = ParseTime(Field(item, "observed_at", scratch)),
            Location = location,
            Country = country,
            PlaceCountry = country is null && region is null ? _places.CountryOf(location) : null,
            Url = Field(item, "url", scratch),
            Author = Field(item, "author", scratch),
            Platform = Field(item, "platform", scratch),
            PhoneRegion = region,
            Attachments = images,
            ExplicitValues = ExplicitValues(item, scratch),
            RawPayload = item.Payload,
            Origin = $"{item.File}:{item.Location}",
        };
    }

    /// <summary>The id parts joined by '/'.</summary>
    private string Id(ParsedItem item, List<string> scratch)
    {
        string? id = null;
        foreach (var spec in _definition.Id)
        {
            var part = First(item, spec, scratch) ?? throw new MappingException($"no value for the id (connector line {spec.Line})");
            id = id is null ? part : $"{id}/{part}";
        }
        return id ?? throw new MappingException("the connector defines no id");
    }

    // Loops rather than LINQ: this runs for every field of every record (it was a quarter of ingest's preparation time).
    private List<ExplicitValue> ExplicitValues(ParsedItem item, List<string> scratch)
    {
        var explicitValues = new List<ExplicitValue>();
        foreach (var spec in _definition.Selectors)
        {
            scratch.Clear();
            AddValues(item, spec.From, scratch);
            if (scratch.Count == 0) continue;
            var values = scratch.Count == 1 ? [scratch[0]] : scratch.ToArray();
            var platform = spec.Platform is null ? null : First(item, spec.Platform, scratch);
            foreach (var value in values) explicitValues.Add(new ExplicitValue(spec.Kind, value, platform));
        }
        return explicitValues;
    }

    /// <summary>The values at a field's places, joined by new lines when there are several; null when there are none.</summary>
    private string? Field(ParsedItem item, string name, List<string> scratch)
    {
        All(item, name, scratch);
        return scratch.Count switch { 0 => null, 1 => scratch[0], _ => string.Join('\n', scratch) };
    }

    /// <summary>Replaces <paramref name="into"/>'s content with the values at a field's places.</summary>
    private void All(ParsedItem item, string name, List<string> into)
    {
        into.Clear();
        if (_definition.Fields.TryGetValue(name, out var specs))
            foreach (var spec in specs) AddValues(item, spec, into);
    }

    /// <summary>The spec's first value, or null (read through <paramref name="scratch"/>).</summary>
    private string? First(ParsedItem item, ValueSpec spec, List<string> scratch)
    {
        scratch.Clear();
        AddValues(item, spec, scratch);
        return scratch.Count > 0 ? scratch[0] : null;
    }

    /// <summary>Appends the spec's values, each through its pattern and trimmed; what ends empty is no value.</summary>
    private void AddValues(ParsedItem item, ValueSpec spec, List<string> into)
    {
        var start = into.Count;
        AddSpecValues(item, spec, into, start);
        if (into.Count > start && Volatile.Read(ref _unmatched) > 0 && _specIndex.TryGetValue(spec, out var index)
            && Interlocked.Exchange(ref _matched[index], 1) == 0) Interlocked.Decrement(ref _unmatched);
    }

    private static void AddSpecValues(ParsedItem item, ValueSpec spec, List<string> into, int start)
    {
        if (spec.Constant is not null) into.Add(spec.Constant);
        else if (spec.Row) into.Add(new string(item.Location.Where(char.IsAsciiDigit).ToArray()));
        else item.Values.Read(spec, into);
        var kept = start;
        for (var i = start; i < into.Count; i++)
        {
            if (Clean(spec, into[i]) is { } value) into[kept++] = value;
        }
        into.RemoveRange(kept, into.Count - kept);
    }

    private static string? Clean(ValueSpec spec, string value)
    {
        if (spec.Pattern is not null)
        {
            var m = spec.Pattern.Match(value);
            if (!m.Success) return null;
            value = m.Groups[1].Value;
        }
        value = value.Trim();
        return value.Length > 0 ? value : null;
    }

    /// <summary>
    /// Local image references are relative to the source file; remote ones are kept as they are and never fetched.
    /// Whether a local one may be read at all is decided later, against the source's root (<see cref="SourceRoots"/>).
    /// </summary>
    private static string ResolveAttachment(string sourceFile, string reference)
    {
        if (IsRemote(reference)) return reference;
        var folder = Path.GetDirectoryName(sourceFile)!;
        return Path.GetFullPath(Path.Combine(folder, reference));
    }

    /// <summary>
    /// A URL (any scheme: http, https, file, data, ftp …) or a network path (<c>//host/x.jpg</c>, <c>\\host\x.jpg</c>, which
    /// the OS would read as a local <c>/host/x.jpg</c>): never read.
    /// </summary>
    internal static bool IsRemote(string reference)
    {
        if (reference.StartsWith("//", StringComparison.Ordinal) || reference.StartsWith(@"\\", StringComparison.Ordinal)) return true;
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon < 2) return false; // "C:" is a drive, not a scheme
        for (var i = 0; i < colon; i++)
        {
            var c = reference[i];
            if (!(char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '.' or '-')))) return false;
        }
        return true;
    }

    private DateTimeOffset? ParseTime(string? text)
    {
        if (text is null) return null;
        var format = _definition.Time?.Format ?? "iso8601";
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
