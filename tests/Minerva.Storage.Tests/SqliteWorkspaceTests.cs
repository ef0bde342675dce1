using Microsoft.Data.Sqlite;
using Minerva.Storage.Contracts;
using Minerva.Storage.Sqlite;
using Minerva.Testing;

namespace Minerva.Storage.Tests;

public sealed class SqliteResolutionStoreContractTests : ResolutionStoreContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override IWorkspace Workspace => _fixture.Whole;

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : SqliteContractFixture
    {
        public IWorkspace Whole => Workspace;
    }
}

/// <summary>A workspace file of its own for each test of a contract, opened on first use.</summary>
public abstract class SqliteContractFixture : IDisposable
{
    private readonly TempFolder _folder = new();
    private SqliteWorkspace? _workspace;

    protected SqliteWorkspace Workspace => _workspace ??= _folder.NewWorkspace();

    protected void Reopen()
    {
        _ = Workspace;
        _workspace!.Dispose();
        _workspace = SqliteWorkspace.Open(_folder.File("test.minerva"));
    }

    /// <summary>Runs SQL on the file directly, as someone who has it and not the workspace would.</summary>
    protected void Raw(string sql)
    {
        _ = Workspace;
        using var connection = new SqliteConnection($"Data Source={_folder.File("test.minerva")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _workspace?.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteCaseStoreContractTests : CaseStoreContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override ICaseStore Store => _fixture.Store;

    protected override void Reconnect() => _fixture.Reconnect();

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : SqliteContractFixture
    {
        public ICaseStore Store => Workspace.Cases;

        public void Reconnect() => Reopen();
    }
}

public sealed class SqliteRecordStoreContractTests : RecordStoreContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override IRecordStore Records => _fixture.Records;

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : SqliteContractFixture
    {
        public IRecordStore Records => Workspace;
    }
}

public sealed class SqlitePrivacyLedgerContractTests : PrivacyLedgerContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override IPrivacyLedger Ledger => _fixture.Ledger;

    protected override void Tamper(string sql) => _fixture.Tamper(sql);

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : SqliteContractFixture
    {
        public IPrivacyLedger Ledger => Workspace;

        public void Tamper(string sql) => Raw(sql);
    }
}

public sealed class SqliteAuditTrailContractTests : AuditTrailContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override IAuditTrail Trail => _fixture.Trail;

    protected override void EditDetail(long seq, string detail) =>
        _fixture.Tamper($"DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{detail.Replace("'", "''", StringComparison.Ordinal)}' WHERE seq = {seq}");

    protected override void Delete(long seq, bool withHead) =>
        _fixture.Tamper($"DROP TRIGGER IF EXISTS audit_log_no_delete; DELETE FROM audit_log WHERE seq = {seq};" +
            (withHead ? $" UPDATE audit_head SET seq = {seq - 1}, hash = (SELECT hash FROM audit_log WHERE seq = {seq - 1});" : ""));

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : SqliteContractFixture
    {
        public IAuditTrail Trail => Workspace.Audit;

        public void Tamper(string sql) => Raw(sql);
    }
}

public class SqliteWorkspaceTests
{
    [Fact]
    public void A_new_workspace_uses_WAL_and_the_latest_schema()
    {
        using var folder = new TempFolder();
        using (var workspace = folder.NewWorkspace()) Assert.Equal(16, workspace.GetStats().SchemaVersion); // 16: the audit trail
        using var connection = new SqliteConnection($"Data Source={folder.File("test.minerva")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Creating_over_an_existing_file_is_refused()
    {
        using var folder = new TempFolder();
        var path = folder.Write("exists.minerva", "x");
        var e = Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Create(path));
        Assert.Contains("already exists", e.Message);
    }

    [Fact]
    public void A_file_from_a_newer_Minerva_is_refused_with_a_clear_message()
    {
        using var folder = new TempFolder();
        folder.NewWorkspace().Dispose();
        using (var connection = new SqliteConnection($"Data Source={folder.File("test.minerva")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }
        var e = Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Open(folder.File("test.minerva")));
        Assert.Contains("schema version 99", e.Message);
        Assert.Contains("Upgrade Minerva", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_workspace_is_refused()
    {
        using var folder = new TempFolder();
        var other = folder.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t(x)";
            command.ExecuteNonQuery();
        }
        Assert.Contains("not a Minerva workspace", Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Open(other)).Message);
        var text = folder.Write("notes.txt", "plain text, not SQLite at all, long enough to have a header........");
        Assert.Contains("not a Minerva workspace", Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Open(text)).Message);
    }

    [Fact]
    public void A_missing_file_says_how_to_create_one()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Open(folder.File("none.minerva")));
        Assert.Contains("minerva init", e.Message);
    }
}

public sealed class SqliteBulkLoadTests
{
    private static readonly string[] ReadIndexes = ["records_source", "records_time", "selectors_record", "selectors_value"];

    [Fact]
    public void A_bulk_load_suspends_the_read_indexes_and_rebuilds_them_when_done()
    {
        using var folder = new TempFolder();
        using var workspace = folder.NewWorkspace();
        using (workspace.BeginBulkLoad())
        {
            Assert.Empty(Indexes(folder).Intersect(ReadIndexes));
        }
        Assert.Equal(ReadIndexes, Indexes(folder).Intersect(ReadIndexes).Order());
        Assert.Equal(0L, Query(folder, "SELECT count(*) FROM bulk_load_pending"));
    }

    private static void AddAd(IWorkspace workspace, string id)
    {
        using var batch = workspace.BeginBatch();
        var record = new Minerva.Core.SourceRecord
        {
            Key = new Minerva.Core.RecordKey("ads", id), Text = "words of ad " + id, RawPayload = id, Origin = "test",
        };
        batch.Add(record, [], "hash" + id);
        batch.Commit();
    }

    [Fact]
    public void A_workspace_searched_by_FTS5_migrates_to_the_change_log_and_keeps_its_records()
    {
        using var folder = new TempFolder();
        var path = folder.File("old.minerva");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = string.Join(";\n", Migrations.All.Take(13)) + """
                ;
                INSERT INTO records(key, source, native_id, title, body, attachments, explicit_values, raw, origin, content_hash, ingested_at)
                    VALUES('ads:1', 'ads', '1', 'Mia', 'words of an old ad', '[]', '[]', '{}', 'test', 'h', '2024-01-01');
                INSERT INTO records_fts(rowid, title, body, location) VALUES(1, 'Mia', 'words of an old ad', NULL);
                INSERT INTO bulk_load_pending(sql, owner) VALUES('INSERT INTO records_fts(records_fts) VALUES(''optimize'')', '1@0');
                PRAGMA application_id = 1296978518;
                PRAGMA user_version = 13;
                """;
            command.ExecuteNonQuery();
        }
        using (var workspace = SqliteWorkspace.Open(path))
        {
            Assert.Equal(16, workspace.GetStats().SchemaVersion);
            Assert.Equal("words of an old ad", Assert.Single(workspace.ScanRecords(null, false)).Record.Text);
            Assert.NotEmpty(workspace.Identity);
            Assert.Equal(new ChangeLog(0, 0), workspace.GetChangeLog()); // the index is built from every record: nothing to log
        }
        Assert.Equal(0L, Query(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'records_fts%' OR name LIKE 'terms%' OR name LIKE 'ranking%'"));
        Assert.Equal(0L, Query(path, "SELECT count(*) FROM bulk_load_pending")); // an unfinished FTS5 step is not run on a table that is gone
    }

    [Fact]
    public void A_workspace_whose_pending_work_cannot_be_written_opens_for_reading_with_a_warning()
    {
        using var folder = new TempFolder();
        using (var workspace = folder.NewWorkspace()) AddAd(workspace, "1");
        // A bulk load whose process died left a step to finish…
        Query(folder.File("test.minerva"), "INSERT INTO bulk_load_pending(sql, owner) VALUES('CREATE INDEX IF NOT EXISTS records_time ON records(observed_unix)', '1@0')");
        // …and another process holds the write lock (as a full disk or a read-only file would refuse the write).
        using var writer = Connect(folder);
        using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        using var reopened = SqliteWorkspace.Open(folder.File("test.minerva"));
        var warning = Assert.Single(reopened.Warnings);
        Assert.Contains("another process is writing", warning);
        Assert.NotNull(reopened.GetRecord(new Minerva.Core.RecordKey("ads", "1")));
    }

    [Fact]
    public void Damage_in_the_middle_of_the_file_is_found_by_the_integrity_check()
    {
        using var folder = new TempFolder();
        using (var workspace = folder.NewWorkspace())
        {
            for (var i = 0; i < 300; i++) AddAd(workspace, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(workspace.CheckIntegrity());
        }
        // Overwrite the headers of the pages in the middle third, keeping the size (so opening does not look).
        var path = folder.File("test.minerva");
        DamageMiddlePages(path);
        using var damaged = SqliteWorkspace.Open(path);
        Assert.NotEmpty(damaged.CheckIntegrity());
    }

    [Fact]
    public void A_file_that_changed_size_since_it_was_closed_is_checked_when_opened_and_refused_if_damaged()
    {
        using var folder = new TempFolder();
        using (var workspace = folder.NewWorkspace())
        {
            for (var i = 0; i < 300; i++) AddAd(workspace, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var path = folder.File("test.minerva");
        SqliteWorkspace.Open(path).Dispose(); // a clean close records the size; opening again checks nothing
        Assert.Equal(new FileInfo(path).Length, Query(folder, "SELECT bytes FROM closed_size"));
        DamageMiddlePages(path);
        using (var file = File.OpenWrite(path)) file.SetLength(file.Length + 16384); // and the size changes
        var e = Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Open(path));
        Assert.True(e.Message.Contains("is damaged", StringComparison.Ordinal), e.Message);
        Assert.Contains("minerva check", e.Message);
    }

    [Theory]
    // What only SQLite lets a hand do (a column's value of another type); the edits every backend must find are in PrivacyLedgerContract.
    [InlineData("UPDATE privacy_spends SET rho = '0'")] // ρ as text counted as 0
    [InlineData("UPDATE privacy_spends SET delta = '0'")]
    public void An_altered_privacy_ledger_is_detected_on_every_read_and_refuses_spends(string edit)
    {
        using var folder = new TempFolder();
        using (var workspace = folder.NewWorkspace())
        {
            workspace.SetBudget(new Minerva.Storage.PrivacyBudget("cases", 2, 1e-6, DateTimeOffset.UtcNow), "plan");
            var spend = workspace.TrySpend("cases", 0.5, 1e-8, "release 1", (_, _) => true)!;
            Assert.NotNull(spend.ChainHash);
            workspace.MarkWritten(spend.Id, "cafe");
            Assert.Single(workspace.GetSpends("cases"));
        }
        Query(folder, edit);
        using var opened = SqliteWorkspace.Open(folder.File("test.minerva"));
        Assert.Contains("privacy ledger", Assert.Throws<WorkspaceException>(() => opened.GetSpends("cases")).Message);
        Assert.Throws<WorkspaceException>(() => opened.GetBudget("cases"));
        Assert.Throws<WorkspaceException>(() => opened.TrySpend("cases", 0.1, 0, "release 2", (_, _) => true));
    }

    [Fact]
    public void A_spend_must_be_positive_and_a_ledger_from_before_the_chain_is_chained_when_opened()
    {
        using var folder = new TempFolder();
        using (var workspace = folder.NewWorkspace())
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => workspace.TrySpend("cases", -0.02, 0, "negative", (_, _) => true));
            Assert.Throws<ArgumentOutOfRangeException>(() => workspace.TrySpend("cases", double.NaN, 0, "nan", (_, _) => true));
            Assert.Throws<ArgumentOutOfRangeException>(() => workspace.TrySpend("cases", 0.5, -1e-9, "negative δ", (_, _) => true));
            workspace.SetBudget(new Minerva.Storage.PrivacyBudget("cases", 2, 1e-6, DateTimeOffset.UtcNow), "plan");
            workspace.MarkWritten(workspace.TrySpend("cases", 0.5, 0, "release 1", (_, _) => true)!.Id, "cafe");
        }
        // As a workspace written before the chain existed (and before spends recorded a δ).
        Query(folder, "DROP TABLE ledger_chain; DROP TABLE decisions; DROP TABLE case_items; DROP TABLE cases; DROP TABLE notes; DROP TABLE tags; DROP TABLE audit_log; DROP TABLE audit_head; DROP TABLE audit_key; " +
            "ALTER TABLE privacy_spends DROP COLUMN delta; PRAGMA user_version = 10");
        using var opened = SqliteWorkspace.Open(folder.File("test.minerva"));
        Assert.Equal(3L, Query(folder, "SELECT count(*) FROM ledger_chain"));
        Assert.Equal("written", Assert.Single(opened.GetSpends("cases")).Status);
    }

    [Fact]
    public void A_bulk_load_whose_process_died_is_finished_when_the_workspace_is_opened()
    {
        using var folder = new TempFolder();
        using (var workspace = folder.NewWorkspace())
        {
            workspace.BeginBulkLoad(); // never disposed: the run "dies" here
            Query(folder, "UPDATE bulk_load_pending SET owner = '999999999@1'");
        }
        Assert.Empty(Indexes(folder).Intersect(ReadIndexes));
        SqliteWorkspace.Open(folder.File("test.minerva")).Dispose();
        Assert.Equal(ReadIndexes, Indexes(folder).Intersect(ReadIndexes).Order());
        Assert.Equal(0L, Query(folder, "SELECT count(*) FROM bulk_load_pending"));
    }

    [Fact]
    public void A_bulk_load_still_running_in_another_process_is_left_alone()
    {
        using var folder = new TempFolder();
        using var loading = folder.NewWorkspace();
        using var bulk = loading.BeginBulkLoad();
        // Another live process owns it: the first process of this machine, always running.
        using var init = System.Diagnostics.Process.GetProcessById(1);
        Query(folder, $"UPDATE bulk_load_pending SET owner = '1@{init.StartTime.ToUniversalTime().Ticks}'");
        SqliteWorkspace.Open(folder.File("test.minerva")).Dispose();
        Assert.Empty(Indexes(folder).Intersect(ReadIndexes));
    }

    private static void DamageMiddlePages(string path)
    {
        using var file = File.OpenWrite(path);
        var pages = file.Length / 16384;
        for (var page = pages / 3; page < 2 * pages / 3; page++)
        {
            file.Position = page * 16384;
            file.Write(Enumerable.Repeat((byte)0x5A, 12).ToArray());
        }
    }

    private static List<string> Indexes(TempFolder folder)
    {
        using var connection = Connect(folder);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'index'";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private static object? Query(TempFolder folder, string sql) => Query(folder.File("test.minerva"), sql);

    private static object? Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static SqliteConnection Connect(TempFolder folder)
    {
        var connection = new SqliteConnection($"Data Source={folder.File("test.minerva")};Pooling=False");
        connection.Open();
        return connection;
    }
}
