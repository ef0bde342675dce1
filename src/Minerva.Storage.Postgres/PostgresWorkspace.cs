using Minerva.Core;

namespace Minerva.Storage.Postgres;

/// <summary>
/// A tenant of the team database as one <see cref="IWorkspace"/>: its records, resolutions, privacy ledger, case work
/// and audit trail, each kept by its own store and bound to the tenant, so that the resolver, the search index and the
/// workbench run on a tenant as they do on a workspace file.
/// </summary>
public sealed class PostgresWorkspace : IWorkspace
{
    private readonly TenantStore _tenant;
    private readonly IRecordStore _records;
    private readonly IResolutionStore _resolution;
    private readonly IPrivacyLedger _ledger;
    private readonly TeamStore? _owned;

    internal PostgresWorkspace(TenantStore tenant, TeamStore? owned)
    {
        _tenant = tenant;
        (_records, _resolution, _ledger, _owned) = (tenant.Records, tenant.Resolution, tenant.Ledger, owned);
        Cases = tenant.Cases;
        Audit = tenant.Audit;
        Location = $"tenant {tenant.Id} of {tenant.Where}";
    }

    /// <summary>Connects as the application's role (<see cref="TeamStore.Connect"/>) and opens one tenant; disposing the
    /// workspace closes the connection.</summary>
    /// <exception cref="WorkspaceException">The server cannot be reached, the role is too strong, the schema is not this
    /// build's, or there is no such tenant.</exception>
    public static PostgresWorkspace Open(string appConnectionString, long tenant)
    {
        var team = TeamStore.Connect(appConnectionString);
        try
        {
            if (!team.Tenant(tenant).Exists())
                throw new WorkspaceException($"the team database at {TeamDatabase.Where(appConnectionString)} has no tenant {tenant}: 'minerva team tenant list' shows them");
            return new PostgresWorkspace(team.Tenant(tenant), team);
        }
        catch
        {
            team.Dispose();
            throw;
        }
    }

    /// <summary>The tenant.</summary>
    public long Tenant => _tenant.Id;

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public ICaseStore Cases { get; }

    /// <inheritdoc/>
    public IAuditTrail Audit { get; }

    /// <inheritdoc/>
    public string Identity => _records.Identity;

    /// <inheritdoc/>
    public bool ForTestsOnly => _ledger.ForTestsOnly;

    /// <inheritdoc/>
    public void Dispose() => _owned?.Dispose();

    /// <inheritdoc/>
    public IIngestBatch BeginBatch() => _records.BeginBatch();

    /// <inheritdoc/>
    public IDisposable BeginBulkLoad() => _records.BeginBulkLoad();

    /// <inheritdoc/>
    public StoredRecord? GetRecord(RecordKey key) => _records.GetRecord(key);

    /// <inheritdoc/>
    public IReadOnlyList<RecordSummary> FindBySelector(SelectorKind kind, string value, int limit) => _records.FindBySelector(kind, value, limit);

    /// <inheritdoc/>
    public IReadOnlyList<RecordText> GetTexts(IReadOnlyList<long> ids) => _records.GetTexts(ids);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, long> CountBySource() => _records.CountBySource();

    /// <inheritdoc/>
    public IReadOnlyList<PlaceCountry> CountPlaceCountries() => _records.CountPlaceCountries();

    /// <inheritdoc/>
    public WorkspaceStats GetStats() => _records.GetStats();

    /// <inheritdoc/>
    public IReadOnlyList<QuarantineEntry> GetQuarantine(int limit) => _records.GetQuarantine(limit);

    /// <inheritdoc/>
    public void RecordRun(IngestRun run) => _records.RecordRun(run);

    /// <inheritdoc/>
    public IReadOnlyList<IngestRun> GetRuns(int limit) => _records.GetRuns(limit);

    /// <inheritdoc/>
    public IEnumerable<ScannedRecord> ScanRecords(IReadOnlyCollection<string>? sources, bool withPayload) => _records.ScanRecords(sources, withPayload);

    /// <inheritdoc/>
    public IEnumerable<StoredImage> ScanImages(RecordKey? record = null) => _records.ScanImages(record);

    /// <inheritdoc/>
    public IReadOnlyList<long> Holders(SelectorKind kind, string value) => _records.Holders(kind, value);

    /// <inheritdoc/>
    public IReadOnlyList<string> DistinctValues(SelectorKind kind) => _records.DistinctValues(kind);

    /// <inheritdoc/>
    public long? RecordId(RecordKey key) => _records.RecordId(key);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> ContentHashes(IReadOnlyCollection<RecordKey> keys) => _records.ContentHashes(keys);

    /// <inheritdoc/>
    public int CountSelector(SelectorKind kind, string value) => _records.CountSelector(kind, value);

    /// <inheritdoc/>
    public ChangeLog GetChangeLog() => _records.GetChangeLog();

    /// <inheritdoc/>
    public IEnumerable<(long Change, ScannedRecord Record)> ScanChanges(long after, long through) => _records.ScanChanges(after, through);

    /// <inheritdoc/>
    public void ForgetChanges(long through) => _records.ForgetChanges(through);

    /// <inheritdoc/>
    public long AddDecision(RecordKey a, RecordKey b, bool same, string by, string reason) => _resolution.AddDecision(a, b, same, by, reason);

    /// <inheritdoc/>
    public IReadOnlyList<Decision> GetDecisions() => _resolution.GetDecisions();

    /// <inheritdoc/>
    public IEnumerable<ScannedRecord> ScanUnresolved(IReadOnlyCollection<string> sources, bool withPayload) => _resolution.ScanUnresolved(sources, withPayload);

    /// <inheritdoc/>
    public IReadOnlyList<FeatureRow> FeaturesOf(IReadOnlyCollection<long> ids) => _resolution.FeaturesOf(ids);

    /// <inheritdoc/>
    public IEnumerable<(long Id, byte[] Bands)> ScanBands(IReadOnlyCollection<string> sources) => _resolution.ScanBands(sources);

    /// <inheritdoc/>
    public IEnumerable<(long Id, string Fields)> ScanStoredFields(IReadOnlyCollection<string> sources) => _resolution.ScanStoredFields(sources);

    /// <inheritdoc/>
    public IReadOnlyDictionary<long, long> MembershipsOf(IReadOnlyCollection<long> records) => _resolution.MembershipsOf(records);

    /// <inheritdoc/>
    public IReadOnlyDictionary<long, long> MembersOf(IReadOnlyCollection<long> entities) => _resolution.MembersOf(entities);

    /// <inheritdoc/>
    public IReadOnlyList<StoredLink> LinksAmong(IReadOnlySet<long> records) => _resolution.LinksAmong(records);

    /// <inheritdoc/>
    public IEnumerable<NetworkRow> ScanNetwork() => _resolution.ScanNetwork();

    /// <inheritdoc/>
    public IEnumerable<(long A, long B, double Weight, int Links)> CrossEntityLinks() => _resolution.CrossEntityLinks();

    /// <inheritdoc/>
    public long MaxEntityId() => _resolution.MaxEntityId();

    /// <inheritdoc/>
    public IReadOnlyDictionary<long, long> GetMemberships(IReadOnlyCollection<string>? sources) => _resolution.GetMemberships(sources);

    /// <inheritdoc/>
    public void SaveResolution(Resolution resolution) => _resolution.SaveResolution(resolution);

    /// <inheritdoc/>
    public ResolutionInfo? GetLatestResolution() => _resolution.GetLatestResolution();

    /// <inheritdoc/>
    public long? EntityOf(RecordKey key) => _resolution.EntityOf(key);

    /// <inheritdoc/>
    public IReadOnlyList<RecordSummary> EntityMembers(long entity) => _resolution.EntityMembers(entity);

    /// <inheritdoc/>
    public IReadOnlyList<EntitySummary> ListEntities(int limit, int minRecords) => _resolution.ListEntities(limit, minRecords);

    /// <inheritdoc/>
    public IReadOnlyList<EntitySelector> EntitySelectors(long entity) => _resolution.EntitySelectors(entity);

    /// <inheritdoc/>
    public IReadOnlyList<LinkView> EntityLinks(long entity, int limit) => _resolution.EntityLinks(entity, limit);

    /// <inheritdoc/>
    public IReadOnlyList<HubSelector> GetHubs() => _resolution.GetHubs();

    /// <inheritdoc/>
    public IEnumerable<(RecordKey Record, long Entity)> ExportMemberships() => _resolution.ExportMemberships();

    /// <inheritdoc/>
    public PrivacyBudget? GetBudget(string dataset) => _ledger.GetBudget(dataset);

    /// <inheritdoc/>
    public void SetBudget(PrivacyBudget budget, string reason) => _ledger.SetBudget(budget, reason);

    /// <inheritdoc/>
    public IReadOnlyList<PrivacyBudgetChange> GetBudgetChanges(string dataset) => _ledger.GetBudgetChanges(dataset);

    /// <inheritdoc/>
    public IReadOnlyList<PrivacySpend> GetSpends(string dataset) => _ledger.GetSpends(dataset);

    /// <inheritdoc/>
    public PrivacySpend? TrySpend(string dataset, double rho, double delta, string purpose, Func<double, double, bool> allow) => _ledger.TrySpend(dataset, rho, delta, purpose, allow);

    /// <inheritdoc/>
    public void MarkWritten(long spend, string manifestSha256) => _ledger.MarkWritten(spend, manifestSha256);
}
