using Minerva.Core;

namespace Minerva.Storage;

/// <summary>
/// One investigation's store: records, their selectors, the quarantine, resolutions, the privacy ledger, case work and
/// the audit trail, each concern its own contract. Stages talk to this interface only, so a backend can be swapped without touching them. Implementations are safe for one writer
/// and many readers. The search index is not here: it is derived from the records (Minerva.Search), following them
/// through <see cref="IRecordChanges"/>.
/// </summary>
public interface IWorkspace : IRecordStore, IResolutionStore, IPrivacyLedger, IDisposable
{
    /// <summary>Where the workspace lives (a file path or a connection description without secrets).</summary>
    string Location { get; }

    /// <summary>Cases, notes and tags: what investigators write about the records, kept apart from them.</summary>
    ICaseStore Cases { get; }

    /// <summary>What was done with the workspace, hash-chained.</summary>
    IAuditTrail Audit { get; }
}

/// <summary>A set of writes committed together. Disposing without commit rolls back.</summary>
public interface IIngestBatch : IDisposable
{
    /// <summary>
    /// Says which keys <see cref="Add"/> is about to be given: a backend a network away looks up what it holds of them in
    /// one round trip instead of one per record. Optional; the file backend needs no warning.
    /// </summary>
    void Expect(IReadOnlyList<RecordKey> keys)
    {
    }

    /// <summary>
    /// Stores a record with its selectors and the images hashed from its attachments; a record already stored with
    /// the same content is not stored again.
    /// </summary>
    IngestOutcome Add(SourceRecord record, IReadOnlyList<Selector> selectors, string contentHash, IReadOnlyList<ImageFacts>? images = null);

    /// <summary>Stores a rejected input with where it was and why; the same input quarantined again is stored once.</summary>
    void Quarantine(QuarantineEntry entry);

    /// <summary>Makes the batch durable and visible; returns what it changed, for the indexes that follow the store.</summary>
    BatchChanges Commit();
}

/// <summary>
/// The log of record changes that indexes derived from the store follow (the search index): every record added or
/// changed gets the next change number, in the same transaction as the change. An index keeps the number it has
/// reached durably with its own data, and on opening reads what came after; the store may then forget what every index
/// holds. A number is never given twice.
/// </summary>
public interface IRecordChanges
{
    /// <summary>A random name given when the workspace was made: an index built for another workspace (a file replaced
    /// by a copy of another) is never taken for this one's.</summary>
    string Identity { get; }

    /// <summary>Where the log stands.</summary>
    ChangeLog GetChangeLog();

    /// <summary>The records changed after change <paramref name="after"/> up to <paramref name="through"/>, in change
    /// order, each as it is now (a record changed twice comes twice).</summary>
    IEnumerable<(long Change, ScannedRecord Record)> ScanChanges(long after, long through);

    /// <summary>Forgets the changes up to <paramref name="through"/> (an index holds them durably).</summary>
    void ForgetChanges(long through);
}

/// <summary>What happened to one record offered to a batch.</summary>
public enum IngestOutcome
{
    /// <summary>A new record.</summary>
    Added,
    /// <summary>Same key and same content as a stored record: nothing changed.</summary>
    Duplicate,
    /// <summary>Same key, new content: the record was replaced and the previous version kept as a revision.</summary>
    Updated,
}

/// <summary>An index that follows an ingest as it stores (the search index): told of every committed batch on the thread
/// that stored it, then finished once, when the run ends (also when it was cancelled: what was stored is indexed).</summary>
public interface IChangeFollower : IDisposable
{
    /// <summary>A batch was committed with these changes.</summary>
    void Committed(BatchChanges changes);

    /// <summary>Makes what was followed durable in the index.</summary>
    void Finish();
}
