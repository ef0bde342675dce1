namespace Minerva.Core;

/// <summary>Which part of a record a selector was found in.</summary>
public enum RecordField
{
    /// <summary>The record's title.</summary>
    Title,
    /// <summary>The record's body text.</summary>
    Text,
    /// <summary>A column or field the connector declares as holding a selector (phone, email, handle, author).</summary>
    Explicit,
    /// <summary>An attachment (image) of the record.</summary>
    Attachment,
}

/// <summary>
/// A selector found in a record: a normalised value that identifies a person, account or device, with the
/// exact characters it was written as. <see cref="Start"/> and <see cref="Length"/> index UTF-16 chars of
/// the field's text.
/// </summary>
/// <param name="Kind">What it identifies.</param>
/// <param name="Value">The normalised value every spelling maps to (E.164, canonical email, platform/name).</param>
/// <param name="Original">The characters as written.</param>
/// <param name="Field">The field it was found in.</param>
/// <param name="Start">Offset of the first char in the field.</param>
/// <param name="Length">Number of chars.</param>
/// <param name="Note">Why an alternative reading exists, or null: e.g. a national number that also reads as a neighbour's mobile.</param>
public sealed record Selector(
    SelectorKind Kind,
    string Value,
    string Original,
    RecordField Field,
    int Start,
    int Length,
    string? Note = null)
{
    /// <summary><c>kind:value</c>, the form used in queries.</summary>
    public string Qualified => $"{Kind.Name()}:{Value}";
}
