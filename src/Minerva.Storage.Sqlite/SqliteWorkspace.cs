using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

/// <summary>
/// A workspace in one SQLite file in WAL mode. The schema version is SQLite's <c>user_version</c>; a file
/// written by a newer Minerva is refused rather than risk corrupting it. Split into partial files by operation.
/// </summary>
public sealed partial class SqliteWorkspace : IWorkspace
{
    private readonly SqliteConnection _connection;

    private SqliteWorkspace(string path, SqliteConnection connection)
    {
        Location = path;
        _connection = connection;
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <summary>Creates a new workspace file; <paramref name="forTestsOnly"/> marks it for tests (see <see cref="ForTestsOnly"/>), for good.</summary>
    /// <exception cref="WorkspaceException">The file exists or cannot be created.</exception>
    public static SqliteWorkspace Create(string path, bool forTestsOnly = false)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new WorkspaceException($"{full} already exists; open it, or choose another path.");
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new WorkspaceException($"Folder {dir} does not exist.");
        var workspace = Connect(full, create: true);
        workspace.Execute($"PRAGMA application_id = {ApplicationId};");
        workspace.Migrate(0);
        if (forTestsOnly) workspace.Execute($"INSERT INTO workspace_marks(mark) VALUES('{TestsOnlyMark}')");
        return workspace;
    }

    /// <summary>Opens an existing workspace, migrating an older schema forward.</summary>
    /// <exception cref="WorkspaceException">The file is missing, not a Minerva workspace, or from a newer version.</exception>
    public static SqliteWorkspace Open(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new WorkspaceException($"No workspace at {full}; create one with 'minerva init {path}'.");
        SqliteWorkspace workspace;
        try
        {
            workspace = Connect(full, create: false);
        }
        catch (SqliteException e) when (StorageFaults.Of(e) is StorageFault.CannotOpen or StorageFault.ReadOnly && ConnectForReading(full) is { } reading)
        {
            workspace = reading;
        }
        catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) == 11) // SQLITE_CORRUPT (NOTADB is "not a workspace", below)
        {
            throw new WorkspaceException($"{full} is damaged ({e.Message}). Restore it from a copy.", e);
        }
        catch (SqliteException e)
        {
            throw new WorkspaceException($"{full} is not a Minerva workspace: {e.Message}", e);
        }
        var appId = workspace.Scalar<long>("PRAGMA application_id;");
        var version = (int)workspace.Scalar<long>("PRAGMA user_version;");
        if (appId != ApplicationId)
        {
            workspace.Dispose();
            throw new WorkspaceException($"{full} is not a Minerva workspace (application id {appId}).");
        }
        if (version < 0)
        {
            workspace.Dispose();
            throw new WorkspaceException($"{full} has schema version {version}, which no Minerva writes: the file was edited or is damaged.");
        }
        if (version > Migrations.Latest)
        {
            workspace.Dispose();
            throw new WorkspaceException(
                $"{full} has schema version {version}, newer than this Minerva understands ({Migrations.Latest}). Upgrade Minerva to open it.");
        }
        if (workspace.ReadOnly)
        {
            if (version < Migrations.Latest)
            {
                workspace.Dispose();
                throw new WorkspaceException($"{full} is read-only and has schema version {version}; this Minerva needs {Migrations.Latest}. Open it once where it can be written.");
            }
            workspace._warnings.Add($"{full} is on a read-only file system: opened for reading only.");
        }
        else
        {
            workspace.Migrate(version);
            if (version < LedgerChainVersion) workspace.ChainExistingLedger(); // only once: a chain deleted later is an alteration
        }
        workspace.CheckIfChangedSinceClosed();
        if (!workspace.ReadOnly) workspace.FinishPendingWork();
        return workspace;
    }

    /// <summary>Whether the workspace was opened for reading only (its file system is read-only).</summary>
    public bool ReadOnly { get; private set; }

    /// <summary>
    /// A connection for reading only when the file cannot be written (a read-only file system, an evidence copy mounted
    /// read-only): SQLite cannot open a WAL database there in the usual way, as it needs to create the shared-memory
    /// file beside it, so the file is opened as immutable — safe because nothing can write to it. Null when the folder
    /// is on a writable file system (the usual open's error then stands).
    /// </summary>
    private static SqliteWorkspace? ConnectForReading(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (!IsReadOnlyFileSystem(folder)) return null;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = $"file:{Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal)}?immutable=1",
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var workspace = new SqliteWorkspace(path, connection) { ReadOnly = true };
            workspace.Execute("PRAGMA query_only = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
            return workspace;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="folder"/> is on a file system mounted read-only (access(2) says EROFS). Root
    /// bypasses permission bits, so a permission check would not tell.</summary>
    private static bool IsReadOnlyFileSystem(string folder)
    {
        var probe = Path.Combine(folder, $".minerva-probe-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return false;
        }
        catch (IOException e) when (e.HResult == 30 || e.Message.Contains("Read-only file system", StringComparison.Ordinal))
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // another reason: the usual open reports it
        }
    }

    private const string TestsOnlyMark = "tests only";

    /// <inheritdoc/>
    public bool ForTestsOnly => Scalar<long>($"SELECT EXISTS (SELECT 1 FROM workspace_marks WHERE mark = '{TestsOnlyMark}')") != 0;

    /// <summary>What opening could not finish, each with its cause and what to do; reads work all the same.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    private readonly List<string> _warnings = [];


    /// <summary>
    /// Finishes what an interrupted bulk load left: its index rebuilds. When writing is impossible now (a full disk, a
    /// read-only file, another process holding the write lock), the workspace opens for reading all the same, with a warning.
    /// </summary>
    private void FinishPendingWork()
    {
        try
        {
            FinishInterruptedBulkLoad();
        }
        // Faults under which a read can still be served: the file is fine, only writing is not.
        catch (SqliteException e) when (StorageFaults.Of(e) is StorageFault.Busy or StorageFault.ReadOnly or StorageFault.IoError
                                            or StorageFault.DiskFull or StorageFault.CannotOpen)
        {
            var cause = StorageFaults.Of(e) switch
            {
                StorageFault.DiskFull => "the disk is full",
                StorageFault.ReadOnly or StorageFault.CannotOpen => "the workspace (or its folder) is read-only",
                StorageFault.Busy => "another process is writing to it",
                _ => $"writing failed ({e.Message})",
            };
            _warnings.Add($"{Location}: an interrupted ingest left indexes to rebuild, and {cause}. Reads work, but lookups may be slower; " +
                "free space (or make the file writable) and run any command again to finish them.");
        }
    }

    /// <summary>A 32-bit tag in the file header ("MNRV") so other tools and we can tell our files apart.</summary>
    private static long ApplicationId => 0x4D4E5256;

    private static SqliteWorkspace Connect(string path, bool create)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            return Configure(new SqliteWorkspace(path, connection), create);
        }
        catch
        {
            connection.Dispose(); // a file that opens but refuses WAL (a read-only file system) must not stay open
            throw;
        }
    }

    private static SqliteWorkspace Configure(SqliteWorkspace workspace, bool create)
    {
        workspace._connection.Open();
        // 16 KB pages (set before the file's first write; older workspaces keep theirs): ingest stores ~1.5 KB rows and
        // appends index segments; measured on 100k generated ads, 4 KB pages cost ~4 µs more per record to store.
        if (create) workspace.Execute($"PRAGMA page_size = {PageSize};");
        // WAL lets the web UI read while ingest writes; NORMAL sync is durable at each checkpoint in WAL mode.
        // Checkpointing every 64 MB rather than every 4 MB keeps bulk ingest from copying hot index pages back into the
        // file (and paying an fsync) every few batches.
        workspace.Scalar<string>("PRAGMA journal_mode = WAL;");
        workspace.Execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; " +
            $"PRAGMA wal_autocheckpoint = {workspace.Pages(CheckpointBytes)}; PRAGMA temp_store = MEMORY;");
        return workspace;
    }

    private const int PageSize = 16 * 1024;
    private const long CheckpointBytes = 64L * 1024 * 1024;

    /// <summary>How many of the file's pages hold <paramref name="bytes"/>.</summary>
    private long Pages(long bytes) => bytes / Scalar<long>("PRAGMA page_size;");

    private void Migrate(int from)
    {
        for (var version = from + 1; version <= Migrations.Latest; version++)
        {
            using var tx = _connection.BeginTransaction();
            Execute(Migrations.All[version - 1], tx);
            Execute($"PRAGMA user_version = {version};", tx);
            tx.Commit();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        EndBackgroundCheckpoints(); // a bulk load not followed by a refresh
        RecordClosedSize();
        _connection.Dispose();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var command = Command(sql, tx);
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
