using Minerva.Core;

namespace Minerva.Storage;

/// <summary>
/// What entity resolution keeps beside the records: the investigators' decisions, each run's memberships, the links the
/// clustering used, suppressed hubs and the resolver features incremental runs start from; and the reads the entity
/// pages and the network graph make of them.
/// </summary>
public interface IResolutionStore
{
    /// <summary>Records a decision that two records are, or are not, one person; returns its number.</summary>
    long AddDecision(RecordKey a, RecordKey b, bool same, string by, string reason);

    /// <summary>Every decision, oldest first.</summary>
    IReadOnlyList<Decision> GetDecisions();

    /// <summary>Records of the sources that have no entity yet (new since the last resolution), in id order.</summary>
    IEnumerable<ScannedRecord> ScanUnresolved(IReadOnlyCollection<string> sources, bool withPayload);

    /// <summary>Stored resolver features of the given records, with their selectors.</summary>
    IReadOnlyList<FeatureRow> FeaturesOf(IReadOnlyCollection<long> ids);

    /// <summary>Stored LSH band keys of every resolved record of the sources.</summary>
    IEnumerable<(long Id, byte[] Bands)> ScanBands(IReadOnlyCollection<string> sources);

    /// <summary>Stored compared-field values of every resolved record of the sources.</summary>
    IEnumerable<(long Id, string Fields)> ScanStoredFields(IReadOnlyCollection<string> sources);

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
