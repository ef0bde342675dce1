using Minerva.Core;
using Minerva.Geo;
using Minerva.Storage;

namespace Minerva.App;

/// <summary>A case as listed.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it is about.</param>
/// <param name="By">Who opened it.</param>
/// <param name="At">When.</param>
/// <param name="Items">Records, entities and selectors it holds.</param>
public sealed record CaseSummary(string Name, string Description, string By, DateTimeOffset At, int Items);

/// <summary>A case with what it holds, each item as it stands now, and the notes and tags on the case and its items.</summary>
/// <param name="Case">The case.</param>
/// <param name="Items">What it holds, in the order added.</param>
/// <param name="Notes">Notes on the case itself, oldest first.</param>
/// <param name="Tags">Tags on the case itself.</param>
public sealed record CaseView(CaseSummary Case, IReadOnlyList<CaseItemView> Items, IReadOnlyList<Note> Notes, IReadOnlyList<string> Tags);

/// <summary>One item of a case as it stands now.</summary>
/// <param name="Subject">What it is.</param>
/// <param name="Label">What it is, in a line: a record's title, an entity's size, a selector's holders.</param>
/// <param name="Found">Whether the workspace still has it (a record, an entity with members, a selector some record holds).</param>
/// <param name="Entity">A record's entity; for an entity that a later resolution merged away, the entity its anchor record is in now.</param>
/// <param name="Records">Records it stands for: 1 for a record, an entity's members, a selector's holders.</param>
/// <param name="By">Who added it.</param>
/// <param name="At">When.</param>
/// <param name="Notes">Notes on it, oldest first.</param>
/// <param name="Tags">Its tags.</param>
public sealed record CaseItemView(Subject Subject, string Label, bool Found, long? Entity, long Records, string By, DateTimeOffset At,
    IReadOnlyList<Note> Notes, IReadOnlyList<string> Tags);

/// <summary>What investigators have written about one subject: notes, tags and the cases holding it.</summary>
/// <param name="Subject">The subject.</param>
/// <param name="Notes">Notes, oldest first.</param>
/// <param name="Tags">Tags, with who put each there.</param>
/// <param name="Cases">Cases holding it, by name.</param>
public sealed record AboutView(Subject Subject, IReadOnlyList<Note> Notes, IReadOnlyList<Tag> Tags, IReadOnlyList<string> Cases);

/// <summary>A note, tag or case that a search of the case work found.</summary>
/// <param name="Kind">note, tag or case.</param>
/// <param name="Subject">What the note or tag is on; the case itself for a case.</param>
/// <param name="Text">The note's text, the tag, or the case's name and description.</param>
/// <param name="By">Who wrote it.</param>
/// <param name="At">When.</param>
public sealed record CaseworkHit(string Kind, Subject Subject, string Text, string By, DateTimeOffset At);

/// <summary>A case written out whole, for another investigator or a file: the case and its items now, with every item's
/// record texts, entity members and selector holders, and the notes and tags on all of them.</summary>
/// <param name="Format">What this is (<c>minerva-case/1</c>), for whoever reads the file.</param>
/// <param name="Exported">When it was written.</param>
/// <param name="Workspace">Where it came from.</param>
/// <param name="Case">The case and its items.</param>
/// <param name="Records">Every record the case stands for (its records, its entities' members, up to
/// <see cref="Casework.ExportRecordsPerItem"/> holders of each selector), by key.</param>
/// <param name="Left">Records an item stands for that the export left out (past the limit per item).</param>
public sealed record CaseExport(string Format, DateTimeOffset Exported, string Workspace, CaseView Case, IReadOnlyList<RecordView> Records, long Left);

/// <summary>
/// Case work on a workspace: cases (named sets of records, entities and selectors), notes and tags on any of them, a search
/// over all of it, and a case's export. What is written is checked here — the subject exists, a reason is not empty — and
/// stored by the workspace's <see cref="ICaseStore"/>, which keeps it whatever later ingests and resolutions do.
/// </summary>
/// <param name="workspace">The workspace.</param>
/// <param name="charts">Its network, for a case's GEXF.</param>
/// <param name="record">A record as the workbench shows it, for a case's export.</param>
/// <param name="audited">Writes an export to the audit trail (action, target, detail).</param>
public sealed class Casework(IWorkspace workspace, Charts charts, Func<RecordKey, RecordView?> record, Action<string, string, string> audited)
{
    private ICaseStore Store => workspace.Cases;

    private readonly Dictionary<long, string> _foldedNotes = [];

    /// <summary>Longest case name.</summary>
    public const int MaxName = 200;

    /// <summary>Longest note (or case description).</summary>
    public const int MaxText = 20_000;

    /// <summary>Longest tag.</summary>
    public const int MaxTag = 64;

    /// <summary>Most records of one item (an entity's members, a selector's holders) a case export writes out.</summary>
    public const int ExportRecordsPerItem = 500;

    /// <summary>Every case, by name.</summary>
    public IReadOnlyList<CaseSummary> List() => [.. Store.GetCases().Select(Summary)];

    /// <summary>Opens a case.</summary>
    /// <exception cref="BadRequestException">No name, too long a name or description, or a case of that name exists.</exception>
    public CaseSummary Open(string name, string? description, string by)
    {
        var trimmed = Name(name);
        var about = (description ?? "").Trim();
        if (about.Length > MaxText) throw new BadRequestException($"a description is at most {MaxText:N0} characters, not {about.Length:N0}");
        if (Store.CreateCase(trimmed, about, Who(by)) is null) throw new BadRequestException($"there is already a case '{Store.GetCase(trimmed)!.Name}'");
        return Summary(Store.GetCase(trimmed)!);
    }

    /// <summary>A case with its items as they stand now, or null when there is none of that name.</summary>
    public CaseView? Show(string name)
    {
        if (Store.GetCase(name.Trim()) is not { } info) return null;
        var self = new Subject(SubjectKind.Case, info.Name);
        return new CaseView(Summary(info), [.. Store.GetCaseItems(info.Id).Select(ItemView)], Store.GetNotes(self), TagNames(self));
    }

    /// <summary>Adds a record, entity or selector to a case (an entity keeps one of its records, to be followed if it is merged
    /// away). Returns false when the case already held it.</summary>
    /// <exception cref="BadRequestException">No such case, or the subject does not exist (a selector need not be held by any record: a case may watch for one).</exception>
    public bool Add(string caseName, Subject subject, string by)
    {
        var info = Case(caseName);
        var checkedSubject = Existing(subject, allowCase: false);
        var anchor = checkedSubject.Kind == SubjectKind.Entity ? workspace.EntityMembers(Keys.Entity(checkedSubject.Ref))[0].Key.ToString() : null;
        return Store.AddToCase(info.Id, checkedSubject, anchor, Who(by));
    }

    /// <summary>Takes a subject out of a case; false when it was not in it.</summary>
    /// <exception cref="BadRequestException">No such case, or the subject cannot be read.</exception>
    public bool Remove(string caseName, Subject subject) => Store.RemoveFromCase(Case(caseName).Id, Canonical(subject));

    /// <summary>Writes a note on a record, entity, selector or case.</summary>
    /// <exception cref="BadRequestException">An empty or too long note, or a subject that does not exist.</exception>
    public Note AddNote(Subject subject, string text, string by)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0) throw new BadRequestException("the note is empty");
        if (trimmed.Length > MaxText) throw new BadRequestException($"a note is at most {MaxText:N0} characters, not {trimmed.Length:N0}");
        var on = Existing(subject, allowCase: true);
        var id = Store.AddNote(on, trimmed, Who(by));
        return Store.GetNotes(on).Single(n => n.Id == id);
    }

    /// <summary>Tags a record, entity, selector or case; false when it had the tag.</summary>
    /// <exception cref="BadRequestException">A tag that is not a word (letters, digits, '-', '_', '.'), or a subject that does not exist.</exception>
    public bool AddTag(Subject subject, string tag, string by) => Store.AddTag(Existing(subject, allowCase: true), TagName(tag), Who(by));

    /// <summary>Takes a tag off; false when the subject did not have it.</summary>
    /// <exception cref="BadRequestException">The tag or the subject cannot be read.</exception>
    public bool RemoveTag(Subject subject, string tag) => Store.RemoveTag(Canonical(subject), TagName(tag));

    /// <summary>Every subject with a tag.</summary>
    /// <exception cref="BadRequestException">The tag cannot be read.</exception>
    public IReadOnlyList<Tag> Tagged(string tag) => Store.GetTags(tag: TagName(tag));

    /// <summary>Every tag in use with how many subjects carry it, most used first.</summary>
    public IReadOnlyList<(string Tag, int Subjects)> Tags() =>
        [.. Store.GetTags().GroupBy(t => t.Name).Select(g => (g.Key, g.Count())).OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal)];

    /// <summary>Notes, tags and cases on one subject.</summary>
    /// <exception cref="BadRequestException">The subject cannot be read.</exception>
    public AboutView About(Subject subject)
    {
        var on = Canonical(subject);
        return new AboutView(on, Store.GetNotes(on), Store.GetTags(on), [.. Store.CasesHolding(on).Select(c => c.Name)]);
    }

    /// <summary>
    /// Notes, tags and cases whose words hold every word of <paramref name="query"/>, compared folded (case, accents and
    /// punctuation aside: "Łódź" finds "lodz"), newest first. Read whole and matched here: what investigators write is small
    /// next to the records (thousands of notes, not millions), and the same folding as place names beats a store's LIKE,
    /// which folds only ASCII.
    /// </summary>
    /// <exception cref="BadRequestException">The query has no word, or the limit is out of range.</exception>
    public IReadOnlyList<CaseworkHit> Find(string query, int limit = 100)
    {
        if (limit is < 1 or > Workbench.MaxLimit) throw new BadRequestException($"limit must be between 1 and {Workbench.MaxLimit:N0}, not {limit}");
        var words = Folding.Fold(query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new BadRequestException("give a word to find in notes, tags and cases");
        bool Holds(string folded) => words.All(w => folded.Contains(w, StringComparison.Ordinal));
        bool Matches(string text) => Holds(Folding.Fold(text));
        var hits = new List<CaseworkHit>();
        // A note is never edited, so its folded text is kept by its id: folding is most of a search's time (casework benchmark).
        hits.AddRange(Store.GetNotes().Where(n => Holds(_foldedNotes.TryGetValue(n.Id, out var f) ? f : _foldedNotes[n.Id] = Folding.Fold(n.Text)))
            .Select(n => new CaseworkHit("note", n.Subject, n.Text, n.By, n.At)));
        hits.AddRange(Store.GetTags().Where(t => Matches(t.Name)).Select(t => new CaseworkHit("tag", t.Subject, t.Name, t.By, t.At)));
        hits.AddRange(Store.GetCases().Where(c => Matches(c.Name + " " + c.Description))
            .Select(c => new CaseworkHit("case", new Subject(SubjectKind.Case, c.Name), c.Description.Length > 0 ? $"{c.Name}: {c.Description}" : c.Name, c.By, c.At)));
        return [.. hits.OrderByDescending(h => h.At).Take(limit)];
    }

    /// <summary>A case written out whole (<see cref="CaseExport"/>), or null when there is no such case (as <see cref="Show"/>).</summary>
    public CaseExport? Export(string caseName)
    {
        if (Show(caseName) is not { } view) return null;
        var keys = new List<RecordKey>();
        long left = 0;
        foreach (var item in view.Items)
        {
            var members = Members(item.Subject);
            keys.AddRange(members.Take(ExportRecordsPerItem));
            left += Math.Max(0, item.Records - Math.Min(members.Count, ExportRecordsPerItem));
        }
        var records = keys.Distinct().Select(record).OfType<RecordView>().ToList();
        audited("export", $"case {view.Case.Name}", $"{records.Count:N0} records (json)");
        return new CaseExport("minerva-case/1", DateTimeOffset.UtcNow, workspace.Location, view, records, left);
    }

    /// <summary>A case's items, and its entities' members, as a GEXF network with the edges between them (Gephi); null when
    /// there is no such case.</summary>
    /// <exception cref="BadRequestException">None of its items is in the network.</exception>
    public byte[]? Gexf(string caseName)
    {
        if (Show(caseName) is not { } view) return null;
        var shown = new List<string>();
        foreach (var item in view.Items)
        {
            shown.Add(NodeKey(item.Subject));
            if (item.Subject.Kind == SubjectKind.Entity) shown.AddRange(Members(item.Subject).Take(ExportRecordsPerItem).Select(k => $"record:{k}"));
        }
        var gexf = charts.Gexf([.. shown.Distinct().Take(Charts.MaxShown)], audit: false);
        audited("export", $"case {view.Case.Name}", $"{shown.Count:N0} nodes (gexf)");
        return gexf;
    }

    /// <summary>A subject's link-chart node key.</summary>
    public static string NodeKey(Subject subject) => subject.Kind switch
    {
        SubjectKind.Record => $"record:{subject.Ref}",
        SubjectKind.Entity => $"entity:{subject.Ref}",
        _ => subject.Ref,
    };

    /// <summary>Reads a subject as a caller names it: kind record, entity, selector or case, and its reference.</summary>
    /// <exception cref="BadRequestException">An unknown kind, or a reference that is not of its kind.</exception>
    public static Subject Parse(string? kind, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) throw new BadRequestException("say what it is about: a record key, an entity id, a selector (kind:value) or a case name");
        return Enum.TryParse<SubjectKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) && !int.TryParse(kind, out _)
            ? Canonical(new Subject(k, reference.Trim()))
            : throw new BadRequestException($"'{kind}' is not something notes and cases are about: record, entity, selector or case");
    }

    /// <summary>The subject with its reference in the one form it is stored in (E42; phone:+1…; the case's name as given).</summary>
    private static Subject Canonical(Subject subject) => subject.Kind switch
    {
        SubjectKind.Record => subject with { Ref = Keys.Record(subject.Ref).ToString() },
        SubjectKind.Entity => subject with { Ref = $"E{Keys.Entity(subject.Ref)}" },
        SubjectKind.Selector => SelectorLists.Read(subject.Ref, null, out var reason) is { } s
            ? subject with { Ref = $"{s.Kind.Name()}:{s.Value}" }
            : throw new BadRequestException($"'{subject.Ref}' is not a selector: {reason ?? "it is empty"}"),
        _ => subject with { Ref = subject.Ref.Trim() },
    };

    /// <summary>The subject, canonical, when the workspace has it (a case by its stored name).</summary>
    private Subject Existing(Subject subject, bool allowCase)
    {
        var on = Canonical(subject);
        switch (on.Kind)
        {
            case SubjectKind.Record when workspace.RecordId(Keys.Record(on.Ref)) is null:
                throw new BadRequestException($"no record {on.Ref} in {workspace.Location}");
            case SubjectKind.Entity when workspace.EntityMembers(Keys.Entity(on.Ref)).Count == 0:
                throw new BadRequestException($"no entity {on.Ref} in {workspace.Location} (run resolve first, or it was merged into another)");
            case SubjectKind.Case when !allowCase:
                throw new BadRequestException("a case holds records, entities and selectors, not other cases");
            case SubjectKind.Case:
                return on with { Ref = Case(on.Ref).Name };
        }
        return on;
    }

    private CaseInfo Case(string name) =>
        Store.GetCase((name ?? "").Trim()) ?? throw new BadRequestException($"no case '{name}'" + (Store.GetCases() is { Count: > 0 } all
            ? $" (there are {string.Join(", ", all.Take(10).Select(c => $"'{c.Name}'"))})" : "; open one with 'minerva case open NAME'"));

    private CaseItemView ItemView(CaseItem item)
    {
        var s = item.Subject;
        var notes = Store.GetNotes(s);
        var tags = TagNames(s);
        switch (s.Kind)
        {
            case SubjectKind.Record:
            {
                var key = Keys.Record(s.Ref);
                var stored = workspace.GetRecord(key);
                return new CaseItemView(s, stored is null ? $"{s.Ref} (no longer in the workspace)" : stored.Record.Title is { Length: > 0 } title ? title : s.Ref, stored is not null,
                    stored is null ? null : workspace.EntityOf(key), stored is null ? 0 : 1, item.By, item.At, notes, tags);
            }
            case SubjectKind.Entity:
            {
                var members = workspace.EntityMembers(Keys.Entity(s.Ref)).Count;
                if (members > 0) return new CaseItemView(s, $"{s.Ref}: {members:N0} record{(members == 1 ? "" : "s")}", true, Keys.Entity(s.Ref), members, item.By, item.At, notes, tags);
                // Merged or split away by a later resolution: the record it was added by says where that person is now.
                var now = item.Anchor is { } anchor && RecordKey.TryParse(anchor, out var k) ? workspace.EntityOf(k) : null;
                return new CaseItemView(s, now is { } e ? $"{s.Ref} is gone; its record {item.Anchor} is now in E{e}" : $"{s.Ref} is gone", false, now, 0,
                    item.By, item.At, notes, tags);
            }
            default:
            {
                var (kind, value) = SelectorParts(s.Ref);
                var holders = workspace.CountSelector(kind, value);
                return new CaseItemView(s, $"{s.Ref}: {holders:N0} record{(holders == 1 ? "" : "s")}", holders > 0, null, holders, item.By, item.At, notes, tags);
            }
        }
    }

    /// <summary>The records a subject stands for, as far as the export goes.</summary>
    private IReadOnlyList<RecordKey> Members(Subject subject) => subject.Kind switch
    {
        SubjectKind.Record => workspace.RecordId(Keys.Record(subject.Ref)) is null ? [] : [Keys.Record(subject.Ref)],
        SubjectKind.Entity => [.. workspace.EntityMembers(Keys.Entity(subject.Ref)).Select(m => m.Key)],
        SubjectKind.Selector => SelectorParts(subject.Ref) is var (kind, value)
            ? [.. workspace.FindBySelector(kind, value, ExportRecordsPerItem).Select(r => r.Key)] : [],
        _ => [],
    };

    private static (SelectorKind Kind, string Value) SelectorParts(string reference)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        return SelectorKinds.TryParse(reference[..colon], out var kind) ? (kind, reference[(colon + 1)..])
            : throw new InvalidOperationException($"a stored selector '{reference}' has no kind");
    }

    private IReadOnlyList<string> TagNames(Subject subject) => [.. Store.GetTags(subject).Select(t => t.Name)];

    private static CaseSummary Summary(CaseInfo c) => new(c.Name, c.Description, c.By, c.At, c.Items);

    private static string Name(string name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0) throw new BadRequestException("name the case");
        if (trimmed.Length > MaxName) throw new BadRequestException($"a case name is at most {MaxName} characters, not {trimmed.Length}");
        if (trimmed.Any(char.IsControl)) throw new BadRequestException("a case name is one line of text");
        return trimmed;
    }

    private static string TagName(string tag)
    {
        var t = (tag ?? "").Trim().TrimStart('#').ToLowerInvariant();
        if (t.Length == 0) throw new BadRequestException("name the tag");
        if (t.Length > MaxTag) throw new BadRequestException($"a tag is at most {MaxTag} characters, not {t.Length}");
        if (!t.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new BadRequestException($"a tag is one word of letters, digits, '-', '_' or '.', not '{tag}' (e.g. minor-suspected)");
        return t;
    }

    private static string Who(string by) =>
        string.IsNullOrWhiteSpace(by) ? throw new BadRequestException("say who writes it (--by)") : by.Trim();
}
