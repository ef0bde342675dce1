namespace Minerva.Ingest;

/// <summary>What one ingest run did. <see cref="Read"/> always equals the sum of the four outcomes.</summary>
public sealed record IngestResult(long Read, long Ingested, long Updated, long Duplicate, long Quarantined, TimeSpan Elapsed)
{
    /// <summary>Wall time spent mapping and extracting (on all cores, overlapping storage).</summary>
    public TimeSpan PrepareTime { get; init; }

    /// <summary>Wall time the writer spent storing (and handing each batch to the search index, which analyses it on its own thread).</summary>
    public TimeSpan StoreTime { get; init; }

    /// <summary>Wall time spent at the end rebuilding the indexes a bulk load suspended and finishing the search index
    /// (the batches it had still to analyse, and its commit).</summary>
    public TimeSpan IndexTime { get; init; }

    /// <summary>Whether the run was large enough next to the workspace to rebuild its read indexes once at the end.</summary>
    public bool BulkLoad { get; init; }

    /// <summary>What happened to the images records referenced (not part of the record counts above).</summary>
    public ImageCounts Images { get; init; } = new(0, 0, 0, 0, 0, 0, false);

    /// <summary>Items whose bytes were not valid UTF-8 although the connector declares UTF-8: their fields hold U+FFFD
    /// where the bad bytes were, and their payload the original bytes (one ISO-8859-1 character each).</summary>
    public long InvalidUtf8 { get; init; }

    /// <summary>Where the first of <see cref="InvalidUtf8"/> is (file:line), or null.</summary>
    public string? FirstInvalidUtf8 { get; init; }

    /// <summary>Records with a title or text longer than extraction reads (1 MB): stored whole and searchable, but
    /// selectors were read from their first megabyte only.</summary>
    public long ExtractionCapped { get; init; }

    /// <summary>Lines that were not valid UTF-8 and were read as ISO-8859-1 (<c>encoding: auto</c>).</summary>
    public long ReadAsLatin1 { get; init; }

    /// <summary>The connector's fields and declared selectors that gave no value in any record of the run (a place that
    /// matches nothing: a misspelt CSS class or a renamed column), as "field 'location' (line 9)".</summary>
    public IReadOnlyList<string> Unmatched { get; init; } = [];

    /// <summary>Records whose id an earlier record of the same run already had (the later one is stored, the earlier kept as
    /// its revision); a site listing one ad on two pages repeats it unchanged, a feed reusing ids does not.</summary>
    public long RepeatedIds { get; init; }

    /// <summary>Records per second over the run.</summary>
    public double PerSecond => Elapsed.TotalSeconds > 0 ? Read / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// A run stopped by its cancellation token (Ctrl-C, SIGTERM). Everything stored before the stop is kept and counted in
/// <see cref="Stored"/>; running the same ingest again stores the rest (what was stored counts as duplicates).
/// </summary>
public sealed class IngestCancelledException(IngestResult stored, long read)
    : OperationCanceledException($"cancelled: {stored.Read:N0} of the {read:N0} items read were stored before the stop ({stored.Ingested:N0} new, " +
        $"{stored.Updated:N0} updated, {stored.Duplicate:N0} duplicates, {stored.Quarantined:N0} quarantined) and are kept; run the same ingest again to finish")
{
    /// <summary>What was stored before the stop; its Read counts only those items.</summary>
    public IngestResult Stored { get; } = stored;
}

/// <summary>Progress of a run for progress bars.</summary>
/// <param name="BytesDone">Bytes of input consumed.</param>
/// <param name="BytesTotal">Bytes of input in all.</param>
/// <param name="Read">Items read so far.</param>
/// <param name="Stage">What the run is doing.</param>
public readonly record struct IngestProgress(long BytesDone, long BytesTotal, long Read, IngestStage Stage = IngestStage.Reading);

/// <summary>The stages of an ingest run a progress bar shows.</summary>
public enum IngestStage
{
    /// <summary>Reading, extracting and storing records.</summary>
    Reading,
    /// <summary>Rebuilding the indexes a bulk load suspended.</summary>
    Indexing,
}
