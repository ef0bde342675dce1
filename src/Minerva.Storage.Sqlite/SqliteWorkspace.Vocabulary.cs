using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    /// <summary>records_fts's tokenizer (migration 1); the scratch table for new records' words must split text the same way.</summary>
    private const string FullTextTokenizer = "unicode61 remove_diacritics 2";

    // Terms are held in memory only up to this many; a larger vocabulary is copied inside SQLite instead.
    private const int MaxVocabularyInMemory = 2_000_000;

    /// <summary>The full-text vocabulary and ranking lists as read ahead by a bulk load's finish; null when there is none.</summary>
    private Task<FullTextRead>? _vocabularyAhead;

    /// <summary>False once anything was written after the read-ahead's snapshot.</summary>
    private bool _vocabularyAheadCurrent;

    /// <summary>True while a bulk load runs: its records are taken in by one full read at the end, not one by one.</summary>
    private bool _bulkLoading;

    /// <inheritdoc/>
    public void RefreshDerivedIndexes()
    {
        // New words of the full-text vocabulary join the trigram index that fuzzy search expands queries with; only the
        // new ones are indexed (rebuilding it all took 0.4 s per ingest at 1M ads). The ranking lists follow the same
        // records: all of them after a bulk load or once the records have doubled, else only those written since the last refresh.
        var current = _vocabularyAheadCurrent;
        var ahead = EndVocabularyRead();
        if (!current) ahead = null;
        var before = Scalar<long>("SELECT coalesce(max(id), 0) FROM terms");
        var everything = Scalar<long>("SELECT count(*) FROM terms_pending WHERE record_id = 0") > 0 || RankingListsOutgrown();
        using var tx = _connection.BeginTransaction();
        if (!everything)
        {
            AddTermsOfPendingRecords(tx);
            UpdateRankingLists(tx);
        }
        else
        {
            var read = ahead ?? ReadFullText(_connection, Ranking);
            if (read.Vocabulary is null) Execute("INSERT OR IGNORE INTO terms(term) SELECT term FROM records_vocab WHERE length(term) >= 3", tx);
            else AddTerms(read.Vocabulary);
            StoreRankingLists(read.Lists, tx);
        }
        using var command = Command("""
            INSERT INTO terms_trigram(rowid, term) SELECT id, term FROM terms WHERE id > $before;
            DELETE FROM terms_pending;
            DELETE FROM ranking_removed;
            """, tx);
        command.Parameters.AddWithValue("$before", before);
        command.ExecuteNonQuery();
        tx.Commit();
        EndBackgroundCheckpoints();
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
    /// Starts reading the vocabulary and building the ranking lists on a connection of its own. fts5vocab reads every
    /// posting to list the terms (1.7 s at 1M ads) and the lists read every record; a bulk load's finish runs this on
    /// the otherwise idle core while it rebuilds indexes, which change neither. The read's snapshot is taken here,
    /// before returning: what it reads is exactly what was committed at this point.
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
        var settings = Ranking;
        _vocabularyAhead = Task.Run(() =>
        {
            using (connection)
            using (snapshot)
            {
                return ReadFullText(connection, settings);
            }
        });
    }

    /// <summary>Waits for the read-ahead, if any, and forgets it. What it read, or null when it failed or there was none:
    /// it only saves time, so a failure means reading the vocabulary inline instead.</summary>
    private FullTextRead? EndVocabularyRead()
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
