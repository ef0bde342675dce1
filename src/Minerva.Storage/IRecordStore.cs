using Minerva.Core;

namespace Minerva.Storage;

/// <summary>What an ingest writes to and reads first: batches, the bulk-load switch, the counts it plans by, and the run's
/// record. A workspace, a team tenant, or a team server a network away (the command line pushing a laptop's connector run).</summary>
public interface IIngestStore
{
    /// <summary>Starts a batch of writes that become visible together on <see cref="IIngestBatch.Commit"/>.</summary>
    IIngestBatch BeginBatch();

    /// <summary>
    /// Stops maintaining, record by record, the indexes only reads need (selector and time lookups)
    /// until the returned handle is disposed, which rebuilds them in one pass. For loads that are large next to the
    /// workspace: keeping them current costs more per record than building them once. Reads stay correct meanwhile,
    /// only slower. A load that is interrupted is finished when the workspace is next opened.
    /// </summary>
    IDisposable BeginBulkLoad();

    /// <summary>Records per source (cheap, unlike <see cref="IRecordStore.GetStats"/>).</summary>
    IReadOnlyDictionary<string, long> CountBySource();

    /// <summary>How many records name each place (location) with each country: what the records themselves say a city's
    /// country is, so that records giving only a city can have their national numbers read.</summary>
    IReadOnlyList<PlaceCountry> CountPlaceCountries();

    /// <summary>Records an ingest run and its counts, for provenance.</summary>
    void RecordRun(IngestRun run);
}

/// <summary>
/// The records: what connectors bring in, their selectors, the quarantine, the ingest runs, and the change log the
/// search index follows. What an ingest needs and what every reader of records uses; the workstation keeps them in the
/// workspace file, the team server per tenant.
/// </summary>
public interface IRecordStore : IIngestStore, IRecordChanges
{
    /// <summary>The record with this key, or null.</summary>
    StoredRecord? GetRecord(RecordKey key);

    /// <summary>Records holding the selector, newest first.</summary>
    IReadOnlyList<RecordSummary> FindBySelector(SelectorKind kind, string value, int limit);

    /// <summary>The summaries and text of records by storage id, in the order asked (ids with no record are left out):
    /// what a search shows of its hits.</summary>
    IReadOnlyList<RecordText> GetTexts(IReadOnlyList<long> ids);

    /// <summary>Counts for <c>minerva stats</c>.</summary>
    WorkspaceStats GetStats();

    /// <summary>Quarantined inputs, newest first.</summary>
    IReadOnlyList<QuarantineEntry> GetQuarantine(int limit);

    /// <summary>Ingest runs, newest first.</summary>
    IReadOnlyList<IngestRun> GetRuns(int limit);

    /// <summary>Streams records of the given sources (all when null) in storage-id order with their selectors; without
    /// <paramref name="withPayload"/> the raw payload is left empty (it is the largest column and rarely needed).</summary>
    IEnumerable<ScannedRecord> ScanRecords(IReadOnlyCollection<string>? sources, bool withPayload);

    /// <summary>Every hashed image with its record, in record order; or only <paramref name="record"/>'s, by attachment.</summary>
    IEnumerable<StoredImage> ScanImages(RecordKey? record = null);

    /// <summary>Records holding a selector value.</summary>
    IReadOnlyList<long> Holders(SelectorKind kind, string value);

    /// <summary>Every distinct value of a selector kind.</summary>
    IReadOnlyList<string> DistinctValues(SelectorKind kind);

    /// <summary>Storage id of the record with this key, or null.</summary>
    long? RecordId(RecordKey key);

    /// <summary>The content hashes the records with these keys were stored with, by key (keys with no record are left
    /// out), in one lookup: what a batch pushed from elsewhere compares against.</summary>
    IReadOnlyDictionary<string, string> ContentHashes(IReadOnlyCollection<RecordKey> keys);

    /// <summary>How many records hold this selector value.</summary>
    int CountSelector(SelectorKind kind, string value);
}
