namespace Minerva.Storage;

/// <summary>
/// Case work: named cases, the records, entities and selectors they hold, and notes and tags on any of them. Its own contract,
/// apart from the records and their resolution: what investigators write is kept whatever happens to the data (a re-ingest,
/// a re-resolution), and on a team server it is what is shared and audited. References are keys and values, not storage
/// ids, for the same reason. The store checks nothing about what a reference names; the application layer does.
/// </summary>
public interface ICaseStore
{
    /// <summary>Opens a case; returns its number, or null when a case of that name (in any letter case) exists.</summary>
    long? CreateCase(string name, string description, string by);

    /// <summary>The case of that name (in any letter case), or null.</summary>
    CaseInfo? GetCase(string name);

    /// <summary>Every case, by name.</summary>
    IReadOnlyList<CaseInfo> GetCases();

    /// <summary>Adds a subject to a case; false when it is already there (the first addition is kept) or there is no such case.</summary>
    bool AddToCase(long caseId, Subject subject, string? anchor, string by);

    /// <summary>Takes a subject out of a case; false when it was not there.</summary>
    bool RemoveFromCase(long caseId, Subject subject);

    /// <summary>What a case holds, in the order it was added.</summary>
    IReadOnlyList<CaseItem> GetCaseItems(long caseId);

    /// <summary>The cases holding a subject, by name.</summary>
    IReadOnlyList<CaseInfo> CasesHolding(Subject subject);

    /// <summary>Adds a note; returns its number.</summary>
    long AddNote(Subject subject, string text, string by);

    /// <summary>The notes on a subject, or every note when it is null; oldest first.</summary>
    IReadOnlyList<Note> GetNotes(Subject? subject = null);

    /// <summary>Tags a subject; false when it already has the tag.</summary>
    bool AddTag(Subject subject, string tag, string by);

    /// <summary>Takes a tag off; false when the subject did not have it.</summary>
    bool RemoveTag(Subject subject, string tag);

    /// <summary>The tags on a subject, or of every subject when it is null; only <paramref name="tag"/> when given. By tag, then subject.</summary>
    IReadOnlyList<Tag> GetTags(Subject? subject = null, string? tag = null);
}
