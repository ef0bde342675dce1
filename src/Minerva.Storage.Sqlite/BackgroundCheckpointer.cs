using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

/// <summary>
/// Copies a bulk load's write-ahead log into the database file on a connection and thread of its own. When the writer
/// checkpointed itself, it waited for both fsyncs of every checkpoint: 1M ads took 42.6 s, against 34.3 s with the
/// fsyncs skipped (synchronous = OFF, which we do not use: it gives up durability). Here the waits are off the
/// writer's path and durability is that of synchronous = NORMAL, as before.
/// A passive checkpoint never blocks the writer, but the log restarts from its beginning only after a checkpoint
/// that caught up completely, which a writer that never pauses rarely allows; once the log has grown past
/// <see cref="RestartDue"/>'s limit, the writer restarts it itself (a short wait: most frames are copied by then).
/// </summary>
internal sealed class BackgroundCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _due = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _restartFrames;
    private volatile bool _restartDue;

    /// <param name="path">The workspace file.</param>
    /// <param name="restartFrames">Log length in frames (pages) at which the writer should restart the log.</param>
    public BackgroundCheckpointer(string path, long restartFrames)
    {
        _restartFrames = restartFrames;
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";
            setup.ExecuteNonQuery();
        }
        _loop = Task.Run(Run);
    }

    /// <summary>Whether the log has grown past the limit: the writer should restart it between transactions.</summary>
    public bool RestartDue => _restartDue;

    /// <summary>Tells the checkpointer a transaction committed: it copies what the log holds unless it is still at it
    /// (then the next round takes this transaction's frames too). Called by the writer's thread only.</summary>
    public void Committed()
    {
        if (_due.CurrentCount == 0) _due.Release();
    }

    /// <summary>Called by the writer after it restarted the log.</summary>
    public void Restarted() => _restartDue = false;

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        finally
        {
            _connection.Dispose();
            _due.Dispose();
            _stop.Dispose();
        }
    }

    private async Task Run()
    {
        while (true)
        {
            try
            {
                await _due.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)"; // busy, frames in the log, frames copied
                using var reader = command.ExecuteReader();
                if (reader.Read() && reader.GetInt64(1) >= _restartFrames) _restartDue = true;
            }
            catch (SqliteException)
            {
                // Nothing is lost: the frames stay in the log, and the next checkpoint (or the writer's own) copies them.
            }
        }
    }
}
