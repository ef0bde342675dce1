namespace Minerva.Extraction.Phones;

/// <summary>One decoded digit and the chars it was written as (a digit, a keycap emoji, a word like "seven").</summary>
internal readonly record struct DigitAtom(char Digit, int Start, int End);

/// <summary>Digits written together with no separator between them ("713", "five5five", "O142").</summary>
internal sealed class DigitGroup(List<DigitAtom> atoms, string separatorBefore)
{
    public List<DigitAtom> Atoms { get; } = atoms;

    /// <summary>The non-space separator chars between the previous group and this one (for date shapes).</summary>
    public string SeparatorBefore { get; } = separatorBefore;

    public int Start => Atoms[0].Start;

    public int End => Atoms[^1].End;

    /// <summary>Set when the group is part of a date and must not be read as a phone.</summary>
    public bool Excluded { get; set; }
}

/// <summary>Groups separated only by short separators: the unit that may hold one or more phone numbers.</summary>
internal sealed class DigitRun(int plusStart)
{
    /// <summary>Index of a leading '+', or -1.</summary>
    public int PlusStart { get; } = plusStart;

    public List<DigitGroup> Groups { get; } = [];
}
