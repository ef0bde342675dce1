using Minerva.Core;
using Minerva.Storage;
using Minerva.Storage.Sqlite;
using Minerva.Testing;

namespace Minerva.Search.Tests;

/// <summary>The search index on records written to the store directly: ranking, snippets, the query language, languages,
/// and how the index follows the store.</summary>
public sealed class RecordIndexTests : WorkspaceTest
{
    private RecordIndex? _index;

    private RecordIndex Index => _index ??= RecordIndex.Open(Workspace);

    protected override void Closing() => _index?.Dispose();

    private static SourceRecord Ad(string id, string title, string text, string? location = "Houston", DateTimeOffset? at = null, string source = "ads",
        string? country = "US") => new()
    {
        Key = new RecordKey(source, id),
        Title = title,
        Text = text,
        Location = location,
        Country = country,
        ObservedAt = at ?? new DateTimeOffset(2024, 5, 2, 21, 14, 0, TimeSpan.FromHours(-5)),
        RawPayload = $"{{\"id\":\"{id}\"}}",
        Origin = $"ads.jsonl:line {id}",
    };

    private static Selector Phone(string value, int start = 0) => new(SelectorKind.Phone, value, "713 555 0142", RecordField.Text, start, 12);

    /// <summary>Stores the records in one batch and brings the index up to date from the store's change log.</summary>
    private void Add(params (SourceRecord Record, Selector[] Selectors)[] records)
    {
        using (var batch = Workspace.BeginBatch())
        {
            foreach (var (record, selectors) in records) batch.Add(record, selectors, record.Title + record.Text + record.Location + record.ObservedAt);
            batch.Commit();
        }
        Index.CatchUp();
    }

    private void Add(SourceRecord record, params Selector[] selectors) => Add((record, selectors));

    private IReadOnlyList<SearchHit> Search(string query, int limit = 20, RecordFilter? filter = null, bool fuzzy = false) =>
        new Searcher(Workspace, Index).Search(query, new SearchOptions(Region: "US", Fuzzy: fuzzy, Limit: limit), filter);

    private string[] Ids(string query, int limit = 20, RecordFilter? filter = null, bool fuzzy = false) =>
        Search(query, limit, filter, fuzzy).Select(h => h.Record.Key.NativeId).ToArray();

    private string[] Sorted(string query, RecordFilter? filter = null) => Ids(query, filter: filter).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Searching the segments in parallel finds what one thread finds: the same hits in the same order with the same
    /// scores, the same totals and the same facets, on an index of several segments (one per committed batch).</summary>
    [Theory]
    [InlineData("friendly")]
    [InlineData("\"hotel friendly\"")]
    [InlineData("friendly OR quiet")]
    [InlineData("has:phone")]
    [InlineData("frendly~")]
    public void Segments_searched_in_parallel_give_what_one_thread_gives(string query)
    {
        string[] places = ["Houston", "Dallas", "Austin", "Miami", "Atlanta"];
        string[] words = ["hotel friendly", "friendly and quiet", "quiet hotel", "new in town, friendly"];
        for (var batch = 0; batch < 3; batch++)
            Add([.. Enumerable.Range(0, 400).Select(i => batch * 400 + i).Select(n => (Ad($"a{n}", $"ad {n}", $"{words[n % words.Length]} call {n}", places[n % places.Length],
                new DateTimeOffset(2024, 1 + n % 12, 1 + n % 28, 12, 0, 0, TimeSpan.Zero), n % 3 == 0 ? "ads" : "forum", n % 7 == 0 ? "CA" : "US"),
                n % 4 == 0 ? new[] { Phone($"+1713555{n % 100:D4}") } : []))]);
        Assert.True(Index.Search(s => s.IndexReader.Leaves.Count) >= 3);
        SearchPage Run(long parallelFrom, int offset)
        {
            Index.ParallelFrom = parallelFrom;
            return new Searcher(Workspace, Index).Page(query, new SearchOptions(Region: "US", Limit: 50, Offset: offset, Facets: true));
        }
        foreach (var offset in new[] { 0, 50 })
        {
            var (parallel, serial) = (Run(0, offset), Run(long.MaxValue, offset));
            Assert.True(serial.Total > 100, $"{query}: {serial.Total}");
            Assert.Equal(serial.Total, parallel.Total);
            Assert.Equal(serial.Hits.Select(h => (h.Record.Key, h.Score)), parallel.Hits.Select(h => (h.Record.Key, h.Score)));
            Assert.Equal(serial.Facets!.Sources, parallel.Facets!.Sources);
            Assert.Equal(serial.Facets.Countries, parallel.Facets.Countries);
            Assert.Equal(serial.Facets.Places, parallel.Facets.Places);
            Assert.Equal(serial.Facets.Kinds, parallel.Facets.Kinds);
            Assert.Equal(serial.Facets.Months, parallel.Facets.Months);
            Assert.Equal(serial.Total, serial.Facets.Sources.Sum(s => s.Count)); // every match counted once, not once per segment
        }
    }

    [Fact]
    public void An_updated_record_is_found_by_its_new_words_only_and_once()
    {
        Add(Ad("1", "Mia", "first text"));
        Add(Ad("1", "Mia", "second words"));
        Assert.Empty(Ids("first"));
        Assert.Equal(["1"], Ids("second"));
        Assert.Equal(["1"], Ids("mia"));
    }

    [Fact]
    public void A_record_added_and_updated_in_one_batch_is_indexed_once_with_its_new_text()
    {
        Add((Ad("1", "Mia", "first text"), []), (Ad("2", "Ava", "first text too"), []), (Ad("1", "Mia", "second words"), []));
        Assert.Equal(["2"], Ids("first"));
        Assert.Equal(["1"], Ids("second"));
        Assert.Single(Ids("mia"));
    }

    [Fact]
    public void Ranking_is_bm25_higher_first_and_the_snippet_marks_the_match()
    {
        Add(Ad("once", "Something else", "a massage in a long body text about many other things entirely"));
        Add(Ad("twice", "Massage", "massage, licensed"));
        var hits = Search("massage");
        Assert.Equal(["twice", "once"], hits.Select(h => h.Record.Key.NativeId));
        Assert.True(hits[0].Score > hits[1].Score && hits[1].Score > 0);
        Assert.Contains($"{Highlight.Open}massage{Highlight.Close}", hits[1].Snippet);
    }

    [Fact]
    public void Filters_narrow_by_source_time_location_and_selector()
    {
        Add(Ad("1", "Mia", "new in town", "Houston", new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero)), Phone("+17135550142"));
        Add(Ad("2", "Mia", "new in town", "Dallas", new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        Add(Ad("3", "Mia", "new in town", "Houston", new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero), source: "other", country: "NL"));
        Assert.Equal(["3"], Sorted("town", new RecordFilter(Source: "other")));
        Assert.Equal(["2"], Sorted("town", new RecordFilter(From: new DateTimeOffset(2024, 5, 15, 0, 0, 0, TimeSpan.Zero), To: new DateTimeOffset(2024, 6, 15, 0, 0, 0, TimeSpan.Zero))));
        Assert.Equal(["1", "3"], Sorted("town", new RecordFilter(Location: "houston")));
        Assert.Equal(["3"], Sorted("town", new RecordFilter(Location: "nl"))); // a country code
        Assert.Equal(["1"], Sorted("town phone:+17135550142"));
        Assert.Equal(["1"], Sorted("phone:+17135550142")); // a selector alone, without words
        Assert.Equal(["2", "3"], Sorted("town from:2024-05-15"));
        Assert.Equal(["1"], Sorted("town to:2024-05-15"));
    }

    [Fact]
    public void A_selector_search_without_words_lists_each_holder_once_newest_first_within_the_other_filters()
    {
        var day = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 6; i++)
            Add(Ad($"{i}", "Mia", "call me", at: day.AddDays(i), source: i == 5 ? "other" : "ads"),
                Phone("+17135550142"), Phone("+17135550142", 30), new Selector(SelectorKind.Email, i % 2 == 0 ? "mia@gmail.com" : "x@gmail.com", "m", RecordField.Text, 40, 5));
        Add(Ad("7", "Ana", "call me", at: day.AddDays(9)), Phone("+17135550199"));
        Assert.Equal(["5", "4", "3", "2", "1", "0"], Ids("phone:+17135550142"));
        Assert.All(Search("phone:+17135550142"), h => Assert.Equal(0, h.Score));
        Assert.Equal(["5", "4"], Ids("phone:+17135550142", limit: 2));
        Assert.Equal(["4", "2", "0"], Ids("source:ads phone:+17135550142 email:mia@gmail.com"));
        Assert.Equal(["2", "1"], Ids("phone:+17135550142 from:2024-05-02 to:2024-05-04"));
        Assert.Equal(["7", "5", "4", "3", "2", "1", "0"], Ids("phone:+17135550142 OR phone:+17135550199"));
        Assert.Empty(Ids("phone:+17135550100"));
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("col:value")]
    [InlineData("'); DROP TABLE records; --")]
    [InlineData("text:plain~ AND")]
    public void Query_syntax_in_user_words_is_searched_as_text_or_refused_never_run(string query)
    {
        Add(Ad("1", "Mia", "plain text"));
        try
        {
            Assert.Empty(Ids(query));
        }
        catch (QueryException e)
        {
            Assert.NotEmpty(e.Message);
        }
        Assert.Equal(1, Workspace.GetStats().Records);
    }

    [Fact]
    public void Phrases_are_exact_and_in_order_and_prefixes_and_near_match()
    {
        Add(Ad("1", "Mia", "new in town this week, hotel friendly"));
        Add(Ad("2", "Ava", "town is new to me; friendly hotels"));
        Assert.Equal(["1"], Ids("\"new in town\""));
        Assert.Empty(Ids("\"town in new\""));
        Assert.Equal(["1", "2"], Sorted("tow*"));
        Assert.Equal(["1", "2"], Sorted("\"new town\"~3")); // "new in town" and "town is new" within three moves
        Add(Ad("3", "Kim", "new offers, and five more words before the town"));
        Assert.Equal(["1", "2"], Sorted("new NEAR/1 town")); // a word between, in either order
        Assert.Equal(["1", "2"], Sorted("new NEAR/3 town"));
        Assert.Equal(["1", "2", "3"], Sorted("new NEAR town")); // ten by default
        Assert.Equal(["2"], Sorted("\"hotels\"")); // a word in quotes is that word, not its stem
        Assert.Equal(["1", "2"], Sorted("hotels")); // unquoted: its stem too
    }

    [Fact]
    public void Or_not_and_parentheses_combine()
    {
        Add(Ad("1", "Mia", "massage downtown"));
        Add(Ad("2", "Ava", "escort downtown"));
        Add(Ad("3", "Kim", "massage uptown"));
        Assert.Equal(["1", "2", "3"], Sorted("massage OR escort"));
        Assert.Equal(["1", "2"], Sorted("(massage OR escort) downtown"));
        Assert.Equal(["3"], Sorted("massage NOT downtown"));
        Assert.Equal(["3"], Sorted("massage -downtown"));
        Assert.Equal(["2", "3"], Sorted("NOT mia")); // title words count
        Assert.Equal(["1"], Sorted("massage AND downtown"));
        Assert.Equal(["2"], Sorted("title:ava"));
        Assert.Empty(Sorted("massage or")); // a lower-case "or" is a word, which no record has
    }

    [Theory]
    [InlineData("(massage", "not closed")]
    [InlineData("massage)", "no '('")]
    [InlineData("OR massage", "before it")]
    [InlineData("massage OR", "after it")]
    [InlineData("massage NOT", "after it")]
    [InlineData("phone:+17135550142 NEAR town", "NEAR joins")]
    [InlineData("lang:klingon", "languages are")]
    public void Operators_that_do_not_fit_say_why(string query, string message)
    {
        Add(Ad("1", "Mia", "massage"));
        Assert.Contains(message, Assert.Throws<QueryException>(() => Search(query)).Message);
    }

    [Fact]
    public void Fuzzy_words_find_misspellings_within_their_edits()
    {
        Add(Ad("1", "Massage", "relaxing massage downtown"));
        Add(Ad("2", "Escort", "available overnight"));
        Assert.Empty(Ids("masage"));
        Assert.Equal(["1"], Ids("masage~"));
        Assert.Equal(["1"], Ids("masage relaxng", fuzzy: true));
        Assert.Equal(["2"], Ids("ovrnigth", fuzzy: true)); // a dropped letter and a swap: two edits for a long word
        Assert.Empty(Ids("ovrnigth~1"));
        Assert.Contains($"{Highlight.Open}massage{Highlight.Close}", Search("masage~")[0].Snippet);
    }

    [Fact]
    public void Words_are_folded_so_accents_case_and_width_do_not_matter()
    {
        Add(Ad("1", "Zoë", "ask for Zoë Kieślowski, STRASSE 5"));
        Add(Ad("2", "Ana", "ｆｕｌｌｗｉｄｔｈ letters"));
        Assert.Equal(["1"], Ids("zoe kieslowski"));
        Assert.Equal(["1"], Ids("ZOË"));
        Assert.Equal(["1"], Ids("straße"));
        Assert.Equal(["2"], Ids("fullwidth"));
    }

    [Theory]
    [InlineData("en", "She offers relaxing massages in the city and she is new here", "massage", "english")]
    [InlineData("de", "Sie ist neu in der Stadt und bietet Massagen in ihrer Wohnung an", "wohnungen", "german")]
    [InlineData("nl", "Zij is nieuw in de stad en ze biedt massages aan in haar woningen", "woning", "dutch")]
    [InlineData("ro", "Ea este nouă în oraș și oferă masaje în apartamentul ei", "masajul", "romanian")]
    [InlineData("es", "Ella es nueva en la ciudad y ofrece masajes en su apartamento", "masaje", "spanish")]
    [InlineData("it", "Lei è nuova in città e offre massaggi nel suo appartamento", "massaggio", "italian")]
    [InlineData("pt", "Ela é nova na cidade e oferece massagens no seu apartamento", "massagem", "portuguese")]
    [InlineData("fr", "Elle est nouvelle dans la ville et elle propose des massages dans son appartement", "appartements", "french")]
    [InlineData("hu", "Ő új a városban és a lakásán masszázst kínál, és nagyon kedves", "lakás", "hungarian")]
    [InlineData("ru", "Она новенькая в городе и предлагает массаж в своей квартире", "квартира", "cyrillic")]
    [InlineData("uk", "Вона нова в місті і пропонує масаж у своїй квартирі", "квартира", "cyrillic")]
    public void Each_language_of_the_mission_is_stemmed_so_another_form_of_a_word_finds_it(string id, string text, string otherForm, string language)
    {
        Add(Ad(id, "", text));
        Add(Ad("other", "", "24/7 ✆ 555 0142 🌹🌹"));
        Assert.Equal([id], Ids(otherForm));
        Assert.Equal([id], Ids($"lang:{language}"));
    }

    [Fact]
    public void Records_written_from_one_template_are_more_like_each_other_than_like_the_rest()
    {
        const string template = "Hi gentlemen, {0} here, just landed in Prague. Private apartment close to the old town, discreet entrance, " +
                                "ask about my weekend specials. Only respectful men, no time wasters.";
        for (var i = 0; i < 4; i++) Add(Ad($"t{i}", $"{i} in Prague", string.Format(System.Globalization.CultureInfo.InvariantCulture, template, $"Name{i}")));
        for (var i = 0; i < 8; i++) Add(Ad($"o{i}", "Other", $"Hello, visiting Berlin this week, call me for rates and times, discreet {i}"));
        var like = new Searcher(Workspace, Index).Like(new RecordKey("ads", "t0"), new SearchOptions());
        Assert.Equal(["t1", "t2", "t3"], like.Take(3).Select(h => h.Record.Key.NativeId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(like, h => h.Record.Key.NativeId == "t0");
        Assert.Throws<QueryException>(() => new Searcher(Workspace, Index).Like(new RecordKey("ads", "nope"), new SearchOptions()));
    }

    [Fact]
    public void A_handle_without_a_platform_matches_the_name_on_any_platform()
    {
        Add(Ad("1", "Mia", "dm me"), new Selector(SelectorKind.Handle, "instagram/mia.rose22", "@mia.rose22", RecordField.Text, 0, 11));
        Add(Ad("2", "Mia", "dm me"), new Selector(SelectorKind.Handle, "telegram/mia.rose22", "@mia.rose22", RecordField.Text, 0, 11));
        Assert.Equal(["1", "2"], Sorted("handle:mia.rose22"));
        Assert.Equal(["2"], Sorted("handle:telegram/mia.rose22"));
    }

    [Fact]
    public void The_index_follows_what_the_store_changed_while_it_was_closed()
    {
        Add(Ad("1", "Mia", "first"));
        _index!.Dispose();
        _index = null;
        using (var batch = Workspace.BeginBatch())
        {
            batch.Add(Ad("2", "Ava", "second"), [], "h2");
            batch.Add(Ad("1", "Mia", "first rewritten"), [], "h1b");
            batch.Commit();
        }
        Assert.Equal(["2"], Ids("second")); // opening read the log
        Assert.Equal(["1"], Ids("rewritten"));
        Assert.Equal(2, Index.Count);
        Assert.Equal(Workspace.GetChangeLog().Last, Index.Mark);
        Assert.Equal(Workspace.GetChangeLog().Last, Workspace.GetChangeLog().KeptAfter); // and the store forgot what the index holds
    }

    [Fact]
    public void An_index_of_another_workspace_is_built_again_not_taken()
    {
        Add(Ad("1", "Mia", "only here"));
        _index!.Dispose();
        _index = null;
        // Another workspace at another path whose index folder is this one's (a file replaced by a copy of another).
        using var other = Folder.NewWorkspace("other.minerva");
        using (var batch = other.BeginBatch())
        {
            batch.Add(Ad("9", "Ava", "elsewhere"), [], "h9");
            batch.Commit();
        }
        CopyFolder(RecordIndex.FolderOf(Workspace.Location), RecordIndex.FolderOf(other.Location));
        using var index = RecordIndex.Open(other);
        var searcher = new Searcher(other, index);
        Assert.Empty(searcher.Search("only", new SearchOptions()));
        Assert.Single(searcher.Search("elsewhere", new SearchOptions()));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void An_index_missing_or_damaged_is_built_again_from_the_records()
    {
        Add(Ad("1", "Mia", "kept"));
        _index!.Dispose();
        _index = null;
        foreach (var file in Directory.GetFiles(RecordIndex.FolderOf(Workspace.Location), "segments*")) File.WriteAllText(file, "damaged");
        Assert.Equal(["1"], Ids("kept"));
        Assert.Contains(Index.Warnings, w => w.Contains("built again", StringComparison.Ordinal));
        _index!.Dispose();
        _index = null;
        Directory.Delete(RecordIndex.FolderOf(Workspace.Location), recursive: true);
        Assert.Equal(["1"], Ids("kept"));
    }

    [Fact]
    public void A_follower_indexes_what_an_ingest_commits_and_reads_another_writers_changes_between()
    {
        var index = Index;
        using (var follower = index.Follow()!)
        {
            BatchChanges Commit(string id, string text)
            {
                using var batch = Workspace.BeginBatch();
                batch.Add(Ad(id, "Mia", text), [], "h" + id);
                return batch.Commit();
            }
            follower.Committed(Commit("1", "followed one"));
            var unseen = Commit("2", "written by another ingest"); // not told to the follower
            follower.Committed(Commit("3", "followed three"));
            Assert.Equal(unseen.First, unseen.Last);
            follower.Finish();
        }
        Assert.Equal(["1", "2", "3"], Sorted("mia"));
        Assert.Equal(Workspace.GetChangeLog().Last, index.Mark);
    }

    [Fact]
    public void A_second_writer_leaves_the_index_as_committed_and_says_so()
    {
        Add(Ad("1", "Mia", "one"));
        using var follower = Index.Follow(); // holds Lucene's write lock, as an ingest in another process would
        using var second = SqliteWorkspace.Open(Workspace.Location);
        using (var batch = second.BeginBatch())
        {
            batch.Add(Ad("2", "Ava", "two"), [], "h2");
            batch.Commit();
        }
        using var reader = RecordIndex.Open(second);
        Assert.Contains(reader.Warnings, w => w.Contains("another Minerva process", StringComparison.Ordinal));
        Assert.Single(new Searcher(second, reader).Search("one", new SearchOptions()));
        Assert.Empty(new Searcher(second, reader).Search("two", new SearchOptions())); // indexed by the next writer
    }

    private static void CopyFolder(string from, string to)
    {
        if (Directory.Exists(to)) Directory.Delete(to, recursive: true);
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
