using Microsoft.Data.Sqlite;
using Minerva.Generator;
using Minerva.Testing;

namespace Minerva.Storage.Sqlite.Tests;

/// <summary>Searches ranked from the ranking lists must give exactly what FTS5's own bm25() ranking gives.</summary>
public sealed class RankingListTests : IDisposable
{
    // Short lists on a small corpus, so that lists run out, bounds bite and records off some lists must be read.
    private static readonly RankingSettings Short = new(MinDocs: 100, Depth: 40);

    private static readonly string[] Common = ["relax", "apartment", "hotel friendly", "discreet", "downtown parking",
        "relax relax", "Apartment DOWNTOWN", "available"];

    private readonly TempFolder _folder = new();
    private readonly SqliteWorkspace _workspace;

    public RankingListTests()
    {
        _workspace = _folder.NewWorkspace();
        _workspace.Ranking = Short;
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void After_a_bulk_load_common_words_are_ranked_from_the_lists_exactly_as_FTS5_ranks_them()
    {
        using (_workspace.BeginBulkLoad()) Add(Ads(seed: 7, count: 3000));
        _workspace.RefreshDerivedIndexes();
        Assert.True(Query("SELECT count(*) FROM ranking_terms") > 20, "common words get lists");
        Assert.Empty(AssertSameAsFts5(Common));
    }

    [Fact]
    public void Rare_words_phrases_prefixes_and_tops_the_lists_cannot_prove_are_ranked_by_FTS5()
    {
        using (_workspace.BeginBulkLoad()) Add(Ads(seed: 7, count: 3000));
        _workspace.RefreshDerivedIndexes();
        // The last: two words seldom strong in the same ad, whose 40-record lists leave room for a better one on neither.
        string[] queries = ["berlin", "\"hotel friendly\"", "relax*", "relax nonexistentword", "respectful schedule"];
        Assert.Equal(queries, AssertSameAsFts5(queries));
    }

    [Fact]
    public void After_small_ingests_and_changed_records_the_lists_still_rank_exactly()
    {
        using (_workspace.BeginBulkLoad()) Add(Ads(seed: 7, count: 2000));
        _workspace.RefreshDerivedIndexes();
        // New ads, and earlier ads whose text changed (same keys, another seed's words).
        Add(Ads(seed: 8, count: 2600).Skip(2000));
        Add(Ads(seed: 9, count: 300).Select(ad => ad with { Title = "Relax " + ad.Title, Body = ad.Body + " relax apartment" }));
        Assert.Equal(Common, AssertSameAsFts5(Common)); // not yet taken in by the lists: FTS5 ranks
        Assert.True(Query("SELECT count(*) FROM ranking_removed") >= 300, "changed records keep their old text for the lists");
        _workspace.RefreshDerivedIndexes();
        Assert.Equal(0L, Query("SELECT count(*) FROM ranking_removed"));
        // Every answer equals FTS5's (checked inside); the lists give nearly all of them. A phrase whose top the 40-deep
        // lists cannot prove after the changes falls back to FTS5, which is what the fallback is for.
        var byFts5 = AssertSameAsFts5(Common);
        Assert.True(byFts5.Count <= 1, $"the lists answered too few: FTS5 ranked {string.Join(", ", byFts5)}");
        var counts = QueryPairs("SELECT term, docs FROM ranking_terms");
        foreach (var (term, docs) in counts) Assert.Equal(Query($"SELECT doc FROM records_vocab WHERE term = '{term}'"), docs);
    }

    [Fact]
    public void A_workspace_grown_by_small_ingests_gets_lists_once_its_records_double()
    {
        _workspace.RefreshDerivedIndexes();
        Add(Ads(seed: 7, count: 60));
        _workspace.RefreshDerivedIndexes(); // too few records for any list
        Assert.Equal(0L, Query("SELECT count(*) FROM ranking_terms"));
        Add(Ads(seed: 7, count: 3000));
        _workspace.RefreshDerivedIndexes();
        Assert.True(Query("SELECT count(*) FROM ranking_terms") > 20, "the doubled workspace was read whole");
        Assert.Empty(AssertSameAsFts5(Common));
    }

    /// <summary>Checks each query against FTS5; returns those the lists did not answer.</summary>
    private List<string> AssertSameAsFts5(IEnumerable<string> queries)
    {
        var byFts5 = new List<string>();
        foreach (var q in queries)
        {
            var terms = q.Split(' ').Select(t => (IReadOnlyList<string>)[t.Trim('"')]).ToList();
            if (q.StartsWith('"')) terms = [[q.Trim('"')]];
            var ranked = _workspace.RankedAnswers;
            var hits = _workspace.Search(new TextQuery(terms, RecordFilter.None, 20));
            var how = _workspace.RankedAnswers > ranked ? "from the lists" : "by FTS5";
            if (_workspace.RankedAnswers == ranked) byFts5.Add(q);
            var expected = Fts5Top(terms);
            Assert.True(expected.Count > 0 || q.Contains("nonexistent", StringComparison.Ordinal), $"'{q}' matches nothing");
            var got = hits.Select(h => (h.Record.Key.ToString(), h.Score)).ToList();
            Assert.True(got.Count == expected.Count && got.Zip(expected).All(x => x.First.Item1 == x.Second.Key && Math.Abs(x.First.Score - x.Second.Score) <= 1e-9),
                $"'{q}' ranked {how}:\n  got      {string.Join(", ", got)}\n  expected {string.Join(", ", expected)}");
        }
        return byFts5;
    }

    /// <summary>The oracle: FTS5's bm25() over every match, best first, ties to the older record.</summary>
    private List<(string Key, double Score)> Fts5Top(List<IReadOnlyList<string>> terms)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = """
            SELECT r.key, bm25(records_fts, 4.0, 1.0, 2.0) AS s FROM records_fts JOIN records r ON r.id = records_fts.rowid
            WHERE records_fts MATCH $m ORDER BY s, r.id LIMIT 20
            """;
        command.Parameters.AddWithValue("$m", string.Join(" AND ", terms.Select(t => t[0].EndsWith('*') ? $"\"{t[0][..^1]}\"*" : $"\"{t[0]}\"")));
        using var reader = command.ExecuteReader();
        var top = new List<(string, double)>();
        while (reader.Read()) top.Add((reader.GetString(0), reader.GetDouble(1)));
        return top;
    }

    private static IEnumerable<GeneratedAd> Ads(int seed, int count) => CorpusGenerator.Ads(new CorpusOptions(Ads: count, Seed: seed)).Take(count);

    private void Add(IEnumerable<GeneratedAd> ads) => GeneratedRecords.Store(_workspace, ads, "ad");

    private SqliteConnection Open()
    {
        var db = new SqliteConnection($"Data Source={_folder.File("test.minerva")};Mode=ReadOnly;Pooling=False");
        db.Open();
        return db;
    }

    private long Query(string sql)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private List<(string, long)> QueryPairs(string sql)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var pairs = new List<(string, long)>();
        while (reader.Read()) pairs.Add((reader.GetString(0), reader.GetInt64(1)));
        return pairs;
    }
}
