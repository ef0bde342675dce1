namespace Minerva.Storage;

/// <summary>What a case item, a note or a tag is about.</summary>
public enum SubjectKind
{
    /// <summary>A record, by its key (source:id): a key survives re-ingest and re-resolution.</summary>
    Record,
    /// <summary>An entity, by its id (E123).</summary>
    Entity,
    /// <summary>A selector, by its canonical value (phone:+15551234567).</summary>
    Selector,
    /// <summary>A case, by its name (notes and tags only: a case holds no cases).</summary>
    Case,
}

/// <summary>A thing an investigator works on: its kind and its reference as stored.</summary>
/// <param name="Kind">Record, entity, selector or case.</param>
/// <param name="Ref">The record key, entity id (E123), selector (kind:value) or case name.</param>
public sealed record Subject(SubjectKind Kind, string Ref)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Ref}";
}

/// <summary>A named case: a set of records, entities and selectors an investigator follows together.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Name">Its name, unique in the workspace regardless of case ("Operation Lily" and "operation lily" are one).</param>
/// <param name="Description">What it is about.</param>
/// <param name="By">Who opened it.</param>
/// <param name="At">When.</param>
/// <param name="Items">How many records, entities and selectors it holds.</param>
public sealed record CaseInfo(long Id, string Name, string Description, string By, DateTimeOffset At, int Items);

/// <summary>A record, entity or selector in a case.</summary>
/// <param name="Subject">What it is.</param>
/// <param name="Anchor">For an entity: one of its records when it was added, so that the case can say where that person went
/// when a later resolution merged or split the entity away.</param>
/// <param name="By">Who added it.</param>
/// <param name="At">When.</param>
public sealed record CaseItem(Subject Subject, string? Anchor, string By, DateTimeOffset At);

/// <summary>A note an investigator wrote on a record, entity, selector or case. Notes are kept, never edited: a correction is a
/// new note.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="Text">What it says.</param>
/// <param name="By">Who wrote it.</param>
/// <param name="At">When.</param>
public sealed record Note(long Id, Subject Subject, string Text, string By, DateTimeOffset At);

/// <summary>A tag on a record, entity, selector or case.</summary>
/// <param name="Subject">What it is on.</param>
/// <param name="Name">The tag, lower case.</param>
/// <param name="By">Who put it there.</param>
/// <param name="At">When.</param>
public sealed record Tag(Subject Subject, string Name, string By, DateTimeOffset At);
