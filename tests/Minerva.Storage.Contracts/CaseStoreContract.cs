namespace Minerva.Storage.Contracts;

/// <summary>What every backend's case store must do (<see cref="ICaseStore"/>). Each backend's test class derives from this,
/// giving a new, empty store for each test.</summary>
public abstract class CaseStoreContract
{
    /// <summary>The store under test (the same one until <see cref="Reconnect"/>).</summary>
    protected abstract ICaseStore Store { get; }

    /// <summary>Closes the store's connections and opens it again over the same data.</summary>
    protected abstract void Reconnect();

    private static readonly Subject Ad = new(SubjectKind.Record, "ads:88123");
    private static readonly Subject Person = new(SubjectKind.Entity, "E42");
    private static readonly Subject Phone = new(SubjectKind.Selector, "phone:+17135550142");

    [Fact]
    public void A_case_name_is_unique_in_any_letter_case_and_keeps_how_it_was_written()
    {
        var id = Store.CreateCase("Operation Łyna", "ads around the Houston circuit", "analyst1");
        Assert.NotNull(id);
        Assert.Null(Store.CreateCase("operation łyna", "another", "analyst2"));
        var found = Store.GetCase("OPERATION ŁYNA");
        Assert.Equal((id!.Value, "Operation Łyna", "ads around the Houston circuit", "analyst1", 0), (found!.Id, found.Name, found.Description, found.By, found.Items));
        Assert.Null(Store.GetCase("Operation"));
        Store.CreateCase("Alpha", "", "analyst1");
        Assert.Equal(["Alpha", "Operation Łyna"], Store.GetCases().Select(c => c.Name));
    }

    [Fact]
    public void A_case_holds_each_subject_once_in_the_order_added_and_lets_it_go()
    {
        var id = Store.CreateCase("Lily", "", "analyst1")!.Value;
        var other = Store.CreateCase("Rose", "", "analyst1")!.Value;
        Assert.True(Store.AddToCase(id, Phone, null, "analyst1"));
        Assert.True(Store.AddToCase(id, Person, "ads:88123", "analyst2"));
        Assert.True(Store.AddToCase(id, Ad, null, "analyst1"));
        Assert.False(Store.AddToCase(id, Person, "ads:1", "analyst3"));
        Assert.False(Store.AddToCase(other + 1000, Ad, null, "analyst1")); // no such case
        Assert.True(Store.AddToCase(other, Ad, null, "analyst1"));

        var items = Store.GetCaseItems(id);
        Assert.Equal([Phone, Person, Ad], items.Select(i => i.Subject));
        Assert.Equal(("ads:88123", "analyst2"), (items[1].Anchor, items[1].By)); // the first addition is kept
        Assert.Equal(3, Store.GetCase("lily")!.Items);
        Assert.Equal(["Lily", "Rose"], Store.CasesHolding(Ad).Select(c => c.Name));

        Assert.True(Store.RemoveFromCase(id, Ad));
        Assert.False(Store.RemoveFromCase(id, Ad));
        Assert.Equal([Phone, Person], Store.GetCaseItems(id).Select(i => i.Subject));
        Assert.Equal(["Rose"], Store.CasesHolding(Ad).Select(c => c.Name));
    }

    [Fact]
    public void Notes_are_kept_per_subject_oldest_first_with_who_and_when()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = Store.AddNote(Ad, "same booker as the Dallas ads; <script>alert(1)</script> is how it was written", "analyst1");
        Store.AddNote(Phone, "number registered to a pay-as-you-go SIM", "analyst2");
        var third = Store.AddNote(Ad, "called: voicemail in Romanian", "analyst2");

        var notes = Store.GetNotes(Ad);
        Assert.Equal([first, third], notes.Select(n => n.Id));
        Assert.Equal(("same booker as the Dallas ads; <script>alert(1)</script> is how it was written", "analyst1"), (notes[0].Text, notes[0].By));
        Assert.All(notes, n => Assert.InRange(n.At, before, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(3, Store.GetNotes().Count);
        Assert.Empty(Store.GetNotes(Person));
    }

    [Fact]
    public void Tags_are_lower_case_once_per_subject_and_found_by_tag()
    {
        Assert.True(Store.AddTag(Ad, "Minor-Suspected", "analyst1"));
        Assert.False(Store.AddTag(Ad, "minor-suspected", "analyst2"));
        Assert.True(Store.AddTag(Phone, "minor-suspected", "analyst2"));
        Assert.True(Store.AddTag(Phone, "booker", "analyst2"));

        Assert.Equal(["minor-suspected"], Store.GetTags(Ad).Select(t => t.Name));
        Assert.Equal([Ad, Phone], Store.GetTags(tag: "MINOR-SUSPECTED").Select(t => t.Subject));
        Assert.Equal(["booker", "minor-suspected"], Store.GetTags(Phone).Select(t => t.Name));
        Assert.Equal("analyst1", Store.GetTags(Ad).Single().By);

        Assert.True(Store.RemoveTag(Ad, "Minor-Suspected"));
        Assert.False(Store.RemoveTag(Ad, "minor-suspected"));
        Assert.Equal([Phone], Store.GetTags(tag: "minor-suspected").Select(t => t.Subject));
    }

    [Fact]
    public void Case_work_outlives_the_connection()
    {
        var id = Store.CreateCase("Lily", "d", "analyst1")!.Value;
        Store.AddToCase(id, Person, "ads:88123", "analyst1");
        Store.AddNote(Person, "n", "analyst1");
        Store.AddTag(Person, "t", "analyst1");
        Reconnect();

        Assert.Equal(Person, Store.GetCaseItems(id).Single().Subject);
        Assert.Equal("n", Store.GetNotes(Person).Single().Text);
        Assert.Equal("t", Store.GetTags(Person).Single().Name);
    }
}
