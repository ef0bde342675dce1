using Minerva.Core;
using Minerva.Storage;

namespace Minerva.App.Tests;

/// <summary>Cases, notes and tags on generated ads resolved into entities.</summary>
public sealed class CaseworkTests : ResolvedCorpusTest
{
    private Workbench Resolved() => Resolved(seed: 7);

    /// <summary>Two entities of several records each, and a phone one of the first's records holds.</summary>
    private (EntitySummary A, EntitySummary B, string Phone) TwoEntities()
    {
        var entities = Workspace.ListEntities(50, 3);
        var a = entities[0];
        var phone = Workspace.EntitySelectors(a.Entity).First(s => s.Kind == SelectorKind.Phone);
        return (a, entities[1], $"phone:{phone.Value}");
    }

    [Fact]
    public void A_case_follows_its_entities_through_a_merge_that_a_decision_forces()
    {
        var workbench = Resolved();
        var (a, b, phone) = TwoEntities();
        var record = Workspace.EntityMembers(b.Entity)[0].Key;
        var cases = workbench.Cases;
        cases.Open("Operation Lily", "the Houston circuit", "analyst1");
        Assert.True(cases.Add("operation lily", new Subject(SubjectKind.Entity, a.Entity.ToString(System.Globalization.CultureInfo.InvariantCulture)), "analyst1"));
        Assert.True(cases.Add("Operation Lily", new Subject(SubjectKind.Entity, $"E{b.Entity}"), "analyst1"));
        Assert.True(cases.Add("Operation Lily", new Subject(SubjectKind.Record, record.ToString()), "analyst2"));
        Assert.True(cases.Add("Operation Lily", Casework.Parse("selector", phone), "analyst2"));
        Assert.False(cases.Add("Operation Lily", new Subject(SubjectKind.Entity, $"E{a.Entity}"), "analyst3"));

        var before = cases.Show("Operation Lily")!;
        Assert.Equal(4, before.Case.Items);
        Assert.All(before.Items, i => Assert.True(i.Found, i.Label));
        Assert.Equal([a.Records, b.Records, 1, Workspace.CountSelector(SelectorKind.Phone, phone["phone:".Length..])], before.Items.Select(i => (long)i.Records));
        Assert.Equal(b.Entity, before.Items[2].Entity);

        // The investigator decides the two are one person; the resolution after merges them, and one id goes.
        workbench.Mark(Workspace.EntityMembers(a.Entity)[0].Key, record, same: true, "analyst1", "same tattoo, same booker");
        workbench.Resolve(new ResolveRequest());
        var merged = Workspace.EntityOf(record)!.Value;
        Assert.Equal(merged, Workspace.EntityOf(Workspace.EntityMembers(merged)[0].Key));
        var after = cases.Show("Operation Lily")!;
        var gone = Assert.Single(after.Items.Take(2), i => !i.Found);
        Assert.Equal(merged, gone.Entity);
        Assert.Contains($"is now in E{merged}", gone.Label, StringComparison.Ordinal);
        Assert.Equal(merged, after.Items[2].Entity); // the record's entity is read now, not when it was added
    }

    [Fact]
    public void Notes_and_tags_are_kept_on_what_exists_and_refused_on_what_does_not()
    {
        var workbench = Resolved();
        var (a, _, phone) = TwoEntities();
        var cases = workbench.Cases;
        var entity = new Subject(SubjectKind.Entity, $"e{a.Entity}");
        var hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> said she is 17";
        var note = cases.AddNote(entity, "  " + hostile + "\n", "analyst1");
        Assert.Equal((hostile, $"E{a.Entity}", "analyst1"), (note.Text, note.Subject.Ref, note.By)); // kept as written, trimmed; rendering escapes it
        Assert.True(cases.AddTag(entity, "#Minor-Suspected", "analyst1"));
        Assert.False(cases.AddTag(entity, "minor-suspected", "analyst2"));
        Assert.True(cases.AddTag(Casework.Parse("selector", phone), "booker", "analyst2"));

        var about = cases.About(new Subject(SubjectKind.Entity, a.Entity.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([hostile], about.Notes.Select(n => n.Text));
        Assert.Equal(["minor-suspected"], about.Tags.Select(t => t.Name));
        Assert.Equal([("minor-suspected", 1), ("booker", 1)], cases.Tags().OrderByDescending(t => t.Tag, StringComparer.Ordinal));
        Assert.Equal([$"E{a.Entity}"], cases.Tagged("MINOR-suspected").Select(t => t.Subject.Ref));

        string Refused(Action act) => Assert.Throws<BadRequestException>(act).Message;
        Assert.Contains("no record gen:nope", Refused(() => cases.AddNote(new Subject(SubjectKind.Record, "gen:nope"), "x", "a")), StringComparison.Ordinal);
        Assert.Contains("no entity E999999", Refused(() => cases.AddNote(new Subject(SubjectKind.Entity, "E999999"), "x", "a")), StringComparison.Ordinal);
        Assert.Contains("the note is empty", Refused(() => cases.AddNote(entity, "   ", "a")), StringComparison.Ordinal);
        Assert.Contains("one word", Refused(() => cases.AddTag(entity, "two words", "a")), StringComparison.Ordinal);
        Assert.Contains("no case 'Nope'", Refused(() => cases.AddNote(new Subject(SubjectKind.Case, "Nope"), "x", "a")), StringComparison.Ordinal);
        Assert.Contains("not a selector", Refused(() => Casework.Parse("selector", "shoe:42")), StringComparison.Ordinal);
        Assert.Contains("record, entity, selector or case", Refused(() => Casework.Parse("2", "x")), StringComparison.Ordinal);
        Assert.Contains("say who", Refused(() => cases.AddTag(entity, "x", " ")), StringComparison.Ordinal);
        cases.Open("Lily", null, "a");
        Assert.Contains("already a case 'Lily'", Refused(() => cases.Open(" LILY ", null, "b")), StringComparison.Ordinal);
        Assert.Contains("not other cases", Refused(() => cases.Add("Lily", new Subject(SubjectKind.Case, "Lily"), "a")), StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_tags_and_cases_are_found_by_their_words_folded()
    {
        var workbench = Resolved();
        var (a, b, _) = TwoEntities();
        var cases = workbench.Cases;
        cases.Open("Łódź corridor", "recruitment posts for cleaning work in Germany", "analyst1");
        cases.AddNote(new Subject(SubjectKind.Entity, $"E{a.Entity}"), "Travels from Łódź to Berlin by bus; the driver collects the passports.", "analyst1");
        cases.AddNote(new Subject(SubjectKind.Entity, $"E{b.Entity}"), "Nothing on passports yet.", "analyst2");
        cases.AddTag(new Subject(SubjectKind.Entity, $"E{b.Entity}"), "passports-held", "analyst2");

        var lodz = cases.Find("LODZ");
        Assert.Equal(["note", "case"], lodz.Select(h => h.Kind).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal([$"E{a.Entity}"], cases.Find("lodz passports").Select(h => h.Subject.Ref)); // every word must be there
        Assert.Equal(3, cases.Find("passports").Count); // two notes and the tag (its words split on '-')
        Assert.Empty(cases.Find("warsaw"));
        Assert.Throws<BadRequestException>(() => cases.Find(" ... "));
    }

    [Fact]
    public void A_case_exports_its_records_notes_and_network()
    {
        var workbench = Resolved();
        var (a, _, phone) = TwoEntities();
        var cases = workbench.Cases;
        cases.Open("Lily", "", "analyst1");
        cases.Add("Lily", new Subject(SubjectKind.Entity, $"E{a.Entity}"), "analyst1");
        cases.Add("Lily", Casework.Parse("selector", phone), "analyst1");
        cases.AddNote(new Subject(SubjectKind.Case, "lily"), "opened after the tip of 3 May", "analyst1");
        cases.AddNote(new Subject(SubjectKind.Entity, $"E{a.Entity}"), "the woman in the photos", "analyst1");

        var export = cases.Export("lily")!;
        Assert.Null(cases.Export("no such case"));
        Assert.Null(cases.Gexf("no such case"));
        Assert.Equal("minerva-case/1", export.Format);
        Assert.Equal(["opened after the tip of 3 May"], export.Case.Notes.Select(n => n.Text));
        Assert.Equal(["the woman in the photos"], export.Case.Items[0].Notes.Select(n => n.Text));
        var expected = Workspace.EntityMembers(a.Entity).Select(m => m.Key.ToString())
            .Concat(Workspace.FindBySelector(SelectorKind.Phone, phone["phone:".Length..], 500).Select(r => r.Key.ToString())).ToHashSet();
        Assert.Equal(expected, export.Records.Select(r => r.Key).ToHashSet());
        Assert.Equal(0, export.Left);
        Assert.All(export.Records, r => Assert.NotEmpty(r.Text));

        var gexf = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(cases.Gexf("Lily")!));
        // Each node's key is one of its attribute values (GEXF ids are numbers).
        var ids = gexf.Descendants().Where(e => e.Name.LocalName == "attvalue").Select(e => (string)e.Attribute("value")!).ToHashSet();
        Assert.Contains($"entity:E{a.Entity}", ids);
        Assert.Contains(phone, ids);
        Assert.All(Workspace.EntityMembers(a.Entity), m => Assert.Contains($"record:{m.Key}", ids));
        Assert.Contains(gexf.Descendants(), e => e.Name.LocalName == "edge");
    }
}
