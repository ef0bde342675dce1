using Minerva.Core;
using Npgsql;
using NpgsqlTypes;
using static Minerva.Storage.Postgres.PostgresRecordStore;

namespace Minerva.Storage.Postgres;

/// <summary>
/// One tenant's decisions and resolutions (<see cref="IResolutionStore"/>). Lookups by many ids go as one array
/// parameter (one round trip, where the file backend loops); scans stream in one repeatable-read transaction. A
/// resolution is saved in one transaction: its rows go by binary COPY into staging tables and from there into the
/// tenant's tables, so a lost connection or a failed run leaves the previous resolution as it was.
/// </summary>
internal sealed class PostgresResolutionStore(TenantStore tenant) : IResolutionStore
{
    public long AddDecision(RecordKey a, RecordKey b, bool same, string by, string reason) => tenant.InTenant((c, tx) =>
        (long)TenantStore.Command(c, tx, "INSERT INTO decisions(a, b, same, by, at, reason) VALUES(@a, @b, @same, @by, @at, @reason) RETURNING id",
            ("a", a.ToString()), ("b", b.ToString()), ("same", same), ("by", by), ("at", DateTimeOffset.UtcNow), ("reason", reason)).ExecuteScalarDisposed()!);

    public IReadOnlyList<Decision> GetDecisions() => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx,
        "SELECT id, a, b, same, by, at, reason FROM decisions ORDER BY id"), r => new Decision(r.GetInt64(0), RecordKey.Parse(r.GetString(1)),
        RecordKey.Parse(r.GetString(2)), r.GetBoolean(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5), r.GetString(6))));

    public IEnumerable<ScannedRecord> ScanUnresolved(IReadOnlyCollection<string> sources, bool withPayload) => tenant.Stream($"""
        SELECT {Scan(withPayload)} FROM records r
        WHERE r.source = ANY(@sources) AND NOT EXISTS (SELECT 1 FROM entity_members m WHERE m.record_id = r.id) ORDER BY r.id
        """, r => ReadScanned(r, 0), ("sources", sources.ToArray()));

    public IReadOnlyList<FeatureRow> FeaturesOf(IReadOnlyCollection<long> ids) => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx, """
        SELECT f.record_id, f.source, f.observed_unix, f.signatures, f.bands, f.fields,
               ARRAY(SELECT s.kind FROM selectors s WHERE s.record_id = f.record_id), ARRAY(SELECT s.value FROM selectors s WHERE s.record_id = f.record_id)
        FROM resolve_features f WHERE f.record_id = ANY(@ids) ORDER BY f.record_id
        """, ("ids", ids.ToArray())), r => new FeatureRow(new StoredFeatures(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2),
        Bytes(r, 3), Bytes(r, 4), Text(r, 5)), ReadSelectors(r, 6))));

    public IEnumerable<(long Id, byte[] Bands)> ScanBands(IReadOnlyCollection<string> sources) => tenant.Stream(
        "SELECT record_id, bands FROM resolve_features WHERE source = ANY(@sources) AND bands IS NOT NULL", r => (r.GetInt64(0), Bytes(r, 1)!),
        ("sources", sources.ToArray()));

    public IEnumerable<(long Id, string Fields)> ScanStoredFields(IReadOnlyCollection<string> sources) => tenant.Stream(
        "SELECT record_id, fields FROM resolve_features WHERE source = ANY(@sources) AND fields IS NOT NULL", r => (r.GetInt64(0), r.GetString(1)),
        ("sources", sources.ToArray()));

    public IReadOnlyDictionary<long, long> MembershipsOf(IReadOnlyCollection<long> records) => Memberships(
        "SELECT record_id, entity_id FROM entity_members WHERE record_id = ANY(@ids)", ("ids", records.ToArray()));

    public IReadOnlyDictionary<long, long> MembersOf(IReadOnlyCollection<long> entities) => Memberships(
        "SELECT record_id, entity_id FROM entity_members WHERE entity_id = ANY(@ids)", ("ids", entities.ToArray()));

    public IReadOnlyDictionary<long, long> GetMemberships(IReadOnlyCollection<string>? sources) => Memberships(sources is null
        ? "SELECT record_id, entity_id FROM entity_members"
        : "SELECT m.record_id, m.entity_id FROM entity_members m JOIN records r ON r.id = m.record_id WHERE r.source = ANY(@sources)",
        ("sources", sources?.ToArray()));

    private Dictionary<long, long> Memberships(string sql, params (string Name, object? Value)[] parameters) => tenant.InTenant((c, tx) =>
        TenantStore.Rows(TenantStore.Command(c, tx, sql, parameters), r => (r.GetInt64(0), r.GetInt64(1))).ToDictionary(p => p.Item1, p => p.Item2));

    public IReadOnlyList<StoredLink> LinksAmong(IReadOnlySet<long> records)
    {
        var ids = records.ToArray();
        return tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx,
            "SELECT a, b, weight, evidence FROM links WHERE a = ANY(@ids) AND b = ANY(@ids) ORDER BY a, b", ("ids", ids)),
            r => new StoredLink(r.GetInt64(0), r.GetInt64(1), r.GetDouble(2), r.GetString(3))));
    }

    public IEnumerable<NetworkRow> ScanNetwork() => tenant.Stream($"""
        SELECT {SummaryColumns}, m.entity_id,
               ARRAY(SELECT s.kind FROM selectors s WHERE s.record_id = r.id), ARRAY(SELECT s.value FROM selectors s WHERE s.record_id = r.id)
        FROM records r LEFT JOIN entity_members m ON m.record_id = r.id ORDER BY r.id
        """, r => new NetworkRow(ReadSummary(r, 0), r.IsDBNull(6) ? null : r.GetInt64(6), ReadSelectors(r, 7)));

    public IEnumerable<(long A, long B, double Weight, int Links)> CrossEntityLinks() => tenant.Stream("""
        SELECT least(ma.entity_id, mb.entity_id), greatest(ma.entity_id, mb.entity_id), sum(l.weight), count(*)::int FROM links l
        JOIN entity_members ma ON ma.record_id = l.a JOIN entity_members mb ON mb.record_id = l.b
        WHERE ma.entity_id <> mb.entity_id GROUP BY 1, 2 ORDER BY 1, 2
        """, r => (r.GetInt64(0), r.GetInt64(1), r.GetDouble(2), r.GetInt32(3)));

    public long MaxEntityId() => tenant.InTenant((c, tx) => (long)TenantStore.Command(c, tx, "SELECT coalesce(max(entity_id), 0) FROM entity_members")
        .ExecuteScalarDisposed()!);

    public void SaveResolution(Resolution resolution) => tenant.InTenant((c, tx) =>
    {
        var sources = resolution.Sources.ToArray();
        if (!resolution.Incremental)
            TenantStore.Command(c, tx, """
                CREATE TEMP TABLE in_scope ON COMMIT DROP AS SELECT id FROM records WHERE source = ANY(@sources);
                DELETE FROM entity_members WHERE record_id IN (SELECT id FROM in_scope);
                DELETE FROM links WHERE a IN (SELECT id FROM in_scope) OR b IN (SELECT id FROM in_scope);
                DELETE FROM resolve_features WHERE record_id IN (SELECT id FROM in_scope);
                """, ("sources", sources)).ExecuteNonQueryDisposed();
        TenantStore.Command(c, tx, """
            DELETE FROM hubs;
            CREATE TEMP TABLE staging_members(record_id bigint, entity_id bigint) ON COMMIT DROP;
            CREATE TEMP TABLE staging_links(n bigint, a bigint, b bigint, weight double precision, evidence text) ON COMMIT DROP;
            CREATE TEMP TABLE staging_features(n bigint, record_id bigint, source text, observed_unix bigint, signatures bytea, bands bytea, fields text) ON COMMIT DROP;
            """).ExecuteNonQueryDisposed();
        using (var copy = c.BeginBinaryImport("COPY staging_members (record_id, entity_id) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (record, entity) in resolution.Members)
            {
                copy.StartRow();
                copy.Write(record, NpgsqlDbType.Bigint);
                copy.Write(entity, NpgsqlDbType.Bigint);
            }
            copy.Complete();
        }
        // A row given twice keeps its last version, as the file backend's INSERT OR REPLACE does: n says which came last.
        using (var copy = c.BeginBinaryImport("COPY staging_links (n, a, b, weight, evidence) FROM STDIN (FORMAT BINARY)"))
        {
            var n = 0L;
            foreach (var link in resolution.Links)
            {
                copy.StartRow();
                copy.Write(n++, NpgsqlDbType.Bigint);
                copy.Write(Math.Min(link.A, link.B), NpgsqlDbType.Bigint);
                copy.Write(Math.Max(link.A, link.B), NpgsqlDbType.Bigint);
                copy.Write(link.Weight, NpgsqlDbType.Double);
                copy.Write(link.Evidence, NpgsqlDbType.Text);
            }
            copy.Complete();
        }
        using (var copy = c.BeginBinaryImport("COPY staging_features (n, record_id, source, observed_unix, signatures, bands, fields) FROM STDIN (FORMAT BINARY)"))
        {
            var n = 0L;
            foreach (var f in resolution.Features)
            {
                copy.StartRow();
                copy.Write(n++, NpgsqlDbType.Bigint);
                copy.Write(f.Id, NpgsqlDbType.Bigint);
                copy.Write(f.Source, NpgsqlDbType.Text);
                Write(copy, f.ObservedUnix, NpgsqlDbType.Bigint);
                Write(copy, f.Signatures, NpgsqlDbType.Bytea);
                Write(copy, f.Bands, NpgsqlDbType.Bytea);
                Write(copy, f.Fields, NpgsqlDbType.Text);
            }
            copy.Complete();
        }
        TenantStore.Command(c, tx, """
            INSERT INTO entity_members(record_id, entity_id) SELECT record_id, entity_id FROM staging_members
            ON CONFLICT(tenant, record_id) DO UPDATE SET entity_id = excluded.entity_id;
            INSERT INTO links(a, b, weight, evidence) SELECT DISTINCT ON (a, b) a, b, weight, evidence FROM staging_links ORDER BY a, b, n DESC
            ON CONFLICT(tenant, a, b) DO UPDATE SET weight = excluded.weight, evidence = excluded.evidence;
            INSERT INTO resolve_features(record_id, source, observed_unix, signatures, bands, fields)
            SELECT DISTINCT ON (record_id) record_id, source, observed_unix, signatures, bands, fields FROM staging_features ORDER BY record_id, n DESC
            ON CONFLICT(tenant, record_id) DO UPDATE SET source = excluded.source, observed_unix = excluded.observed_unix,
                signatures = excluded.signatures, bands = excluded.bands, fields = excluded.fields;
            INSERT INTO hubs(kind, value, records, reason)
            SELECT DISTINCT ON (kind, value) kind, value, records, reason FROM unnest(@kinds, @values, @records, @reasons) WITH ORDINALITY
                AS h(kind, value, records, reason, n) ORDER BY kind, value, n DESC;
            INSERT INTO resolutions(rule_set, rules, sources, started, finished, model, summary)
            VALUES(@name, @rules, @sources, @started, @finished, @model, @summary);
            """, ("kinds", resolution.Hubs.Select(h => h.Kind.Name()).ToArray()), ("values", resolution.Hubs.Select(h => h.Value).ToArray()),
            ("records", resolution.Hubs.Select(h => h.Records).ToArray()), ("reasons", resolution.Hubs.Select(h => h.Reason).ToArray()),
            ("name", resolution.RuleSet), ("rules", resolution.Rules), ("sources", StoredJson.Write(resolution.Sources)),
            ("started", resolution.Started.ToUniversalTime()), ("finished", resolution.Finished.ToUniversalTime()), ("model", resolution.Model),
            ("summary", resolution.Summary)).ExecuteNonQueryDisposed();
        return true;
    });

    private static void Write<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, type);
    }

    private static void Write(NpgsqlBinaryImporter copy, long? value, NpgsqlDbType type)
    {
        if (value is { } v) copy.Write(v, type);
        else copy.WriteNull();
    }

    public ResolutionInfo? GetLatestResolution() => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx,
        "SELECT id, rule_set, rules, sources, finished, model, summary FROM resolutions ORDER BY id DESC LIMIT 1"),
        r => new ResolutionInfo(r.GetInt64(0), r.GetString(1), r.GetString(2), StoredJson.Read<List<string>>(r.GetString(3)), r.GetFieldValue<DateTimeOffset>(4),
            r.GetString(5), r.GetString(6))).SingleOrDefault());

    public long? EntityOf(RecordKey key) => tenant.InTenant((c, tx) => TenantStore.Command(c, tx,
        "SELECT m.entity_id FROM entity_members m JOIN records r ON r.id = m.record_id WHERE r.key = @key", ("key", key.ToString())).ExecuteScalarDisposed() as long?);

    public IReadOnlyList<RecordSummary> EntityMembers(long entity) => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx, $"""
        SELECT {SummaryColumns} FROM entity_members m JOIN records r ON r.id = m.record_id
        WHERE m.entity_id = @entity ORDER BY r.observed_at NULLS FIRST, r.key COLLATE "C"
        """, ("entity", entity)), r => ReadSummary(r, 0)));

    public IReadOnlyList<EntitySummary> ListEntities(int limit, int minRecords) => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx, """
        SELECT m.entity_id, count(*)::int AS n, min(r.observed_at), max(r.observed_at) FROM entity_members m
        JOIN records r ON r.id = m.record_id GROUP BY m.entity_id HAVING count(*) >= @min ORDER BY n DESC, m.entity_id LIMIT @limit
        """, ("limit", limit), ("min", minRecords)), r => new EntitySummary(r.GetInt64(0), r.GetInt32(1), Time(r, 2), Time(r, 3))));

    public IReadOnlyList<EntitySelector> EntitySelectors(long entity) => [.. tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx, """
        SELECT s.kind, s.value, count(DISTINCT s.record_id)::int AS n FROM entity_members m JOIN selectors s ON s.record_id = m.record_id
        WHERE m.entity_id = @entity GROUP BY s.kind, s.value ORDER BY n DESC, s.kind COLLATE "C", s.value COLLATE "C"
        """, ("entity", entity)), r => SelectorKinds.TryParse(r.GetString(0), out var kind) ? new EntitySelector(kind, r.GetString(1), r.GetInt32(2)) : null))
        .OfType<EntitySelector>()];

    public IReadOnlyList<LinkView> EntityLinks(long entity, int limit) => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx, """
        SELECT ra.key, rb.key, l.weight, l.evidence FROM entity_members m
        JOIN links l ON l.a = m.record_id
        JOIN entity_members mb ON mb.record_id = l.b AND mb.entity_id = m.entity_id
        JOIN records ra ON ra.id = l.a JOIN records rb ON rb.id = l.b
        WHERE m.entity_id = @entity ORDER BY l.weight DESC, ra.key COLLATE "C", rb.key COLLATE "C" LIMIT @limit
        """, ("entity", entity), ("limit", limit)), r => new LinkView(RecordKey.Parse(r.GetString(0)), RecordKey.Parse(r.GetString(1)), r.GetDouble(2), r.GetString(3))));

    public IReadOnlyList<HubSelector> GetHubs() => [.. tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx,
        "SELECT kind, value, records, reason FROM hubs ORDER BY records DESC, kind COLLATE \"C\", value COLLATE \"C\""),
        r => SelectorKinds.TryParse(r.GetString(0), out var kind) ? new HubSelector(kind, r.GetString(1), r.GetInt32(2), r.GetString(3)) : null))
        .OfType<HubSelector>()];

    public IEnumerable<(RecordKey Record, long Entity)> ExportMemberships() => tenant.Stream(
        "SELECT r.key, m.entity_id FROM entity_members m JOIN records r ON r.id = m.record_id ORDER BY m.entity_id, r.key COLLATE \"C\"",
        r => (RecordKey.Parse(r.GetString(0)), r.GetInt64(1)));

    private static byte[]? Bytes(NpgsqlDataReader r, int at) => r.IsDBNull(at) ? null : r.GetFieldValue<byte[]>(at);

    private static DateTimeOffset? Time(NpgsqlDataReader r, int at) => r.IsDBNull(at) ? null : r.GetFieldValue<DateTimeOffset>(at);
}
