namespace Minerva.Extraction.Phones;

/// <summary>One decoded digit and the chars it was written as (a digit, a keycap emoji, a word like "seven").</summary>
internal readonly record struct DigitAtom(char Digit, int Start, int End);

/// <summary>Digits written together with no separator between them ("713", "five5five", "O142").</summary>
/// <param name="digits">The decoded digits, '0' to '9'.</param>
/// <param name="start">Where the first digit starts in the text.</param>
/// <param name="end">Where the last digit ends (past a keycap mark or a digit word).</param>
/// <param name="separatorBefore">The non-space separator chars between the previous group and this one (for date shapes).</param>
internal sealed class DigitGroup(string digits, int start, int end, string separatorBefore)
{
    public string Digits { get; } = digits;

    public string SeparatorBefore { get; } = separatorBefore;

    public int Start { get; } = start;

    public int End { get; } = end;

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
