namespace Minerva.Storage.Contracts;

/// <summary>What every backend's audit trail must do (<see cref="IAuditTrail"/>), including finding what a hand with
/// direct access to the store did to it. Each backend's test class derives from this, with a new, empty trail per test.</summary>
public abstract class AuditTrailContract
{
    /// <summary>The trail under test.</summary>
    protected abstract IAuditTrail Trail { get; }

    /// <summary>Changes an entry's detail behind the store's back (past its guards, as someone with the file or the owner's role could).</summary>
    protected abstract void EditDetail(long seq, string detail);

    /// <summary>Deletes an entry and, when <paramref name="withHead"/>, sets the chain's head to the entry before, behind the store's back.</summary>
    protected abstract void Delete(long seq, bool withHead);

    private static readonly AuditEvent[] Events =
    [
        new("login", "analyst1", "", "password"),
        new("search", "analyst1", "", "\"lily\" AND phone:#3f9a0c12"),
        new("view", "analyst1", "ads:88123", ""),
        new("export", "lead1", "case Lily", "gexf, 41 nodes"),
        new("release", "owner1", "cases", "ε 0.5, 3 files"),
    ];

    private void AppendAll()
    {
        foreach (var e in Events) Trail.Append(e);
    }

    [Fact]
    public void Entries_are_numbered_from_one_chained_to_the_one_before_and_read_back_as_written()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var written = Events.Select(e => Trail.Append(e)!).ToList();
        var read = Trail.Read(0, 100);

        Assert.Equal(written, read);
        Assert.Equal([1L, 2, 3, 4, 5], read.Select(e => e.Seq));
        Assert.Equal(Events, read.Select(e => new AuditEvent(e.Action, e.Actor, e.Target, e.Detail)));
        Assert.Equal("", read[0].Previous);
        Assert.All(read.Skip(1).Zip(read), p => Assert.Equal(p.Second.Hash, p.First.Previous));
        Assert.All(read, e => Assert.InRange(e.At, before, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal([3L, 4], Trail.Read(2, 2).Select(e => e.Seq)); // a page
        Assert.Empty(Trail.Read(5, 10));
    }

    [Fact]
    public void An_intact_trail_verifies_and_ends_in_its_last_hash()
    {
        Assert.Equal(new AuditCheck(0, "", null), Trail.Verify());
        AppendAll();
        var check = Trail.Verify();
        Assert.True(check.Intact, check.Problem);
        Assert.Equal((5L, Trail.Read(4, 1).Single().Hash), (check.Entries, check.Head));
    }

    [Fact]
    public void An_event_without_an_action_or_actor_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Trail.Append(new AuditEvent("", "analyst1", "", "")));
        Assert.Throws<ArgumentException>(() => Trail.Append(new AuditEvent("view", " ", "", "")));
        Assert.Empty(Trail.Read(0, 10));
    }

    [Fact]
    public void An_entry_changed_behind_the_stores_back_is_found()
    {
        AppendAll();
        EditDetail(2, "\"rose\"");
        Assert.Equal("entry 2 was changed after it was written", Trail.Verify().Problem);
    }

    [Fact]
    public void An_entry_deleted_from_the_middle_is_found()
    {
        AppendAll();
        Delete(3, withHead: false);
        Assert.Equal("entry 3 is missing (the next one is 4)", Trail.Verify().Problem);
    }

    [Fact]
    public void Entries_cut_off_the_end_are_found_by_the_head_and_a_head_moved_back_with_them_by_the_published_hash()
    {
        AppendAll();
        var published = Trail.Verify().Head;
        Delete(5, withHead: false);
        Assert.Equal("entries 5 to 5 are missing from the end", Trail.Verify().Problem);

        Delete(4, withHead: true); // a careful hand moves the head back too: the chain is consistent, but no longer ends in the hash given out
        var check = Trail.Verify();
        Assert.True(check.Intact);
        Assert.NotEqual(published, check.Head);
        Assert.Equal(3, check.Entries);
    }

    [Fact]
    public void The_selector_key_is_made_once_from_random_bytes_and_kept()
    {
        var key = Trail.SelectorKey();
        Assert.Equal(32, key.Length);
        Assert.Equal(key, Trail.SelectorKey());
        Assert.True(key.Distinct().Count() > 8); // not a constant
    }

    [Fact]
    public void Appending_after_a_check_continues_the_same_chain()
    {
        AppendAll();
        Assert.True(Trail.Verify().Intact);
        var next = Trail.Append(new AuditEvent("share", "lead1", "entity E42", "with tenant 'ngo-ro'"))!;
        Assert.Equal(6, next.Seq);
        Assert.Equal(Trail.Read(4, 1).Single().Hash, next.Previous);
        Assert.True(Trail.Verify().Intact);
    }
}
