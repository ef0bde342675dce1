using Minerva.Core;
using Minerva.Testing;

namespace Minerva.Storage.Tests;

/// <summary>What every storage backend must do. Each backend's test class derives from this and supplies a workspace.</summary>
public abstract class WorkspaceContract : IDisposable
{
    private readonly TempFolder _folder = new();

    protected abstract IWorkspace Create(TempFolder folder);

    protected IWorkspace Workspace => _workspace ??= Create(_folder);

    private IWorkspace? _workspace;

    public void Dispose()
    {
        _workspace?.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private static SourceRecord Ad(string id, string title, string text, string? location = "Houston", DateTimeOffset? at = null, string source = "ads") => new()
    {
        Key = new RecordKey(source, id),
        Title = title,
        Text = text,
        Location = location,
        Country = "US",
        ObservedAt = at ?? new DateTimeOffset(2024, 5, 2, 21, 14, 0, TimeSpan.FromHours(-5)),
        Attachments = ["/photos/a.jpg"],
        ExplicitValues = [new ExplicitValue(SelectorKind.Handle, "mia", "instagram")],
        RawPayload = $"{{\"id\":\"{id}\",\"text\":\"{text}\"}}",
        Origin = $"ads.jsonl:line {id}",
    };

    private static Selector Phone(string value, int start = 0) => new(SelectorKind.Phone, value, "713 555 0142", RecordField.Text, start, 12);

    private IngestOutcome Add(SourceRecord record, params Selector[] selectors)
    {
        using var batch = Workspace.BeginBatch();
        var outcome = batch.Add(record, selectors, record.RawPayload.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture) + record.Text);
        batch.Commit();
        return outcome;
    }

    [Fact]
    public void Decisions_come_back_in_order_with_who_when_and_why()
    {
        var (a, b, c) = (new RecordKey("ads", "1"), new RecordKey("ads", "2"), new RecordKey("profiles", "instagram/mia"));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = Workspace.AddDecision(a, b, same: false, "analyst1", "different women; the number is a booker's");
        var second = Workspace.AddDecision(a, c, same: true, "analyst2", "same tattoo");
        var decisions = Workspace.GetDecisions();
        Assert.Equal([first, second], decisions.Select(d => d.Id));
        Assert.Equal((a, b, false, "analyst1", "different women; the number is a booker's"), (decisions[0].A, decisions[0].B, decisions[0].Same, decisions[0].By, decisions[0].Reason));
        Assert.Equal((a, c, true), (decisions[1].A, decisions[1].B, decisions[1].Same));
        Assert.All(decisions, d => Assert.InRange(d.At, before, DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public void Places_are_counted_with_the_countries_their_records_give()
    {
        Add(Ad("1", "a", "one"));
        Add(Ad("2", "b", "two"));
        Add(Ad("3", "c", "three", location: "Dallas"));
        Add(Ad("4", "d", "four", location: null));
        Add(Ad("5", "e", "five") with { Country = null });
        var counts = Workspace.CountPlaceCountries().OrderBy(c => c.Place, StringComparer.Ordinal).ToList();
        Assert.Equal([new PlaceCountry("Dallas", "US", 1), new PlaceCountry("Houston", "US", 2)], counts);
    }

    [Fact]
    public void A_stored_record_comes_back_with_every_field_and_selector()
    {
        var ad = Ad("1", "Sweet Mia", "Call 713 555 0142 now");
        Assert.Equal(IngestOutcome.Added, Add(ad, Phone("+17135550142", 5)));
        var stored = Workspace.GetRecord(ad.Key)!;
        Assert.Equal(ad.Title, stored.Record.Title);
        Assert.Equal(ad.Text, stored.Record.Text);
        Assert.Equal(ad.ObservedAt, stored.Record.ObservedAt);
        Assert.Equal(ad.Attachments, stored.Record.Attachments);
        Assert.Equal(ad.ExplicitValues, stored.Record.ExplicitValues);
        Assert.Equal(ad.RawPayload, stored.Record.RawPayload);
        var phone = Assert.Single(stored.Selectors);
        Assert.Equal(("+17135550142", 5, 12), (phone.Value, phone.Start, phone.Length));
        Assert.Null(Workspace.GetRecord(new RecordKey("ads", "missing")));
    }

    [Fact]
    public void The_same_record_twice_is_a_duplicate_and_new_content_under_the_same_key_is_an_update()
    {
        Assert.Equal(IngestOutcome.Added, Add(Ad("1", "Mia", "first text")));
        Assert.Equal(IngestOutcome.Duplicate, Add(Ad("1", "Mia", "first text")));
        Assert.Equal(IngestOutcome.Updated, Add(Ad("1", "Mia", "second words"), Phone("+17135550142")));
        var stored = Workspace.GetRecord(new RecordKey("ads", "1"))!;
        Assert.Equal("second words", stored.Record.Text);
        Assert.Equal(1, stored.Revisions);
        Assert.Single(stored.Selectors);
        Assert.Equal(1, Workspace.GetStats().Records);
    }

    [Fact]
    public void Every_added_or_changed_record_is_logged_in_order_for_the_index_and_a_number_is_never_given_twice()
    {
        Assert.Equal(new ChangeLog(0, 0), Workspace.GetChangeLog());
        BatchChanges first;
        using (var batch = Workspace.BeginBatch())
        {
            batch.Add(Ad("1", "Mia", "one"), [Phone("+17135550142")], "h1");
            batch.Add(Ad("2", "Ava", "two"), [], "h2");
            batch.Add(Ad("2", "Ava", "two"), [], "h2"); // a duplicate changes nothing
            first = batch.Commit();
        }
        Assert.Equal((1L, 2L), (first.First, first.Last));
        Assert.Equal(["1", "2"], first.Records.Select(r => r.Record.Key.NativeId));
        Assert.Equal([(SelectorKind.Phone, "+17135550142")], first.Records[0].Selectors);
        using (var batch = Workspace.BeginBatch())
        {
            batch.Add(Ad("1", "Mia", "one, rewritten"), [], "h1b");
            Assert.Equal((3L, 3L), (batch.Commit() is var c ? (c.First, c.Last) : default));
        }
        using (var batch = Workspace.BeginBatch()) Assert.Same(BatchChanges.None, batch.Commit());
        var changes = Workspace.ScanChanges(0, 3).ToList();
        Assert.Equal([1L, 2L, 3L], changes.Select(c => c.Change));
        Assert.Equal("one, rewritten", changes[2].Record.Record.Text); // each record as it is now
        Assert.Equal(changes[0].Record.Id, changes[2].Record.Id);
        Assert.Equal(new ChangeLog(3, 0), Workspace.GetChangeLog());
        Workspace.ForgetChanges(2);
        Assert.Equal(new ChangeLog(3, 2), Workspace.GetChangeLog());
        Assert.Equal([3L], Workspace.ScanChanges(0, 3).Select(c => c.Change));
        Workspace.ForgetChanges(3);
        Assert.Equal(new ChangeLog(3, 3), Workspace.GetChangeLog());
        Assert.Equal(4, Add(Ad("4", "Kim", "four")) == IngestOutcome.Added ? Workspace.GetChangeLog().Last : 0);
        Assert.NotEmpty(Workspace.Identity);
        Assert.Equal(["ads:4"], Workspace.GetTexts([Workspace.RecordId(new RecordKey("ads", "4"))!.Value, 999]).Select(t => t.Summary.Key.ToString()));
    }

    [Fact]
    public void A_batch_disposed_without_commit_leaves_nothing()
    {
        using (var batch = Workspace.BeginBatch()) batch.Add(Ad("1", "Mia", "text"), [], "h");
        Assert.Equal(0, Workspace.GetStats().Records);
    }

    [Fact]
    public void Records_are_found_by_selector()
    {
        Add(Ad("1", "A", "a"), Phone("+17135550142"));
        Add(Ad("2", "B", "b"), Phone("+17135550142"));
        Add(Ad("3", "C", "c"), Phone("+15125550177"));
        var found = Workspace.FindBySelector(SelectorKind.Phone, "+17135550142", 10).Select(r => r.Key.NativeId).Order();
        Assert.Equal(["1", "2"], found);
    }

    [Fact]
    public void The_same_bad_input_is_quarantined_once_and_counted()
    {
        var entry = new QuarantineEntry("ads", "ads.jsonl", "line 9", "invalid JSON", "{\"id\": ", DateTimeOffset.UtcNow);
        for (var i = 0; i < 2; i++)
        {
            using var batch = Workspace.BeginBatch();
            batch.Quarantine(entry);
            batch.Commit();
        }
        var stored = Assert.Single(Workspace.GetQuarantine(10));
        Assert.Equal(("ads.jsonl", "line 9", "invalid JSON"), (stored.File, stored.Location, stored.Reason));
        Assert.Equal(1, Workspace.GetStats().Quarantined);
        // Read again with a changed connector, the same item fails for another reason: the latest is what is shown.
        using (var again = Workspace.BeginBatch())
        {
            again.Quarantine(entry with { Reason = "no value for the id (connector line 4)" });
            again.Commit();
        }
        Assert.Equal("no value for the id (connector line 4)", Assert.Single(Workspace.GetQuarantine(10)).Reason);
    }

    [Fact]
    public void Ingest_runs_read_back_newest_first_with_their_counts()
    {
        var start = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        var first = new IngestRun("ads", "connectors/ads.yaml", ["a.jsonl", "b.jsonl"], start, start.AddSeconds(9), 10, 7, 1, 1, 1);
        Workspace.RecordRun(first);
        Workspace.RecordRun(first with { Source = "profiles", Inputs = ["p.csv"], Started = start.AddHours(1), Finished = start.AddHours(1).AddSeconds(2) });
        var runs = Workspace.GetRuns(10);
        Assert.Equal(["profiles", "ads"], runs.Select(r => r.Source));
        var read = runs[1];
        Assert.Equal(first.Inputs, read.Inputs);
        Assert.Equal((first.Started, first.Finished), (read.Started, read.Finished));
        Assert.Equal((10L, 7L, 1L, 1L, 1L), (read.Read, read.Ingested, read.Updated, read.Duplicate, read.Quarantined));
        Assert.Single(Workspace.GetRuns(1));
    }

    private Resolution Resolved(IReadOnlyDictionary<long, long> members, IReadOnlyList<StoredLink> links, bool incremental) =>
        new("ads", "name: ads", ["ads"], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "{}", "{}", members, links,
            [new HubSelector(SelectorKind.Phone, "+18005550199", 90, "test")], members.Keys.Select(id => new StoredFeatures(id, "ads", 1, [1, 2], [3, 4, 5, 6, 7, 8, 9, 10], "x")), incremental);

    [Fact]
    public void A_resolution_is_saved_whole_and_an_incremental_one_adds_to_it()
    {
        Add(Ad("1", "Mia", "one"), Phone("+17135550142"));
        Add(Ad("2", "Mia", "two"), Phone("+17135550142"));
        Add(Ad("3", "Lexi", "three"));
        var (a, b, c) = (Workspace.RecordId(new RecordKey("ads", "1"))!.Value, Workspace.RecordId(new RecordKey("ads", "2"))!.Value,
            Workspace.RecordId(new RecordKey("ads", "3"))!.Value);
        Workspace.SaveResolution(Resolved(new Dictionary<long, long> { [a] = 1, [b] = 1, [c] = 2 }, [new StoredLink(a, b, 20, "phone=shared")], false));
        Assert.Equal(2, Workspace.MaxEntityId());
        Assert.Equal(["ads:1", "ads:2"], Workspace.EntityMembers(1).Select(m => m.Key.ToString()).Order());
        Assert.Equal("phone=shared", Assert.Single(Workspace.EntityLinks(1, 10)).Evidence);
        var features = Workspace.FeaturesOf([a, b, c]);
        Assert.Equal([a, b, c], features.Select(f => f.Features.Id));
        Assert.Equal([1, 1, 0], features.Select(f => f.Selectors.Count));
        Assert.Equal(("x", 8), (features[0].Features.Fields, features[0].Features.Bands!.Length));
        Assert.Equal(3, Workspace.ScanBands(["ads"]).Count());
        Assert.Equal([a, b], Workspace.Holders(SelectorKind.Phone, "+17135550142").Order());
        Assert.Equal(["+17135550142"], Workspace.DistinctValues(SelectorKind.Phone));
        Assert.Single(Workspace.GetHubs());

        Add(Ad("4", "Lexi", "four"));
        var d = Workspace.RecordId(new RecordKey("ads", "4"))!.Value;
        Assert.Equal([d], Workspace.ScanUnresolved(["ads"], false).Select(r => r.Id));
        Workspace.SaveResolution(Resolved(new Dictionary<long, long> { [c] = 2, [d] = 2 }, [new StoredLink(c, d, 9, "text=>=0.8")], true));
        Assert.Equal(1, Workspace.EntityOf(new RecordKey("ads", "1"))); // untouched by the incremental save
        Assert.Equal(2, Workspace.EntityOf(new RecordKey("ads", "4")));
        Assert.Equal(2, Workspace.LinksAmong(new HashSet<long> { a, b, c, d }).Count);
        Assert.Equal(new Dictionary<long, long> { [a] = 1, [d] = 2 }, Workspace.MembershipsOf([a, d]));
        Assert.Empty(Workspace.ScanUnresolved(["ads"], false));

        // New content makes a record new again: its entity, links and features go until the next resolve.
        Add(Ad("4", "Lexi", "four, rewritten"));
        Assert.Null(Workspace.EntityOf(new RecordKey("ads", "4")));
        Assert.Equal([d], Workspace.ScanUnresolved(["ads"], false).Select(r => r.Id));
        Assert.Single(Workspace.LinksAmong(new HashSet<long> { a, b, c, d }));
    }

    [Fact]
    public void Links_between_records_of_different_entities_join_the_entities()
    {
        Add(Ad("1", "Mia", "one"));
        Add(Ad("2", "Mia", "two"));
        var (a, b) = (Workspace.RecordId(new RecordKey("ads", "1"))!.Value, Workspace.RecordId(new RecordKey("ads", "2"))!.Value);
        Workspace.SaveResolution(Resolved(new Dictionary<long, long> { [a] = 7, [b] = 8 }, [new StoredLink(a, b, 6.5, "handle=similar")], false));
        Assert.Equal([(7L, 8L, 6.5, 1)], Workspace.CrossEntityLinks().ToList());
        var rows = Workspace.ScanNetwork().ToList();
        Assert.Equal([7L, 8L], rows.Select(r => r.Entity!.Value));
    }
}
