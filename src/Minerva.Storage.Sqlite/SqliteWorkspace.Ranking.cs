using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

/// <summary>
/// Ranking lists beside the full-text index: for each word in many records, the records where it weighs most by bm25,
/// so a query over common words is ranked from a few thousand postings instead of every match (a word in 40 % of 1M
/// ads: ~290 ms through FTS5, whose bm25() reads each match's size and positions). They are rebuilt whole after a bulk
/// load and kept up to date record by record after smaller ingests. A query they cannot answer exactly is ranked by FTS5.
/// </summary>
public sealed partial class SqliteWorkspace
{
    /// <summary>Records read at most per query to settle candidates found on some lists but not on others.</summary>
    private const int MaxRankingReads = 2_000;

    /// <summary>Which words get lists and how long they are (tests shorten them to reach the limits on small corpora).</summary>
    internal RankingSettings Ranking { get; set; } = RankingSettings.Default;

    /// <summary>The full-text vocabulary (words of 3+ characters for fuzzy search; null when too large to hold) and the
    /// ranking lists of the words in at least <see cref="RankingSettings.MinDocs"/> records, read from one snapshot.</summary>
    private sealed record FullTextRead(List<string>? Vocabulary, List<RankingList> Lists);

    private static FullTextRead ReadFullText(SqliteConnection connection, RankingSettings settings)
    {
        List<string>? vocabulary = [];
        var listed = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT term, doc, length(term) >= 3 FROM records_vocab";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var term = reader.GetString(0);
                if (reader.GetInt64(1) >= settings.MinDocs) listed[term] = reader.GetInt64(1);
                if (vocabulary is null || !reader.GetBoolean(2)) continue;
                if (vocabulary.Count == MaxVocabularyInMemory) vocabulary = null;
                else vocabulary.Add(term);
            }
        }
        var (rows, averageLength) = FullTextTotals(connection);
        if (rows == 0 || listed.Count == 0) return new FullTextRead(vocabulary, []);
        var builder = new RankingListBuilder(listed.Keys, settings.Depth, averageLength);
        // Every record's text, read as UTF-8 (strings for 1M ads were 1.2 GB of garbage).
        using (var records = new RawStatement(connection.Handle!, "SELECT id, title, body, location FROM records", []))
        {
            while (records.Next()) builder.Add(records.Int64Column(0), records.Utf8Column(1), records.Utf8Column(2), records.Utf8Column(3));
        }
        return new FullTextRead(vocabulary, [.. builder.Lists(listed)]);
    }

    /// <summary>
    /// FTS5's row count and average row length in words, as bm25() reads them: the index's averages record (id 1 of
    /// records_fts_data) holds a varint row count, then a varint per column with the words in it.
    /// </summary>
    private static (long Rows, double AverageLength) FullTextTotals(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT block FROM records_fts_data WHERE id = 1";
        if (command.ExecuteScalar() is not byte[] block || block.Length == 0) return (0, 0);
        var at = 0;
        var rows = (long)Varint(block, ref at);
        ulong words = 0;
        while (at < block.Length) words += Varint(block, ref at);
        return (rows, rows == 0 ? 0 : (double)(long)words / rows);
    }

    /// <summary>SQLite's varint: big-endian groups of 7 bits, high bit set on all but the last; a 9th byte gives 8 bits.</summary>
    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var i = 0; i < 8 && at < data.Length; i++)
        {
            var b = data[at++];
            value = (value << 7) | (uint)(b & 0x7F);
            if ((b & 0x80) == 0) return value;
        }
        return at < data.Length ? (value << 8) | data[at++] : value;
    }

    /// <summary>
    /// Whether the records have doubled since the lists were last built whole. Small ingests keep the lists of the words
    /// they had, but a word that becomes common later gets none until the next full build; rebuilding at each doubling
    /// costs at most twice one full read over a workspace's life.
    /// </summary>
    private bool RankingListsOutgrown()
    {
        var last = Scalar<long>("SELECT coalesce(max(id), 0) FROM records");
        return last >= Ranking.MinDocs && last >= 2 * Scalar<long>("SELECT last_record FROM ranking_built");
    }

    /// <summary>Replaces every stored list.</summary>
    private void StoreRankingLists(IEnumerable<RankingList> lists, SqliteTransaction tx)
    {
        Execute("""
            DELETE FROM ranking_postings;
            DELETE FROM ranking_terms;
            UPDATE ranking_built SET last_record = (SELECT coalesce(max(id), 0) FROM records);
            """, tx);
        using var term = new RawStatement(_connection.Handle!,
            "INSERT INTO ranking_terms(term, docs, bound, average_length) VALUES($term, $docs, $bound, $average)",
            ["$term", "$docs", "$bound", "$average"]);
        using var posting = PostingInsert();
        foreach (var list in lists)
        {
            term.Text(1, list.Term);
            term.Integer(2, list.Docs);
            term.Real(3, list.Bound);
            term.Real(4, list.AverageLength);
            term.Execute();
            foreach (var p in list.Postings) InsertPosting(posting, list.Term, p);
        }
    }

    /// <summary>Adds a posting, replacing the record's earlier one on that word (a changed record's new text).</summary>
    private RawStatement PostingInsert() => new(_connection.Handle!,
        "INSERT OR REPLACE INTO ranking_postings(term, record_id, freq, length) VALUES($term, $id, $freq, $length)",
        ["$term", "$id", "$freq", "$length"]);

    private static void InsertPosting(RawStatement insert, string term, Posting p)
    {
        insert.Text(1, term);
        insert.Integer(2, p.Record);
        insert.Integer(3, p.Freq);
        insert.Integer(4, p.Length);
        insert.Execute();
    }

    /// <summary>
    /// Brings the lists up to date with the records written since the last refresh: the old text of a changed record
    /// leaves the counts (and its postings go), and each new or changed record joins the list of every listed word it
    /// holds where it weighs more than the list's bound.
    /// </summary>
    private void UpdateRankingLists(SqliteTransaction tx)
    {
        var lists = new List<(string Term, double Bound, double AverageLength)>();
        using (var command = Command("SELECT term, bound, average_length FROM ranking_terms", tx))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) lists.Add((reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
        }
        if (lists.Count == 0) return;
        var counter = new WordCounter([.. lists.Select(l => l.Term)]);
        var docs = new long[lists.Count];
        using (var command = Command("SELECT record_id, title, body, location FROM ranking_removed", tx))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                counter.Count(Text(reader, 1), Text(reader, 2), Text(reader, 3));
                foreach (var t in counter.Seen) docs[t]--;
            }
        }
        // No index on record_id (it cost a random insert per posting at every build): changed records are rare, so scan.
        using (var any = Command("SELECT EXISTS (SELECT 1 FROM ranking_removed)", tx))
        {
            if ((long)any.ExecuteScalar()! != 0) Execute("DELETE FROM ranking_postings WHERE record_id IN (SELECT record_id FROM ranking_removed)", tx);
        }
        using var posting = PostingInsert();
        using (var command = Command("""
            SELECT id, title, body, location FROM records WHERE id IN (SELECT record_id FROM terms_pending)
            """, tx))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var length = counter.Count(Text(reader, 1), Text(reader, 2), Text(reader, 3));
                foreach (var t in counter.Seen)
                {
                    docs[t]++;
                    var (term, bound, averageLength) = lists[t];
                    if (Bm25.Weight(counter.Freqs[t], length, averageLength) > bound)
                        InsertPosting(posting, term, new Posting(reader.GetInt64(0), counter.Freqs[t], length));
                }
            }
        }
        using var update = new RawStatement(_connection.Handle!, "UPDATE ranking_terms SET docs = docs + $change WHERE term = $term", ["$change", "$term"]);
        for (var t = 0; t < lists.Count; t++)
        {
            if (docs[t] == 0) continue;
            update.Integer(1, docs[t]);
            update.Text(2, lists[t].Term);
            update.Execute();
        }
    }

    /// <summary>
    /// Ranks a query of plain words with no filter from the lists; null when it cannot be answered exactly that way
    /// (a phrase, prefix, alternative spellings, a filter, a word without a list, records not yet taken in, or a top
    /// the lists cannot prove), and FTS5 ranks it instead.
    /// </summary>
    private List<SearchHit>? RankedSearch(TextQuery query)
    {
        var f = query.Filter;
        if (f.Source is not null || f.From is not null || f.To is not null || f.Location is not null || f.Selectors is { Count: > 0 }) return null;
        var words = new List<string>();
        foreach (var alternatives in query.Terms)
        {
            if (alternatives.Count != 1 || alternatives[0].EndsWith('*')) return null;
            var split = Unicode61.Words(alternatives[0]);
            if (split.Count != 1) return null; // FTS5 ranks a phrase as one, by the records holding all of it in order
            words.Add(split[0]);
        }
        if (Scalar<long>("SELECT EXISTS (SELECT 1 FROM terms_pending)") != 0) return null; // the lists lag the index
        var lists = new Dictionary<string, RankingList>(StringComparer.Ordinal);
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            if (LoadRankingList(word) is not { } list) return null;
            lists[word] = list;
        }
        var (rows, averageLength) = FullTextTotals(_connection);
        var phrases = words.Select(w => lists[w]).ToList();
        var idfs = phrases.Select(p => Bm25.Idf(rows, p.Docs)).ToList();
        using var text = Command("SELECT title, body, location FROM records WHERE id = $id");
        var top = TopRanking.Top(phrases, idfs, query.Limit, averageLength, RecordReader(words, text), MaxRankingReads);
        return top is null ? null : Hits(top, query.Terms);
    }

    private RankingList? LoadRankingList(string word)
    {
        using var command = Command("SELECT docs, bound, average_length FROM ranking_terms WHERE term = $term");
        command.Parameters.AddWithValue("$term", word);
        long docs;
        double bound, averageLength;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read()) return null;
            (docs, bound, averageLength) = (reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2));
        }
        command.CommandText = "SELECT record_id, freq, length FROM ranking_postings WHERE term = $term";
        var postings = new List<Posting>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) postings.Add(new Posting(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2)));
        }
        return new RankingList(word, docs, bound, averageLength, postings);
    }

    /// <summary>Reads a record's counts of the query's words from its text, through <paramref name="text"/> (prepared
    /// once per query: a query may read up to <see cref="MaxRankingReads"/> records).</summary>
    private static TopRanking.Reader RecordReader(List<string> words, SqliteCommand text)
    {
        var counter = new WordCounter(words);
        var slots = words.Select(w => words.IndexOf(w)).ToArray();
        var id = text.Parameters.Add("$id", SqliteType.Integer);
        return record =>
        {
            id.Value = record;
            using var reader = text.ExecuteReader();
            if (!reader.Read()) return null;
            var length = counter.Count(Text(reader, 0), Text(reader, 1), Text(reader, 2));
            var freqs = new int[slots.Length];
            for (var p = 0; p < slots.Length; p++) freqs[p] = counter.Freqs[slots[p]];
            return (freqs, length);
        };
    }

    /// <summary>Summaries and snippets of the ranked records. FTS5 must agree each one matches; if not, null.</summary>
    private List<SearchHit>? Hits(List<(long Record, double Score)> top, IReadOnlyList<IReadOnlyList<string>> terms)
    {
        using var command = Command($"""
            SELECT {SummaryColumns}, snippet(records_fts, 1, char(2), char(3), '…', 16)
            FROM records_fts JOIN records r ON r.id = records_fts.rowid
            WHERE records_fts MATCH $match AND records_fts.rowid = $id
            """);
        command.Parameters.AddWithValue("$match", MatchExpression(terms));
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var hits = new List<SearchHit>();
        foreach (var (record, score) in top)
        {
            id.Value = record;
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            hits.Add(new SearchHit(ReadSummary(reader, 0), -score, reader.GetString(5))); // bm25() is negative: lower ranks first
        }
        return hits;
    }
}
