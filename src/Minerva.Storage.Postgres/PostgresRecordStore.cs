using Minerva.Core;
using Npgsql;

namespace Minerva.Storage.Postgres;

/// <summary>
/// One tenant's records (<see cref="IRecordStore"/>). Reads run in their own tenant-bound transactions; a scan holds one
/// connection for as long as it is read. An ingest batch holds one transaction from its start to its commit.
/// </summary>
internal sealed partial class PostgresRecordStore(TenantStore tenant) : IRecordStore
{
    internal const string SummaryColumns = "r.key, r.observed_at, r.observed_offset, r.title, r.location, r.country";

    public IIngestBatch BeginBatch() => new Batch(tenant);

    /// <summary>Nothing to switch: the server keeps its indexes current, and a batch already arrives by COPY.</summary>
    public IDisposable BeginBulkLoad() => new NoBulkLoad();

    private sealed class NoBulkLoad : IDisposable
    {
        public void Dispose()
        {
        }
    }

    /// <summary>A time with the offset it was written with (PostgreSQL keeps the instant, the offset beside it).</summary>
    internal static DateTimeOffset? ReadTime(NpgsqlDataReader r, int at)
    {
        if (r.IsDBNull(at)) return null;
        var utc = r.GetFieldValue<DateTimeOffset>(at);
        return r.IsDBNull(at + 1) ? utc : utc.ToOffset(TimeSpan.FromMinutes(r.GetInt16(at + 1)));
    }

    internal static string? Text(NpgsqlDataReader r, int at) => r.IsDBNull(at) ? null : r.GetString(at);

    internal static RecordSummary ReadSummary(NpgsqlDataReader r, int at) =>
        new(RecordKey.Parse(r.GetString(at)), ReadTime(r, at + 1), Text(r, at + 3), Text(r, at + 4), Text(r, at + 5));

    public StoredRecord? GetRecord(RecordKey key) => tenant.InTenant((c, tx) =>
    {
        var found = TenantStore.Rows(TenantStore.Command(c, tx, """
            SELECT id, observed_at, observed_offset, title, body, url, location, country, author, platform, phone_region, attachments,
                   explicit_values, raw, origin, ingested_at, (SELECT count(*)::int FROM revisions v WHERE v.record_id = records.id), content_hash
            FROM records WHERE key = @key
            """, ("key", key.ToString())), r => (Id: r.GetInt64(0), Record: new SourceRecord
        {
            Key = key,
            ObservedAt = ReadTime(r, 1),
            Title = Text(r, 3),
            Text = Text(r, 4),
            Url = Text(r, 5),
            Location = Text(r, 6),
            Country = Text(r, 7),
            Author = Text(r, 8),
            Platform = Text(r, 9),
            PhoneRegion = Text(r, 10),
            Attachments = StoredJson.Read<List<string>>(r.GetString(11)),
            ExplicitValues = StoredJson.ReadExplicit(r.GetString(12)),
            RawPayload = r.GetString(13),
            Origin = r.GetString(14),
        }, Ingested: r.GetFieldValue<DateTimeOffset>(15), Revisions: r.GetInt32(16), Hash: r.GetString(17))).SingleOrDefault();
        if (found.Record is null) return null;
        var selectors = TenantStore.Rows(TenantStore.Command(c, tx,
            "SELECT kind, value, original, field, start, length, note FROM selectors WHERE record_id = @id ORDER BY field COLLATE \"C\", start", ("id", found.Id)),
            r => SelectorKinds.TryParse(r.GetString(0), out var kind) // a kind from a newer build is left out
                ? new Selector(kind, r.GetString(1), r.GetString(2), Enum.Parse<RecordField>(r.GetString(3)), r.GetInt32(4), r.GetInt32(5), Text(r, 6))
                : null);
        return new StoredRecord(found.Record, [.. selectors.OfType<Selector>()], found.Ingested, found.Revisions, found.Hash);
    });

    public IReadOnlyList<RecordSummary> FindBySelector(SelectorKind kind, string value, int limit) => tenant.InTenant((c, tx) =>
        TenantStore.Rows(TenantStore.Command(c, tx, $"""
            SELECT {SummaryColumns} FROM records r
            WHERE r.id IN (SELECT s.record_id FROM selectors s WHERE s.kind = @kind AND s.value = @value)
            ORDER BY r.observed_at DESC NULLS LAST, r.key COLLATE "C" LIMIT @limit
            """, ("kind", kind.Name()), ("value", value), ("limit", limit)), r => ReadSummary(r, 0)));

    public IReadOnlyList<RecordText> GetTexts(IReadOnlyList<long> ids)
    {
        if (ids.Count == 0) return [];
        var found = tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx, $"SELECT r.id, {SummaryColumns}, r.body FROM records r WHERE r.id = ANY(@ids)",
            ("ids", ids.ToArray())), r => new RecordText(r.GetInt64(0), ReadSummary(r, 1), Text(r, 7)))).ToDictionary(t => t.Id);
        return [.. ids.Where(found.ContainsKey).Select(i => found[i])];
    }

    public IReadOnlyDictionary<string, long> CountBySource() => Counts("SELECT source, count(*) FROM records GROUP BY source");

    public IReadOnlyList<PlaceCountry> CountPlaceCountries() => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx, """
        SELECT location, country, count(*) FROM records
        WHERE location IS NOT NULL AND location <> '' AND country IS NOT NULL AND country <> ''
        GROUP BY location, country
        """), r => new PlaceCountry(r.GetString(0), r.GetString(1), r.GetInt64(2))));

    public WorkspaceStats GetStats() => tenant.InTenant((c, tx) =>
    {
        var (version, records, selectors, quarantined) = TenantStore.Rows(TenantStore.Command(c, tx, """
            SELECT (SELECT max(version) FROM schema_migrations), (SELECT count(*) FROM records), (SELECT count(*) FROM selectors), (SELECT count(*) FROM quarantine)
            """), r => (r.GetInt32(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3))).Single();
        return new WorkspaceStats(version, records, selectors, quarantined,
            Counts(c, tx, "SELECT source, count(*) FROM records GROUP BY source"),
            Counts(c, tx, "SELECT kind, count(*) FROM selectors GROUP BY kind"),
            Counts(c, tx, "SELECT kind, count(DISTINCT value) FROM selectors GROUP BY kind"));
    }, System.Data.IsolationLevel.RepeatableRead);

    private Dictionary<string, long> Counts(string sql) => tenant.InTenant((c, tx) => Counts(c, tx, sql));

    private static Dictionary<string, long> Counts(NpgsqlConnection c, NpgsqlTransaction tx, string sql) =>
        TenantStore.Rows(TenantStore.Command(c, tx, sql), r => (r.GetString(0), r.GetInt64(1))).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    public IReadOnlyList<QuarantineEntry> GetQuarantine(int limit) => tenant.InTenant((c, tx) =>
        TenantStore.Rows(TenantStore.Command(c, tx, "SELECT source, file, location, reason, payload, at FROM quarantine ORDER BY id DESC LIMIT @limit", ("limit", limit)),
            r => new QuarantineEntry(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Text(r, 4), r.GetFieldValue<DateTimeOffset>(5))));

    public void RecordRun(IngestRun run) => tenant.InTenant((c, tx) => TenantStore.Command(c, tx, """
        INSERT INTO ingest_runs(source, connector, inputs, started, finished, read, ingested, updated, duplicate, quarantined)
        VALUES(@source, @connector, @inputs, @started, @finished, @read, @ingested, @updated, @duplicate, @quarantined)
        """, ("source", run.Source), ("connector", run.Connector), ("inputs", StoredJson.Write(run.Inputs)), ("started", run.Started.ToUniversalTime()),
        ("finished", run.Finished.ToUniversalTime()), ("read", run.Read), ("ingested", run.Ingested), ("updated", run.Updated), ("duplicate", run.Duplicate),
        ("quarantined", run.Quarantined)).ExecuteNonQueryDisposed());

    public IReadOnlyList<IngestRun> GetRuns(int limit) => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx, """
        SELECT source, connector, inputs, started, finished, read, ingested, updated, duplicate, quarantined FROM ingest_runs ORDER BY id DESC LIMIT @limit
        """, ("limit", limit)), r => new IngestRun(r.GetString(0), r.GetString(1), StoredJson.Read<List<string>>(r.GetString(2)), r.GetFieldValue<DateTimeOffset>(3),
            r.GetFieldValue<DateTimeOffset>(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9))));

    /// <summary>Columns of a scanned record, from the id on, with its selectors' kinds and values as two arrays.</summary>
    private const string ScanColumns = """
        r.id, r.key, r.observed_at, r.observed_offset, r.title, r.body, r.url, r.location, r.country, r.author, r.platform, {0}, r.origin,
        ARRAY(SELECT s.kind FROM selectors s WHERE s.record_id = r.id), ARRAY(SELECT s.value FROM selectors s WHERE s.record_id = r.id)
        """;

    internal static ScannedRecord ReadScanned(NpgsqlDataReader r, int at)
    {
        return new ScannedRecord(r.GetInt64(at), new SourceRecord
        {
            Key = RecordKey.Parse(r.GetString(at + 1)),
            ObservedAt = ReadTime(r, at + 2),
            Title = Text(r, at + 4),
            Text = Text(r, at + 5),
            Url = Text(r, at + 6),
            Location = Text(r, at + 7),
            Country = Text(r, at + 8),
            Author = Text(r, at + 9),
            Platform = Text(r, at + 10),
            RawPayload = r.GetString(at + 11),
            Origin = r.GetString(at + 12),
        }, ReadSelectors(r, at + 13));
    }

    /// <summary>Selectors as two arrays, kinds at <paramref name="at"/> and values after (a kind from a newer build is left out).</summary>
    internal static List<(SelectorKind, string)> ReadSelectors(NpgsqlDataReader r, int at)
    {
        var (kinds, values) = (r.GetFieldValue<string[]>(at), r.GetFieldValue<string[]>(at + 1));
        var selectors = new List<(SelectorKind, string)>(kinds.Length);
        for (var i = 0; i < kinds.Length; i++)
            if (SelectorKinds.TryParse(kinds[i], out var kind)) selectors.Add((kind, values[i]));
        return selectors;
    }

    public IEnumerable<ScannedRecord> ScanRecords(IReadOnlyCollection<string>? sources, bool withPayload) => tenant.Stream(
        $"SELECT {Scan(withPayload)} FROM records r " + (sources is null ? "" : "WHERE r.source = ANY(@sources) ") + "ORDER BY r.id",
        r => ReadScanned(r, 0), ("sources", sources?.ToArray()));

    /// <summary>The columns <see cref="ReadScanned"/> reads, with the payload or without.</summary>
    internal static string Scan(bool withPayload) => string.Format(System.Globalization.CultureInfo.InvariantCulture, ScanColumns, withPayload ? "r.raw" : "''");

    public string Identity => tenant.InTenant((c, tx) => Head(c, tx, lockIt: false).Identity);

    /// <summary>The tenant's change-log head (made on first use), locked for the transaction when <paramref name="lockIt"/>.</summary>
    internal static (string Identity, long Last, long KeptAfter) Head(NpgsqlConnection c, NpgsqlTransaction tx, bool lockIt)
    {
        TenantStore.Command(c, tx, "INSERT INTO record_heads DEFAULT VALUES ON CONFLICT(tenant) DO NOTHING").ExecuteNonQueryDisposed();
        return TenantStore.Rows(TenantStore.Command(c, tx, "SELECT identity, last_change, kept_after FROM record_heads" + (lockIt ? " FOR UPDATE" : "")),
            r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2))).Single();
    }

    public ChangeLog GetChangeLog() => tenant.InTenant((c, tx) =>
    {
        var (_, last, kept) = Head(c, tx, lockIt: false);
        return new ChangeLog(last, kept);
    });

    public IEnumerable<(long Change, ScannedRecord Record)> ScanChanges(long after, long through) => tenant.Stream(
        $"SELECT l.seq, {Scan(false)} FROM index_log l JOIN records r ON r.id = l.record_id WHERE l.seq > @after AND l.seq <= @through ORDER BY l.seq",
        r => (r.GetInt64(0), ReadScanned(r, 1)), ("after", after), ("through", through));

    public void ForgetChanges(long through) => tenant.InTenant((c, tx) =>
    {
        Head(c, tx, lockIt: true);
        return TenantStore.Command(c, tx, """
            DELETE FROM index_log WHERE seq <= @through;
            UPDATE record_heads SET kept_after = greatest(kept_after, least(@through, last_change));
            """, ("through", through)).ExecuteNonQueryDisposed();
    });

    public IEnumerable<StoredImage> ScanImages(RecordKey? record = null) => tenant.Stream($"""
        SELECT i.record_id, r.key, i.attachment, i.path, i.format, i.width, i.height, i.quality, i.pdq, i.variants
        FROM images i JOIN records r ON r.id = i.record_id {(record is null ? "" : "WHERE r.key = @key")} ORDER BY i.record_id, i.attachment
        """, r => new StoredImage(r.GetInt64(0), RecordKey.Parse(r.GetString(1)), new ImageFacts(r.GetInt32(2), r.GetString(3), r.GetString(4),
            r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetString(8), r.GetString(9).Split(' ', StringSplitOptions.RemoveEmptyEntries))),
        ("key", record?.ToString()));

    public IReadOnlyList<long> Holders(SelectorKind kind, string value) => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx,
        "SELECT DISTINCT record_id FROM selectors WHERE kind = @kind AND value = @value", ("kind", kind.Name()), ("value", value)), r => r.GetInt64(0)));

    public IReadOnlyList<string> DistinctValues(SelectorKind kind) => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx,
        "SELECT DISTINCT value FROM selectors WHERE kind = @kind", ("kind", kind.Name())), r => r.GetString(0)));

    public long? RecordId(RecordKey key) => tenant.InTenant((c, tx) =>
        TenantStore.Command(c, tx, "SELECT id FROM records WHERE key = @key", ("key", key.ToString())).ExecuteScalarDisposed() as long?);

    public IReadOnlyDictionary<string, string> ContentHashes(IReadOnlyCollection<RecordKey> keys) => tenant.InTenant((c, tx) => TenantStore.Rows(
        TenantStore.Command(c, tx, """
            SELECT r.key, r.content_hash FROM unnest(@keys) AS k(key)
            CROSS JOIN LATERAL (SELECT key, content_hash FROM records WHERE key = k.key LIMIT 1) r
            """, ("keys", keys.Select(k => k.ToString()).Distinct(StringComparer.Ordinal).ToArray())), r => (r.GetString(0), r.GetString(1)))
        .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal));

    public int CountSelector(SelectorKind kind, string value) => tenant.InTenant((c, tx) => Convert.ToInt32(TenantStore.Command(c, tx,
        "SELECT count(DISTINCT record_id) FROM selectors WHERE kind = @kind AND value = @value", ("kind", kind.Name()), ("value", value))
        .ExecuteScalarDisposed(), System.Globalization.CultureInfo.InvariantCulture));
}
