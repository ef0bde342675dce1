using Minerva.Core;
using static Minerva.Storage.Contracts.ContractRecords;

namespace Minerva.Storage.Contracts;

/// <summary>What every backend's record store must do (<see cref="IRecordStore"/>). Each backend's test class derives from
/// this, with a new, empty store per test.</summary>
public abstract class RecordStoreContract
{
    /// <summary>The store under test.</summary>
    protected abstract IRecordStore Records { get; }

    [Fact]
    public void Places_are_counted_with_the_countries_their_records_give()
    {
        Records.Add(Ad("1", "a", "one"));
        Records.Add(Ad("2", "b", "two"));
        Records.Add(Ad("3", "c", "three", location: "Dallas"));
        Records.Add(Ad("4", "d", "four", location: null));
        Records.Add(Ad("5", "e", "five") with { Country = null });
        var counts = Records.CountPlaceCountries().OrderBy(c => c.Place, StringComparer.Ordinal).ToList();
        Assert.Equal([new PlaceCountry("Dallas", "US", 1), new PlaceCountry("Houston", "US", 2)], counts);
    }

    [Fact]
    public void A_stored_record_comes_back_with_every_field_and_selector()
    {
        var ad = Ad("1", "Sweet Mia", "Call 713 555 0142 now");
        Assert.Equal(IngestOutcome.Added, Records.Add(ad, Phone("+17135550142", 5)));
        var stored = Records.GetRecord(ad.Key)!;
        Assert.Equal(ad.Title, stored.Record.Title);
        Assert.Equal(ad.Text, stored.Record.Text);
        Assert.Equal(ad.ObservedAt, stored.Record.ObservedAt);
        Assert.Equal(ad.Attachments, stored.Record.Attachments);
        Assert.Equal(ad.ExplicitValues, stored.Record.ExplicitValues);
        Assert.Equal(ad.RawPayload, stored.Record.RawPayload);
        var phone = Assert.Single(stored.Selectors);
        Assert.Equal(("+17135550142", 5, 12), (phone.Value, phone.Start, phone.Length));
        Assert.Null(Records.GetRecord(new RecordKey("ads", "missing")));
    }

    [Fact]
    public void The_same_record_twice_is_a_duplicate_and_new_content_under_the_same_key_is_an_update()
    {
        Assert.Equal(IngestOutcome.Added, Records.Add(Ad("1", "Mia", "first text")));
        Assert.Equal(IngestOutcome.Duplicate, Records.Add(Ad("1", "Mia", "first text")));
        Assert.Equal(IngestOutcome.Updated, Records.Add(Ad("1", "Mia", "second words"), Phone("+17135550142")));
        var stored = Records.GetRecord(new RecordKey("ads", "1"))!;
        Assert.Equal("second words", stored.Record.Text);
        Assert.Equal(1, stored.Revisions);
        Assert.Single(stored.Selectors);
        Assert.Equal(1, Records.GetStats().Records);
    }

    [Fact]
    public void Every_added_or_changed_record_is_logged_in_order_for_the_index_and_a_number_is_never_given_twice()
    {
        Assert.Equal(new ChangeLog(0, 0), Records.GetChangeLog());
        BatchChanges first;
        using (var batch = Records.BeginBatch())
        {
            batch.Add(Ad("1", "Mia", "one"), [Phone("+17135550142")], "h1");
            batch.Add(Ad("2", "Ava", "two"), [], "h2");
            batch.Add(Ad("2", "Ava", "two"), [], "h2"); // a duplicate changes nothing
            first = batch.Commit();
        }
        Assert.Equal((1L, 2L), (first.First, first.Last));
        Assert.Equal(["1", "2"], first.Records.Select(r => r.Record.Key.NativeId));
        Assert.Equal([(SelectorKind.Phone, "+17135550142")], first.Records[0].Selectors);
        using (var batch = Records.BeginBatch())
        {
            batch.Add(Ad("1", "Mia", "one, rewritten"), [], "h1b");
            Assert.Equal((3L, 3L), (batch.Commit() is var c ? (c.First, c.Last) : default));
        }
        using (var batch = Records.BeginBatch()) Assert.Same(BatchChanges.None, batch.Commit());
        var changes = Records.ScanChanges(0, 3).ToList();
        Assert.Equal([1L, 2L, 3L], changes.Select(c => c.Change));
        Assert.Equal("one, rewritten", changes[2].Record.Record.Text); // each record as it is now
        Assert.Equal(changes[0].Record.Id, changes[2].Record.Id);
        Assert.Equal(new ChangeLog(3, 0), Records.GetChangeLog());
        Records.ForgetChanges(2);
        Assert.Equal(new ChangeLog(3, 2), Records.GetChangeLog());
        Assert.Equal([3L], Records.ScanChanges(0, 3).Select(c => c.Change));
        Records.ForgetChanges(3);
        Assert.Equal(new ChangeLog(3, 3), Records.GetChangeLog());
        Assert.Equal(4, Records.Add(Ad("4", "Kim", "four")) == IngestOutcome.Added ? Records.GetChangeLog().Last : 0);
        Assert.NotEmpty(Records.Identity);
        var four = Records.ScanRecords(null, false).Single(r => r.Record.Key.NativeId == "4").Id;
        Assert.Equal(["ads:4"], Records.GetTexts([four, 999_999]).Select(t => t.Summary.Key.ToString()));
    }

    [Fact]
    public void A_batch_disposed_without_commit_leaves_nothing()
    {
        using (var batch = Records.BeginBatch()) batch.Add(Ad("1", "Mia", "text"), [], "h");
        Assert.Equal(0, Records.GetStats().Records);
    }

    [Fact]
    public void Records_are_found_by_selector()
    {
        Records.Add(Ad("1", "A", "a"), Phone("+17135550142"));
        Records.Add(Ad("2", "B", "b"), Phone("+17135550142"));
        Records.Add(Ad("3", "C", "c"), Phone("+15125550177"));
        var found = Records.FindBySelector(SelectorKind.Phone, "+17135550142", 10).Select(r => r.Key.NativeId).Order();
        Assert.Equal(["1", "2"], found);
    }

    [Fact]
    public void The_same_bad_input_is_quarantined_once_and_counted()
    {
        var entry = new QuarantineEntry("ads", "ads.jsonl", "line 9", "invalid JSON", "{\"id\": ", DateTimeOffset.UtcNow);
        for (var i = 0; i < 2; i++)
        {
            using var batch = Records.BeginBatch();
            batch.Quarantine(entry);
            batch.Commit();
        }
        var stored = Assert.Single(Records.GetQuarantine(10));
        Assert.Equal(("ads.jsonl", "line 9", "invalid JSON"), (stored.File, stored.Location, stored.Reason));
        Assert.Equal(1, Records.GetStats().Quarantined);
        // Read again with a changed connector, the same item fails for another reason: the latest is what is shown.
        using (var again = Records.BeginBatch())
        {
            again.Quarantine(entry with { Reason = "no value for the id (connector line 4)" });
            again.Commit();
        }
        Assert.Equal("no value for the id (connector line 4)", Assert.Single(Records.GetQuarantine(10)).Reason);
    }

    [Fact]
    public void Ingest_runs_read_back_newest_first_with_their_counts()
    {
        var start = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        var first = new IngestRun("ads", "connectors/ads.yaml", ["a.jsonl", "b.jsonl"], start, start.AddSeconds(9), 10, 7, 1, 1, 1);
        Records.RecordRun(first);
        Records.RecordRun(first with { Source = "profiles", Inputs = ["p.csv"], Started = start.AddHours(1), Finished = start.AddHours(1).AddSeconds(2) });
        var runs = Records.GetRuns(10);
        Assert.Equal(["profiles", "ads"], runs.Select(r => r.Source));
        var read = runs[1];
        Assert.Equal(first.Inputs, read.Inputs);
        Assert.Equal((first.Started, first.Finished), (read.Started, read.Finished));
        Assert.Equal((10L, 7L, 1L, 1L, 1L), (read.Read, read.Ingested, read.Updated, read.Duplicate, read.Quarantined));
        Assert.Single(Records.GetRuns(1));
    }

    [Fact]
    public void A_scan_gives_every_record_of_the_sources_asked_in_id_order_with_its_selectors()
    {
        Records.Add(Ad("1", "Mia", "one"), Phone("+17135550142"));
        Records.Add(Ad("p1", "Mia", "profile", source: "profiles"));
        Records.Add(Ad("2", "Ava", "two"), Phone("+17135550142"), Phone("+15125550177", 20));
        var all = Records.ScanRecords(null, withPayload: true).ToList();
        Assert.Equal(["ads:1", "profiles:p1", "ads:2"], all.Select(r => r.Record.Key.ToString()));
        Assert.True(all[0].Id < all[1].Id && all[1].Id < all[2].Id);
        Assert.Equal("{\"id\":\"1\",\"text\":\"one\"}", all[0].Record.RawPayload);
        Assert.Equal([(SelectorKind.Phone, "+15125550177"), (SelectorKind.Phone, "+17135550142")], all[2].Selectors.Order());
        var ads = Records.ScanRecords(["ads"], withPayload: false).ToList();
        Assert.Equal(["1", "2"], ads.Select(r => r.Record.Key.NativeId));
        Assert.All(ads, r => Assert.Equal("", r.Record.RawPayload));
        Assert.Equal(new Dictionary<string, long> { ["ads"] = 2, ["profiles"] = 1 }, Records.CountBySource());
        var stats = Records.GetStats();
        Assert.Equal((3L, 3L), (stats.Records, stats.Selectors));
        Assert.Equal(2, stats.DistinctSelectorsByKind["phone"]);
    }

    [Fact]
    public void A_record_changed_twice_in_one_batch_keeps_its_first_version_as_a_revision()
    {
        using (var batch = Records.BeginBatch())
        {
            batch.Expect([new RecordKey("ads", "1")]);
            Assert.Equal(IngestOutcome.Added, batch.Add(Ad("1", "Mia", "first"), [], "h1"));
            Assert.Equal(IngestOutcome.Duplicate, batch.Add(Ad("1", "Mia", "first"), [], "h1"));
            Assert.Equal(IngestOutcome.Updated, batch.Add(Ad("1", "Mia", "second"), [Phone("+17135550142")], "h2"));
            var changes = batch.Commit();
            Assert.Equal(2, changes.Records.Count);
            Assert.Equal(changes.Records[0].Id, changes.Records[1].Id);
            Assert.NotEqual(0, changes.Records[0].Id);
        }
        var stored = Records.GetRecord(new RecordKey("ads", "1"))!;
        Assert.Equal(("second", 1), (stored.Record.Text, stored.Revisions));
        Assert.Single(stored.Selectors);
    }

    [Fact]
    public void Hashed_images_are_kept_with_their_record_and_replaced_when_it_changes()
    {
        var ad = Ad("1", "Mia", "first text") with { Attachments = ["/photos/a.jpg", "/photos/b.jpg"] };
        ImageFacts Image(int attachment, string pdq) => new(attachment, $"/photos/{attachment}.jpg", "jpeg", 640, 480, 90, pdq, [pdq]);
        using (var batch = Records.BeginBatch())
        {
            batch.Add(ad, [], "h1", [Image(0, new string('a', 64)), Image(1, new string('b', 64))]);
            batch.Commit();
        }
        Assert.Equal([(0, new string('a', 64)), (1, new string('b', 64))], Records.ScanImages(ad.Key).Select(i => (i.Image.Attachment, i.Image.Pdq)));
        Assert.Equal(2, Records.ScanImages().Count());
        using (var batch = Records.BeginBatch())
        {
            batch.Add(ad with { Text = "second text" }, [], "h2", [Image(0, new string('c', 64))]);
            batch.Commit();
        }
        var image = Assert.Single(Records.ScanImages(ad.Key));
        Assert.Equal((new string('c', 64), "jpeg", 640), (image.Image.Pdq, image.Image.Format, image.Image.Width));
        Assert.Empty(Records.ScanImages(new RecordKey("ads", "missing")));
        Assert.Equal(new Dictionary<string, string> { ["ads:1"] = "h2" }, Records.ContentHashes([ad.Key, new RecordKey("ads", "missing"), ad.Key]));
    }
}
