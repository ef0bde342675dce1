using Minerva.Core;

namespace Minerva.Storage;

/// <summary>
/// One investigation's store: records, their selectors, the quarantine, resolutions and the privacy ledger. Stages talk
/// to this interface only, so a backend can be swapped without touching them. Implementations are safe for one writer
/// and many readers. The search index is not here: it is derived from the records (Minerva.Search), following them
/// through <see cref="IRecordChanges"/>.
/// </summary>
public interface IWorkspace : IRecordStore, IPrivacyLedger, IDisposable
{
    /// <summary>Where the workspace lives (a file path or a connection description without secrets).</summary>
    string Location { get; }

    /// <summary>Records a decision that two records are, or are not, one person; returns its number.</summary>
    long AddDecision(RecordKey a, RecordKey b, bool same, string by, string reason);

    /// <summary>Every decision, oldest first.</summary>
    IReadOnlyList<Decision> GetDecisions();

    /// <summary>Cases, notes and tags: what investigators write about the records, kept apart from them.</summary>
    ICaseStore Cases { get; }

    /// <summary>What was done with the workspace, hash-chained.</summary>
    IAuditTrail Audit { get; }

    /// <summary>Every hashed image with its record, in record order; or only <paramref name="record"/>'s, by attachment.</summary>
    IEnumerable<StoredImage> ScanImages(RecordKey? record = null);

    /// <summary>Records of the sources that have no entity yet (new since the last resolution), in id order.</summary>
    IEnumerable<ScannedRecord> ScanUnresolved(IReadOnlyCollection<string> sources, bool withPayload);

    /// <summary>Stored resolver features of the given records, with their selectors.</summary>
    IReadOnlyList<FeatureRow> FeaturesOf(IReadOnlyCollection<long> ids);

    /// <summary>Stored LSH band keys of every resolved record of the sources.</summary>
    IEnumerable<(long Id, byte[] Bands)> ScanBands(IReadOnlyCollection<string> sources);

    /// <summary>Stored compared-field values of every resolved record of the sources.</summary>
    IEnumerable<(long Id, string Fields)> ScanStoredFields(IReadOnlyCollection<string> sources);

    /// <summary>Records holding a selector value.</summary>
    IReadOnlyList<long> Holders(SelectorKind kind, string value);

    /// <summary>Every distinct value of a selector kind.</summary>
    IReadOnlyList<string> DistinctValues(SelectorKind kind);

    /// <summary>Entity memberships of the given records (those without an entity are left out).</summary>
    IReadOnlyDictionary<long, long> MembershipsOf(IReadOnlyCollection<long> records);

    /// <summary>Entity memberships of the given entities' records.</summary>
    IReadOnlyDictionary<long, long> MembersOf(IReadOnlyCollection<long> entities);

    /// <summary>Stored links with both ends among <paramref name="records"/>.</summary>
    IReadOnlyList<StoredLink> LinksAmong(IReadOnlySet<long> records);

    /// <summary>Every record's summary, entity (if resolved) and selectors, in id order: what the network graph is built from.</summary>
    IEnumerable<NetworkRow> ScanNetwork();

    /// <summary>Pairs of different entities joined by stored links (links the clustering did not merge on), with summed weight and count.</summary>
    IEnumerable<(long A, long B, double Weight, int Links)> CrossEntityLinks();

    /// <summary>The largest entity id ever assigned (0 when none).</summary>
    long MaxEntityId();

    /// <summary>Storage id of the record with this key, or null.</summary>
    long? RecordId(RecordKey key);

    /// <summary>How many records hold this selector value.</summary>
    int CountSelector(SelectorKind kind, string value);

    /// <summary>Current record → entity memberships of records in <paramref name="sources"/> (all when null).</summary>
    IReadOnlyDictionary<long, long> GetMemberships(IReadOnlyCollection<string>? sources);

    /// <summary>Replaces the memberships, links and hubs of the resolution's sources in one transaction.</summary>
    void SaveResolution(Resolution resolution);

    /// <summary>The latest saved resolution, or null if the workspace was never resolved.</summary>
    ResolutionInfo? GetLatestResolution();

    /// <summary>The entity of a record, or null when the record is not resolved.</summary>
    long? EntityOf(RecordKey key);

    /// <summary>Members of an entity, oldest observation first.</summary>
    IReadOnlyList<RecordSummary> EntityMembers(long entity);

    /// <summary>Entities, largest first.</summary>
    IReadOnlyList<EntitySummary> ListEntities(int limit, int minRecords);

    /// <summary>Selector values held by an entity's members, most shared first.</summary>
    IReadOnlyList<EntitySelector> EntitySelectors(long entity);

    /// <summary>Links between members of an entity, strongest first.</summary>
    IReadOnlyList<LinkView> EntityLinks(long entity, int limit);

    /// <summary>Hub selectors suppressed by the latest resolution.</summary>
    IReadOnlyList<HubSelector> GetHubs();

    /// <summary>Every membership as (record key, entity id), in entity order, for exports.</summary>
    IEnumerable<(RecordKey Record, long Entity)> ExportMemberships();
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
