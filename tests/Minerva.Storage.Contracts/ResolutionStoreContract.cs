using Minerva.Core;
using static Minerva.Storage.Contracts.ContractRecords;

namespace Minerva.Storage.Contracts;

/// <summary>What every backend must keep of entity resolution (<see cref="IResolutionStore"/>): decisions, resolutions saved
/// whole or added to, and the reads entity pages and the network make of them. It needs records as well, so it runs on a
/// whole <see cref="IWorkspace"/>. Each backend's test class derives from this, with a new, empty workspace per test.</summary>
public abstract class ResolutionStoreContract
{
    /// <summary>The workspace under test.</summary>
    protected abstract IWorkspace Workspace { get; }

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

    private Resolution Resolved(IReadOnlyDictionary<long, long> members, IReadOnlyList<StoredLink> links, bool incremental) =>
        new("ads", "name: ads", ["ads"], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "{}", "{}", members, links,
            [new HubSelector(SelectorKind.Phone, "+18005550199", 90, "test")], members.Keys.Select(id => new StoredFeatures(id, "ads", 1, [1, 2], [3, 4, 5, 6, 7, 8, 9, 10], "x")), incremental);

    [Fact]
    public void A_resolution_is_saved_whole_and_an_incremental_one_adds_to_it()
    {
        Workspace.Add(Ad("1", "Mia", "one"), Phone("+17135550142"));
        Workspace.Add(Ad("2", "Mia", "two"), Phone("+17135550142"));
        Workspace.Add(Ad("3", "Lexi", "three"));
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

        Workspace.Add(Ad("4", "Lexi", "four"));
        var d = Workspace.RecordId(new RecordKey("ads", "4"))!.Value;
        Assert.Equal([d], Workspace.ScanUnresolved(["ads"], false).Select(r => r.Id));
        Workspace.SaveResolution(Resolved(new Dictionary<long, long> { [c] = 2, [d] = 2 }, [new StoredLink(c, d, 9, "text=>=0.8")], true));
        Assert.Equal(1, Workspace.EntityOf(new RecordKey("ads", "1"))); // untouched by the incremental save
        Assert.Equal(2, Workspace.EntityOf(new RecordKey("ads", "4")));
        Assert.Equal(2, Workspace.LinksAmong(new HashSet<long> { a, b, c, d }).Count);
        Assert.Equal(new Dictionary<long, long> { [a] = 1, [d] = 2 }, Workspace.MembershipsOf([a, d]));
        Assert.Empty(Workspace.ScanUnresolved(["ads"], false));

        // New content makes a record new again: its entity, links and features go until the next resolve.
        Workspace.Add(Ad("4", "Lexi", "four, rewritten"));
        Assert.Null(Workspace.EntityOf(new RecordKey("ads", "4")));
        Assert.Equal([d], Workspace.ScanUnresolved(["ads"], false).Select(r => r.Id));
        Assert.Single(Workspace.LinksAmong(new HashSet<long> { a, b, c, d }));
    }

    [Fact]
    public void Links_between_records_of_different_entities_join_the_entities()
    {
        Workspace.Add(Ad("1", "Mia", "one"));
        Workspace.Add(Ad("2", "Mia", "two"));
        var (a, b) = (Workspace.RecordId(new RecordKey("ads", "1"))!.Value, Workspace.RecordId(new RecordKey("ads", "2"))!.Value);
        Workspace.SaveResolution(Resolved(new Dictionary<long, long> { [a] = 7, [b] = 8 }, [new StoredLink(a, b, 6.5, "handle=similar")], false));
        Assert.Equal([(7L, 8L, 6.5, 1)], Workspace.CrossEntityLinks().ToList());
        var rows = Workspace.ScanNetwork().ToList();
        Assert.Equal([7L, 8L], rows.Select(r => r.Entity!.Value));
    }

    [Fact]
    public void Entity_pages_read_their_members_selectors_and_the_latest_run_and_a_link_given_twice_keeps_its_last_version()
    {
        Workspace.Add(Ad("1", "Mia", "one", at: new DateTimeOffset(2024, 5, 3, 9, 0, 0, TimeSpan.Zero)), Phone("+17135550142"));
        Workspace.Add(Ad("2", "Mia", "two", at: new DateTimeOffset(2024, 5, 1, 9, 0, 0, TimeSpan.Zero)), Phone("+17135550142"));
        Workspace.Add(Ad("3", "Lexi", "three", source: "profiles"));
        var (a, b, c) = (Workspace.RecordId(new RecordKey("ads", "1"))!.Value, Workspace.RecordId(new RecordKey("ads", "2"))!.Value,
            Workspace.RecordId(new RecordKey("profiles", "3"))!.Value);
        Assert.Null(Workspace.GetLatestResolution());
        Workspace.SaveResolution(new Resolution("ads", "name: ads", ["ads", "profiles"], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "{\"prior\":1}", "{}",
            new Dictionary<long, long> { [a] = 4, [b] = 4, [c] = 5 },
            [new StoredLink(b, a, 3, "first"), new StoredLink(a, b, 12, "phone=shared")], [],
            [new StoredFeatures(a, "ads", null, null, null, "fields-a"), new StoredFeatures(c, "profiles", 7, null, null, null)], false));

        Assert.Equal(("ads", "{\"prior\":1}"), (Workspace.GetLatestResolution()!.RuleSet, Workspace.GetLatestResolution()!.Model));
        Assert.Equal(["ads", "profiles"], Workspace.GetLatestResolution()!.Sources);
        Assert.Equal(["ads:2", "ads:1"], Workspace.EntityMembers(4).Select(m => m.Key.ToString())); // oldest observation first
        Assert.Equal([(4L, 2), (5L, 1)], Workspace.ListEntities(10, 1).Select(e => (e.Entity, e.Records)));
        Assert.Equal([4L], Workspace.ListEntities(10, 2).Select(e => e.Entity));
        Assert.Equal(new EntitySelector(SelectorKind.Phone, "+17135550142", 2), Assert.Single(Workspace.EntitySelectors(4)));
        var link = Assert.Single(Workspace.EntityLinks(4, 10));
        Assert.Equal((12.0, "phone=shared"), (link.Weight, link.Evidence));
        Assert.Equal([("ads:1", 4L), ("ads:2", 4L), ("profiles:3", 5L)], Workspace.ExportMemberships().Select(m => (m.Record.ToString(), m.Entity)));
        Assert.Equal(new Dictionary<long, long> { [c] = 5 }, Workspace.GetMemberships(["profiles"]));
        Assert.Equal(3, Workspace.GetMemberships(null).Count);
        Assert.Equal(new Dictionary<long, long> { [a] = 4, [b] = 4 }, Workspace.MembersOf([4]));
        Assert.Equal([(a, "fields-a")], Workspace.ScanStoredFields(["ads", "profiles"]).ToList());
        Assert.Empty(Workspace.ScanBands(["ads"]));
        Assert.Equal(5, Workspace.MaxEntityId());
        Assert.Empty(Workspace.EntityMembers(99));
    }
}
