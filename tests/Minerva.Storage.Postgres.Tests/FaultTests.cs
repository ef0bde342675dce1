using Minerva.Core;
using Minerva.Generator;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Testing;
using Npgsql;

namespace Minerva.Storage.Postgres.Tests;

/// <summary>
/// The server's connection lost in the middle of an ingest (the backend terminated, as a restart of PostgreSQL ends it):
/// the run fails with a message saying what happened and what to do, nothing of the batch under way is visible, and the
/// same run again stores the rest with no record twice. A database of its own, since it cuts every connection to it.
/// </summary>
public sealed class FaultTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _name = $"minerva_fault_{Guid.NewGuid():N}"[..32];
    private readonly string _app;
    private readonly long _tenant;

    public FaultTests()
    {
        var owner = PostgresServer.CreateDatabase(_name, TestDatabase.OwnerRole);
        using (var database = TeamDatabase.Connect(owner))
        {
            database.Migrate();
            _tenant = database.CreateTenant("police-nl")!.Value;
        }
        _app = new NpgsqlConnectionStringBuilder(TestDatabase.App) { Database = _name }.ConnectionString;
    }

    public void Dispose()
    {
        PostgresServer.DropDatabase(_name);
        _folder.Dispose();
    }

    /// <summary>Ends every connection the application has to the test's database, as a server restart does.</summary>
    private void CutConnections() => PostgresServer.Run(
        $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_name}' AND usename = '{TeamDatabase.DefaultAppRole}'");

    /// <summary>A record store that cuts the connections when its <paramref name="cutAt"/>th batch is about to commit.</summary>
    private sealed class Cutting(IRecordStore store, int cutAt, Action cut) : IRecordStore
    {
        private int _batches;

        public IIngestBatch BeginBatch() => new Batch(store.BeginBatch(), ++_batches == cutAt ? cut : null);

        private sealed class Batch(IIngestBatch batch, Action? cut) : IIngestBatch
        {
            public void Expect(IReadOnlyList<RecordKey> keys) => batch.Expect(keys);

            public IngestOutcome Add(SourceRecord record, IReadOnlyList<Selector> selectors, string contentHash, IReadOnlyList<ImageFacts>? images = null) =>
                batch.Add(record, selectors, contentHash, images);

            public void Quarantine(QuarantineEntry entry) => batch.Quarantine(entry);

            public BatchChanges Commit()
            {
                cut?.Invoke();
                return batch.Commit();
            }

            public void Dispose() => batch.Dispose();
        }

        public IDisposable BeginBulkLoad() => store.BeginBulkLoad();
        public StoredRecord? GetRecord(RecordKey key) => store.GetRecord(key);
        public IReadOnlyList<RecordSummary> FindBySelector(SelectorKind kind, string value, int limit) => store.FindBySelector(kind, value, limit);
        public IReadOnlyList<RecordText> GetTexts(IReadOnlyList<long> ids) => store.GetTexts(ids);
        public IReadOnlyDictionary<string, long> CountBySource() => store.CountBySource();
        public IReadOnlyList<PlaceCountry> CountPlaceCountries() => store.CountPlaceCountries();
        public WorkspaceStats GetStats() => store.GetStats();
        public IReadOnlyList<QuarantineEntry> GetQuarantine(int limit) => store.GetQuarantine(limit);
        public void RecordRun(IngestRun run) => store.RecordRun(run);
        public IReadOnlyList<IngestRun> GetRuns(int limit) => store.GetRuns(limit);
        public IEnumerable<ScannedRecord> ScanRecords(IReadOnlyCollection<string>? sources, bool withPayload) => store.ScanRecords(sources, withPayload);
        public string Identity => store.Identity;
        public ChangeLog GetChangeLog() => store.GetChangeLog();
        public IEnumerable<(long Change, ScannedRecord Record)> ScanChanges(long after, long through) => store.ScanChanges(after, through);
        public void ForgetChanges(long through) => store.ForgetChanges(through);
    }

    [Fact]
    public void A_connection_lost_mid_ingest_fails_the_run_clearly_keeps_what_was_committed_and_a_re_run_completes_it()
    {
        CorpusGenerator.Write(_folder.Path, new CorpusOptions(Ads: 5000, Seed: 11));
        var definition = DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml"));
        using var team = TeamStore.Connect(_app);
        var records = team.Tenant(_tenant).Records;

        var e = Assert.Throws<WorkspaceException>(() => new Ingestor(new Cutting(records, cutAt: 2, CutConnections)).Run(definition, [_folder.File("ads.jsonl")]));
        Assert.Contains("connection to the team database", e.Message, StringComparison.Ordinal);
        Assert.Contains("Run the same command again", e.Message, StringComparison.Ordinal);
        NpgsqlConnection.ClearAllPools(); // the pool's connections were cut too; a new run starts afresh

        var stored = records.GetStats().Records;
        Assert.Equal(2048, stored); // the first batch, whole; nothing of the second
        Assert.Equal(new ChangeLog(2048, 0), records.GetChangeLog());

        var again = new Ingestor(records).Run(definition, [_folder.File("ads.jsonl")]);
        Assert.Equal((2048L, again.Read - 2048 - again.Quarantined), (again.Duplicate, again.Ingested));
        var after = records.GetStats();
        Assert.Equal(2048 + again.Ingested, after.Records);
        Assert.Equal(after.Records, records.ScanRecords(null, false).Select(r => r.Record.Key).Distinct().Count()); // no record twice
        Assert.Equal(after.Records, records.GetChangeLog().Last); // every change numbered once, without a gap
    }
}
