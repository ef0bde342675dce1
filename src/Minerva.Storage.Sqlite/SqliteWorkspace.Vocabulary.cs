using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    /// <summary>records_fts's tokenizer (migration 1); the scratch table for new records' words must split text the same way.</summary>
    private const string FullTextTokenizer = "unicode61 remove_diacritics 2";

    // Terms are held in memory only up to this many; a larger vocabulary is copied inside SQLite instead.
    private const int MaxVocabularyInMemory = 2_000_000;

    /// <summary>The full-text vocabulary as read ahead by a bulk load's finish; null when there is none.</summary>
    private Task<List<string>?>? _vocabularyAhead;

    /// <summary>False once anything was written after the read-ahead's snapshot.</summary>
    private bool _vocabularyAheadCurrent;

    /// <summary>True while a bulk load runs: its records are taken in by one full read at the end, not one by one.</summary>
    private bool _bulkLoading;

    /// <inheritdoc/>
    public void RefreshDerivedIndexes()
    {
        // New words of the full-text vocabulary join the trigram index that fuzzy search expands queries with; only the
        // new ones are indexed (rebuilding it all took 0.4 s per ingest at 1M ads).
        var current = _vocabularyAheadCurrent;
        var ahead = EndVocabularyRead();
        if (!current) ahead = null;
        var before = Scalar<long>("SELECT coalesce(max(id), 0) FROM terms");
        var everything = Scalar<long>("SELECT count(*) FROM terms_pending WHERE record_id = 0") > 0;
        using var tx = _connection.BeginTransaction();
        if (!everything) AddTermsOfPendingRecords(tx);
        else if (ahead is null) Execute("INSERT OR IGNORE INTO terms(term) SELECT term FROM records_vocab WHERE length(term) >= 3", tx);
        else AddTerms(ahead);
        using var command = Command("""
            INSERT INTO terms_trigram(rowid, term) SELECT id, term FROM terms WHERE id > $before;
            DELETE FROM terms_pending;
            """, tx);
        command.Parameters.AddWithValue("$before", before);
        command.ExecuteNonQuery();
        tx.Commit();
    }

    /// <summary>
    /// The words of the records written since the last refresh, through a scratch full-text table with the workspace's
    /// tokenizer: listing the whole vocabulary reads every posting (1.7 s at 1M ads, for an ingest of 100 records).
    /// </summary>
    private void AddTermsOfPendingRecords(SqliteTransaction tx) => Execute($"""
        CREATE VIRTUAL TABLE temp.pending_text USING fts5(title, body, location, tokenize='{FullTextTokenizer}', detail=none);
        CREATE VIRTUAL TABLE temp.pending_vocab USING fts5vocab(temp, pending_text, row);
        INSERT INTO temp.pending_text(title, body, location)
            SELECT title, body, location FROM records WHERE id IN (SELECT record_id FROM terms_pending);
        INSERT OR IGNORE INTO terms(term) SELECT term FROM temp.pending_vocab WHERE length(term) >= 3;
        DROP TABLE temp.pending_vocab;
        DROP TABLE temp.pending_text;
        """, tx);

    private void AddTerms(List<string> terms)
    {
        using var insert = new RawStatement(_connection.Handle!, "INSERT OR IGNORE INTO terms(term) VALUES($term)", ["$term"]);
        foreach (var term in terms)
        {
            insert.Text(1, term);
            insert.Execute();
        }
    }

    /// <summary>
    /// Starts reading the vocabulary on a connection of its own. fts5vocab reads every posting to list the terms
    /// (1.7 s at 1M ads); a bulk load's finish runs this on the otherwise idle core while it rebuilds indexes, which
    /// do not change the vocabulary. The read's snapshot is taken here, before returning: what it lists is exactly
    /// what was committed at this point.
    /// </summary>
    private void ReadVocabularyAhead()
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Location, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        SqliteTransaction snapshot;
        try
        {
            connection.Open();
            snapshot = connection.BeginTransaction(deferred: true);
            using var first = connection.CreateCommand();
            first.CommandText = "SELECT count(*) FROM sqlite_schema"; // a deferred transaction takes its snapshot at the first read
            first.ExecuteScalar();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _vocabularyAheadCurrent = true;
        _vocabularyAhead = Task.Run(() =>
        {
            using (connection)
            using (snapshot)
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT term FROM records_vocab WHERE length(term) >= 3";
                using var reader = command.ExecuteReader();
                var terms = new List<string>();
                while (reader.Read())
                {
                    if (terms.Count == MaxVocabularyInMemory) return null;
                    terms.Add(reader.GetString(0));
                }
                return terms;
            }
        });
    }

    /// <summary>Waits for the read-ahead, if any, and forgets it. Its terms, or null when it failed or there was none:
    /// it only saves time, so a failure means reading the vocabulary inline instead.</summary>
    private List<string>? EndVocabularyRead()
    {
        var read = _vocabularyAhead;
        _vocabularyAhead = null;
        try
        {
            return read?.GetAwaiter().GetResult();
        }
        catch (SqliteException)
        {
            return null;
        }
    }
}
