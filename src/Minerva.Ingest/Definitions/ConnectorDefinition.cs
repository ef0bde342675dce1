namespace Minerva.Ingest.Definitions;

/// <summary>Input formats a connector can read.</summary>
public enum SourceFormat
{
    /// <summary>One JSON object per line.</summary>
    Jsonl,
    /// <summary>A JSON array of objects.</summary>
    Json,
    /// <summary>Delimited text with a header row.</summary>
    Csv,
    /// <summary>Saved HTML pages (a folder or files), one or many records per page.</summary>
    Html,
    /// <summary>A folder of images, one record per image.</summary>
    Images,
}

/// <summary>Where a value comes from: a JSON path, a CSV column, a CSS selector (+ attribute), or a constant.</summary>
/// <param name="Path">JSON path: dotted names and [index]; arrays are flattened.</param>
/// <param name="Column">CSV column name.</param>
/// <param name="Css">CSS selector, relative to the record element; empty means the record element itself.</param>
/// <param name="Attribute">HTML attribute to read instead of the text.</param>
/// <param name="Constant">A fixed value.</param>
/// <param name="FileName">Use the input file's name without extension.</param>
/// <param name="FilePath">Use the file's path inside the input folder, '/'-separated, extension kept (unique where names repeat).</param>
/// <param name="Pattern">A regex whose first group is kept ("Berlin, DE" → "DE").</param>
/// <param name="Row">Use the item's place in its file: the line of a CSV row or JSON line, the index of a JSON array element.</param>
/// <param name="Line">Line of the definition file, for error messages.</param>
public sealed record ValueSpec(
    string? Path = null,
    string? Column = null,
    string? Css = null,
    string? Attribute = null,
    string? Constant = null,
    bool FileName = false,
    System.Text.RegularExpressions.Regex? Pattern = null,
    int Line = 0,
    bool Row = false,
    bool FilePath = false);

/// <summary>How observed times are written; times without an offset are read as UTC.</summary>
/// <param name="Format"><c>iso8601</c>, <c>unix</c>, <c>unix_ms</c>, or a .NET custom format (e.g. <c>dd.MM.yyyy HH:mm</c>).</param>
public sealed record TimeFormat(string Format);

/// <summary>A declared selector column: its kind and, for handles, where the platform comes from.</summary>
public sealed record SelectorSpec(Minerva.Core.SelectorKind Kind, ValueSpec From, ValueSpec? Platform);

/// <summary>CSV dialect.</summary>
public sealed record CsvOptions(char Delimiter = ',', char Quote = '"');

/// <summary>
/// A parsed, validated connector definition (<c>connectors/*.yaml</c>): how to turn one source's files into
/// <see cref="Minerva.Core.SourceRecord"/>s.
/// </summary>
public sealed record ConnectorDefinition
{
    /// <summary>The source name, the first part of every record key.</summary>
    public required string Source { get; init; }

    /// <summary>The input format.</summary>
    public required SourceFormat Format { get; init; }

    /// <summary>Text encoding: UTF-8 (a BOM is skipped), Latin-1, or auto (UTF-8, else Latin-1, line by line).</summary>
    public Readers.TextEncoding Encoding { get; init; } = Readers.TextEncoding.Utf8;

    /// <summary>Parts of the native id, joined with '/'.</summary>
    public required IReadOnlyList<ValueSpec> Id { get; init; }

    /// <summary>CSS selector of one record in an HTML page; null means one record per page.</summary>
    public string? HtmlRecord { get; init; }

    /// <summary>CSV dialect.</summary>
    public CsvOptions Csv { get; init; } = new();

    /// <summary>Mapped record fields by name (title, text, observed_at, location, country, url, images, author, platform).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ValueSpec>> Fields { get; init; } = new Dictionary<string, IReadOnlyList<ValueSpec>>();

    /// <summary>How <c>observed_at</c> is written.</summary>
    public TimeFormat? Time { get; init; }

    /// <summary>Explicit selector columns.</summary>
    public IReadOnlyList<SelectorSpec> Selectors { get; init; } = [];

    /// <summary>A constant phone region, or null.</summary>
    public string? PhoneRegion { get; init; }

    /// <summary>The mapped field that holds the phone region per record (usually <c>country</c>), or null.</summary>
    public string? PhoneRegionField { get; init; }

    /// <summary>The definition file, for provenance.</summary>
    public required string DefinitionFile { get; init; }

    /// <summary>The names a definition may map under <c>fields</c>.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
        ["title", "text", "observed_at", "location", "country", "url", "images", "author", "platform"];
}
