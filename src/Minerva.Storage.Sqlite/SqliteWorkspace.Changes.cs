using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    /// <inheritdoc/>
    public string Identity => Scalar<string>("SELECT id FROM workspace_identity");

    /// <inheritdoc/>
    public ChangeLog GetChangeLog()
    {
        // AUTOINCREMENT keeps the largest seq ever given in sqlite_sequence, so the last number survives forgetting.
        var last = Scalar<long>("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'index_log'), 0)");
        var first = Scalar<long>("SELECT coalesce(min(seq), 0) FROM index_log");
        return new ChangeLog(last, first == 0 ? last : first - 1);
    }

    /// <inheritdoc/>
    public IEnumerable<(long Change, ScannedRecord Record)> ScanChanges(long after, long through)
    {
        using var records = Command("""
            SELECT l.seq, r.id, r.key, r.observed_unix, r.title, r.body, r.url, r.location, r.country, r.author, r.platform, '', r.origin
            FROM index_log l JOIN records r ON r.id = l.record_id WHERE l.seq > $after AND l.seq <= $through ORDER BY l.seq
            """);
        records.Parameters.AddWithValue("$after", after);
        records.Parameters.AddWithValue("$through", through);
        using var selectors = Command("SELECT record_id, kind, value FROM selectors WHERE record_id = $id");
        var id = selectors.Parameters.Add("$id", SqliteType.Integer);
        using var r = records.ExecuteReader();
        while (r.Read())
        {
            id.Value = r.GetInt64(1);
            using var s = selectors.ExecuteReader();
            // ReadScanned reads from column 1 on; this row has the change number before them.
            yield return (r.GetInt64(0), new ScannedRecord(r.GetInt64(1), ReadScanned(r, 1), new SelectorCursor(s).Take(r.GetInt64(1))));
        }
    }

    /// <inheritdoc/>
    public void ForgetChanges(long through)
    {
        if (ReadOnly) return;
        using var command = Command("DELETE FROM index_log WHERE seq <= $through");
        command.Parameters.AddWithValue("$through", through);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public IReadOnlyList<RecordText> GetTexts(IReadOnlyList<long> ids)
    {
        if (ids.Count == 0) return [];
        using var command = Command($"""
            SELECT r.id, {SummaryColumns}, r.body FROM json_each($ids) j JOIN records r ON r.id = j.value
            """);
        command.Parameters.AddWithValue("$ids", StoredJson.Write(ids));
        using var reader = command.ExecuteReader();
        var found = new Dictionary<long, RecordText>();
        while (reader.Read())
        {
            var summary = ReadSummary(reader, 1);
            found[reader.GetInt64(0)] = new RecordText(reader.GetInt64(0), summary, Text(reader, 6));
        }
        return ids.Where(found.ContainsKey).Select(i => found[i]).ToList();
    }
}
