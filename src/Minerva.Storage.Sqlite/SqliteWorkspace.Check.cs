using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    /// <summary>Problems one integrity check reports at most (a badly damaged file reports thousands).</summary>
    private const int MaxProblems = 100;

    /// <summary>Checks the whole file with SQLite's integrity check (every page, every index against its table). Empty when
    /// the workspace is sound.</summary>
    public IReadOnlyList<string> CheckIntegrity() => Problems($"PRAGMA integrity_check({MaxProblems})");

    /// <summary>
    /// A file whose size differs from the one recorded at its last clean close was changed by something else, or by a
    /// process that died mid-write: its pages are checked (SQLite's quick check, a fraction of the full one) before
    /// anything reads or writes it, so damage is reported instead of served as data.
    /// </summary>
    private void CheckIfChangedSinceClosed()
    {
        var recorded = Scalar<long>("SELECT coalesce((SELECT bytes FROM closed_size), -1)");
        if (recorded == new FileInfo(Location).Length) return;
        var problems = Problems($"PRAGMA quick_check({MaxProblems})");
        if (problems.Count == 0) return;
        _connection.Dispose(); // not Dispose(): recording this size would let the next open skip the check
        throw new WorkspaceException($"{Location} is damaged ({problems[0]}{(problems.Count > 1 ? $"; {problems.Count - 1} more" : "")}). " +
            "Restore it from a copy; 'minerva check' lists what is wrong.");
    }

    /// <summary>
    /// Records the file's size as it will be once closed: the last connection's close copies the log into the file,
    /// which then holds page_count pages. Recording is itself a write, so the count is read after it.
    /// </summary>
    private void RecordClosedSize()
    {
        if (ReadOnly) return;
        try
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var bytes = Scalar<long>("PRAGMA page_count") * Scalar<long>("PRAGMA page_size");
                if (Scalar<long>("SELECT coalesce((SELECT bytes FROM closed_size), -1)") == bytes) return;
                Execute($"DELETE FROM closed_size; INSERT INTO closed_size(bytes) VALUES({bytes});");
            }
        }
        catch (SqliteException)
        {
            // Read-only, full or damaged: the next open checks the file, which is right for each of them.
        }
    }

    private List<string> Problems(string pragma)
    {
        var problems = new List<string>();
        try
        {
            using var command = Command(pragma);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = reader.GetString(0);
                if (row != "ok") problems.Add(row);
            }
        }
        catch (SqliteException e) when (StorageFaults.Of(e) == StorageFault.Damaged)
        {
            problems.Add(e.Message);
        }
        return problems;
    }
}
