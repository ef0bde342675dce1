using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    // Measured on 1M generated ads: with the secondary indexes kept current, every 2,048-record commit dirtied a page of
    // each randomly ordered index per record (~33 MB written per commit); suspended and rebuilt once, storing cost a
    // third of that per record plus a few seconds at the end.

    /// <inheritdoc/>
    public IDisposable BeginBulkLoad()
    {
        FinishInterruptedBulkLoad();
        using var tx = _connection.BeginTransaction();
        var steps = new List<string>();
        var drops = new List<string>();
        using (var indexes = Command("""
                   SELECT name, sql FROM sqlite_schema
                   WHERE type = 'index' AND tbl_name IN ('records', 'selectors') AND sql IS NOT NULL ORDER BY name
                   """, tx))
        using (var reader = indexes.ExecuteReader())
        {
            while (reader.Read())
            {
                drops.Add($"DROP INDEX \"{reader.GetString(0)}\"");
                steps.Add(IfNotExists(reader.GetString(1)));
            }
        }
        using (var pending = Command("INSERT INTO bulk_load_pending(sql, owner) VALUES($sql, $owner)", tx))
        {
            pending.Parameters.AddWithValue("$owner", ThisProcess);
            var sql = pending.Parameters.Add("$sql", SqliteType.Text);
            foreach (var step in steps)
            {
                sql.Value = step;
                pending.ExecuteNonQuery();
            }
        }
        foreach (var drop in drops) Execute(drop, tx);
        tx.Commit();
        Execute("PRAGMA wal_autocheckpoint = 0;"); // the checkpointer's thread copies the log instead (see there)
        _checkpointer ??= new BackgroundCheckpointer(Location, Pages(LogRestartBytes));
        return new BulkLoad(this);
    }

    /// <summary>Log length at which a bulk load restarts the log, reusing its disk space (tests shorten it).</summary>
    internal long LogRestartBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Copies the log into the file on another thread while a bulk load writes.</summary>
    private BackgroundCheckpointer? _checkpointer;

    /// <summary>After each commit of a bulk load: lets the checkpointer copy it, or restarts a log grown too long.</summary>
    private void BulkCommitted()
    {
        if (_checkpointer is not { } checkpointer) return;
        if (!checkpointer.RestartDue)
        {
            checkpointer.Committed();
            return;
        }
        Execute("PRAGMA wal_checkpoint(RESTART);");
        checkpointer.Restarted();
    }

    /// <summary>Stops the bulk load's checkpointer (after the refresh that follows a bulk load, or at closing); the writer
    /// checkpoints itself again from its next commit.</summary>
    private void EndBackgroundCheckpoints()
    {
        if (_checkpointer is null) return;
        _checkpointer.Dispose();
        _checkpointer = null;
        Execute($"PRAGMA wal_autocheckpoint = {Pages(CheckpointBytes)};");
    }

    /// <summary>
    /// Finishes a bulk load whose process is gone. One still running is left alone: rebuilding its indexes here would
    /// hold the write lock for seconds and could make its next batch fail.
    /// </summary>
    private void FinishInterruptedBulkLoad()
    {
        using (var owners = Command("SELECT DISTINCT owner FROM bulk_load_pending"))
        using (var reader = owners.ExecuteReader())
        {
            while (reader.Read())
            {
                if (IsRunning(reader.GetString(0))) return;
            }
        }
        FinishBulkLoad();
    }

    /// <summary>"pid@start ticks", so a later process given the same id is not taken for the owner.</summary>
    private static string ThisProcess
    {
        get
        {
            using var self = Process.GetCurrentProcess();
            return $"{self.Id}@{self.StartTime.ToUniversalTime().Ticks}";
        }
    }

    private static bool IsRunning(string owner)
    {
        var parts = owner.Split('@');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)) return false;
        if (owner == ThisProcess) return false; // our own earlier load, never finished
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture) == parts[1];
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Runs what a bulk load left to do, each step in its own transaction so an interruption loses none done.</summary>
    private void FinishBulkLoad()
    {
        var steps = new List<(long Step, string Sql)>();
        using (var pending = Command("SELECT step, sql FROM bulk_load_pending ORDER BY step"))
        using (var reader = pending.ExecuteReader())
        {
            while (reader.Read()) steps.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        if (steps.Count == 0) return;
        Execute("PRAGMA threads = 2;"); // index sorts may use a helper thread
        foreach (var (step, sql) in steps)
        {
            using var tx = _connection.BeginTransaction();
            Execute(sql, tx);
            using var done = Command("DELETE FROM bulk_load_pending WHERE step = $step", tx);
            done.Parameters.AddWithValue("$step", step);
            done.ExecuteNonQuery();
            tx.Commit();
            _checkpointer?.Committed();
        }
        Execute("PRAGMA threads = 0;");
    }

    private static string IfNotExists(string createIndex)
    {
        foreach (var prefix in new[] { "CREATE INDEX ", "CREATE UNIQUE INDEX " })
        {
            if (createIndex.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return prefix + "IF NOT EXISTS " + createIndex[prefix.Length..];
        }
        throw new WorkspaceException($"unexpected index definition: {createIndex}");
    }

    private sealed class BulkLoad(SqliteWorkspace workspace) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            workspace.FinishBulkLoad();
            workspace.EndBackgroundCheckpoints();
        }
    }
}
