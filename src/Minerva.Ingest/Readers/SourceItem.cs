using Minerva.Ingest.Definitions;

namespace Minerva.Ingest.Readers;

/// <summary>One unit read from a source file: a line, a row, an array element, a page element, an image.</summary>
/// <param name="File">The input file.</param>
/// <param name="Location">Where in the file ("line 12", "row 4", "element 3", "div#l-501").</param>
/// <param name="Payload">The raw text, kept with the record or the quarantine entry.</param>
internal abstract record SourceItem(string File, string Location, string Payload)
{
    /// <summary>What decoding did to the item's text (invalid UTF-8, read as Latin-1), counted by the run.</summary>
    public DecodingNote Decoding { get; init; }
}

/// <summary>An item the format reader could parse; its values are read through <see cref="Values"/>.</summary>
internal sealed record ParsedItem(string File, string Location, string Payload, IValueReader Values) : SourceItem(File, Location, Payload);

/// <summary>An item that could not be parsed, with the reason.</summary>
internal sealed record BadItem(string File, string Location, string Payload, string Reason) : SourceItem(File, Location, Payload);

/// <summary>Reads the values a <see cref="ValueSpec"/> points at in one parsed item.</summary>
internal interface IValueReader
{
    /// <summary>Appends all values at the spec's place (several for arrays or repeated elements), before the spec's
    /// pattern. Into the caller's list: a record reads a dozen places, and a list each was a third of mapping's allocations.</summary>
    void Read(ValueSpec spec, List<string> into);
}

/// <summary>Reads one input format, streaming: memory does not grow with the file.</summary>
internal interface IFormatReader
{
    /// <summary>The items of one input file.</summary>
    /// <param name="file">The file (absolute path).</param>
    /// <param name="progress">Receives the number of bytes consumed so far, for progress bars.</param>
    IEnumerable<SourceItem> Read(string file, Action<long> progress);
}
