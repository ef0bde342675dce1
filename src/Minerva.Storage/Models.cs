using Minerva.Core;

namespace Minerva.Storage;

/// <summary>A stored record with its selectors.</summary>
/// <param name="Record">The record as ingested.</param>
/// <param name="Selectors">Its selectors with spans.</param>
/// <param name="IngestedAt">When it was stored.</param>
/// <param name="Revisions">How many earlier versions are kept.</param>
/// <param name="ContentHash">The hash of the content it was stored with: what tells a re-ingest whether it changed.</param>
public sealed record StoredRecord(SourceRecord Record, IReadOnlyList<Selector> Selectors, DateTimeOffset IngestedAt, int Revisions, string ContentHash);

/// <summary>How many stored records name a place together with a country.</summary>
/// <param name="Place">The record's location as written.</param>
/// <param name="Country">Its country (ISO alpha-2).</param>
/// <param name="Records">Records naming both.</param>
public sealed record PlaceCountry(string Place, string Country, long Records);

/// <summary>The fields of a record shown in lists.</summary>
public sealed record RecordSummary(RecordKey Key, DateTimeOffset? ObservedAt, string? Title, string? Location, string? Country);

/// <summary>A search hit: the record, its relevance and a snippet.</summary>
/// <param name="Record">The record.</param>
/// <param name="Score">Relevance, higher is better (BM25; 0 for a search by filters only, listed newest first).</param>
/// <param name="Snippet">Text around the match with matches between <see cref="Highlight.Open"/> and <see cref="Highlight.Close"/>.</param>
public sealed record SearchHit(RecordSummary Record, double Score, string Snippet);

/// <summary>What a search shows of a record it found.</summary>
/// <param name="Id">Storage id.</param>
/// <param name="Summary">Its summary.</param>
/// <param name="Text">Its text (body), for the snippet.</param>
public sealed record RecordText(long Id, RecordSummary Summary, string? Text);

/// <summary>What one committed batch changed (see <see cref="IRecordChanges"/>).</summary>
/// <param name="First">Number of its first change (0 when it changed nothing).</param>
/// <param name="Last">Number of its last change; the batch's changes are numbered from First to Last without a gap.</param>
/// <param name="Records">The records it added or changed, with storage ids and selectors, in change order.</param>
public sealed record BatchChanges(long First, long Last, IReadOnlyList<ScannedRecord> Records)
{
    /// <summary>A batch that changed nothing.</summary>
    public static BatchChanges None { get; } = new(0, 0, []);
}

/// <summary>Where the change log stands.</summary>
/// <param name="Last">The latest change's number (0 when nothing was ever changed).</param>
/// <param name="KeptAfter">Every change after this number is kept; those up to it may have been forgotten.</param>
public sealed record ChangeLog(long Last, long KeptAfter);

/// <summary>Markers around highlighted text in snippets; control chars never occur in stored text.</summary>
public static class Highlight
{
    /// <summary>Start of a highlighted span.</summary>
    public const char Open = '\u0002';

    /// <summary>End of a highlighted span.</summary>
    public const char Close = '\u0003';
}

/// <summary>A rejected input.</summary>
/// <param name="Source">The connector's source name.</param>
/// <param name="File">The file it came from.</param>
/// <param name="Location">Line, row, byte offset or element within the file.</param>
/// <param name="Reason">Why it was rejected.</param>
/// <param name="Payload">The rejected text (truncated), so nothing is lost.</param>
/// <param name="At">When.</param>
public sealed record QuarantineEntry(string Source, string File, string Location, string Reason, string? Payload, DateTimeOffset At);

/// <summary>Counts describing a workspace.</summary>
public sealed record WorkspaceStats(
    int SchemaVersion,
    long Records,
    long Selectors,
    long Quarantined,
    IReadOnlyDictionary<string, long> RecordsBySource,
    IReadOnlyDictionary<string, long> SelectorsByKind,
    IReadOnlyDictionary<string, long> DistinctSelectorsByKind);

/// <summary>One ingest run's counts. <c>Read = Ingested + Updated + Duplicate + Quarantined</c>.</summary>
public sealed record IngestRun(
    string Source,
    string Connector,
    IReadOnlyList<string> Inputs,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    long Read,
    long Ingested,
    long Updated,
    long Duplicate,
    long Quarantined);

/// <summary>An image decoded from one of a record's attachments.</summary>
/// <param name="Attachment">Position in the record's attachment list.</param>
/// <param name="Path">The file.</param>
/// <param name="Format">jpeg, png, webp or gif.</param>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Quality">PDQ quality, 0–100.</param>
/// <param name="Pdq">PDQ hash, 64 hex digits.</param>
/// <param name="Variants">PDQ hashes of the seven other rotations and flips.</param>
public sealed record ImageFacts(int Attachment, string Path, string Format, int Width, int Height, int Quality, string Pdq, IReadOnlyList<string> Variants);

/// <summary>A stored image and the record it belongs to.</summary>
/// <param name="RecordId">The record's row id.</param>
/// <param name="Record">The record's key.</param>
/// <param name="Image">What was decoded.</param>
public sealed record StoredImage(long RecordId, RecordKey Record, ImageFacts Image);
