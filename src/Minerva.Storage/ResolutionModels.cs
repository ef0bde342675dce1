using Minerva.Core;

namespace Minerva.Storage;

/// <summary>A record as the resolver reads it: its storage id, the record and its selectors' normalised values.</summary>
/// <param name="Id">Storage id (stable for the record's life in the workspace).</param>
/// <param name="Record">The record.</param>
/// <param name="Selectors">Kind and normalised value of each selector (spans are not needed to resolve).</param>
public sealed record ScannedRecord(long Id, SourceRecord Record, IReadOnlyList<(SelectorKind Kind, string Value)> Selectors);

/// <summary>A scored link between two records that the clustering used, with its evidence.</summary>
/// <param name="A">Storage id of the first record (the smaller id).</param>
/// <param name="B">Storage id of the second record.</param>
/// <param name="Weight">Total match weight in bits (log2 odds), prior included.</param>
/// <param name="Evidence">Compact evidence: each comparison's level, e.g. <c>phone=shared email=absent</c>.</param>
public sealed record StoredLink(long A, long B, double Weight, string Evidence);

/// <summary>A selector value held by so many records, or by records that otherwise disagree, that it links nothing.</summary>
/// <param name="Kind">Selector kind.</param>
/// <param name="Value">Normalised value.</param>
/// <param name="Records">How many records hold it.</param>
/// <param name="Reason">Which limit it crossed.</param>
public sealed record HubSelector(SelectorKind Kind, string Value, int Records, string Reason);

/// <summary>The outcome of one resolve run, saved in one transaction so an interrupted run leaves the previous one intact.</summary>
/// <param name="RuleSet">Name of the rule set.</param>
/// <param name="Rules">The rule file's text, so the run can be explained later whatever happens to the file.</param>
/// <param name="Sources">Sources the run covered; memberships and links of other sources are kept.</param>
/// <param name="Started">When the run started.</param>
/// <param name="Finished">When it finished.</param>
/// <param name="Model">The estimated model as JSON (m/u per comparison level, prior), used by <c>why</c>.</param>
/// <param name="Summary">Run counts as JSON.</param>
/// <param name="Members">Record id → entity id for every record in scope.</param>
/// <param name="Links">Links used by the clustering, streamed (there can be millions).</param>
/// <param name="Hubs">Suppressed hub selectors.</param>
/// <param name="Features">Resolver features of the records resolved, kept for incremental runs.</param>
/// <param name="Incremental">False: replace everything of the sources. True: replace only the memberships given and add
/// the links and features given (an incremental run that re-clustered part of the workspace).</param>
public sealed record Resolution(
    string RuleSet,
    string Rules,
    IReadOnlyList<string> Sources,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    string Model,
    string Summary,
    IReadOnlyDictionary<long, long> Members,
    IEnumerable<StoredLink> Links,
    IReadOnlyList<HubSelector> Hubs,
    IEnumerable<StoredFeatures> Features,
    bool Incremental);

/// <summary>A record's resolver features in stored form (kept beside the record so reading them back touches no record page).</summary>
/// <param name="Id">Record id.</param>
/// <param name="Source">The record's source.</param>
/// <param name="ObservedUnix">Observation time.</param>
/// <param name="Signatures">Encoded MinHash signatures, or null.</param>
/// <param name="Bands">LSH band keys of the blocking signature (8 bytes each), or null: found by scanning, without decoding.</param>
/// <param name="Fields">Encoded compared field values, or null.</param>
public sealed record StoredFeatures(long Id, string Source, long? ObservedUnix, byte[]? Signatures, byte[]? Bands, string? Fields);

/// <summary>Stored features read back with the record's selectors.</summary>
/// <param name="Features">The stored features.</param>
/// <param name="Selectors">The record's selectors.</param>
public sealed record FeatureRow(StoredFeatures Features, IReadOnlyList<(SelectorKind Kind, string Value)> Selectors);

/// <summary>The last saved resolution's description (without its members and links).</summary>
/// <param name="Id">Run number.</param>
/// <param name="RuleSet">Rule set name.</param>
/// <param name="Rules">Rule file text.</param>
/// <param name="Sources">Sources covered.</param>
/// <param name="Finished">When it finished.</param>
/// <param name="Model">Model JSON.</param>
/// <param name="Summary">Summary JSON.</param>
public sealed record ResolutionInfo(long Id, string RuleSet, string Rules, IReadOnlyList<string> Sources, DateTimeOffset Finished, string Model, string Summary);

/// <summary>An investigator's decision that two records are, or are not, one person; every later resolution keeps to it.</summary>
/// <param name="Id">Its number.</param>
/// <param name="A">One record.</param>
/// <param name="B">The other.</param>
/// <param name="Same">True: the same person (they are put in one entity); false: two people (never in one entity).</param>
/// <param name="By">Who decided.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, in their words.</param>
public sealed record Decision(long Id, RecordKey A, RecordKey B, bool Same, string By, DateTimeOffset At, string Reason);

/// <summary>A link as shown to a user: the records' keys, the weight and the evidence.</summary>
/// <param name="A">First record.</param>
/// <param name="B">Second record.</param>
/// <param name="Weight">Match weight in bits.</param>
/// <param name="Evidence">Comparison levels.</param>
public sealed record LinkView(RecordKey A, RecordKey B, double Weight, string Evidence);

/// <summary>A record as the network graph needs it.</summary>
/// <param name="Record">Key, time, title and place.</param>
/// <param name="Entity">Its entity, or null when not resolved.</param>
/// <param name="Selectors">Its selectors.</param>
public sealed record NetworkRow(RecordSummary Record, long? Entity, IReadOnlyList<(SelectorKind Kind, string Value)> Selectors);

/// <summary>An entity in a list: its id, size and observed time span.</summary>
/// <param name="Entity">Entity id.</param>
/// <param name="Records">Member records.</param>
/// <param name="First">Earliest observation.</param>
/// <param name="Last">Latest observation.</param>
public sealed record EntitySummary(long Entity, int Records, DateTimeOffset? First, DateTimeOffset? Last);

/// <summary>A selector value held by members of an entity.</summary>
/// <param name="Kind">Kind.</param>
/// <param name="Value">Normalised value.</param>
/// <param name="Records">Members holding it.</param>
public sealed record EntitySelector(SelectorKind Kind, string Value, int Records);
