using System.Globalization;
using System.Text;

namespace Minerva.Extraction.Phones;

/// <summary>
/// Turns text into runs of decoded digits, undoing the obfuscations ads use to dodge filters: digits spelled
/// as English words, letter O for 0 and l/I for 1 inside digit runs, fullwidth, circled, mathematical and
/// keycap-emoji digits, and emoji or odd separators between digits. Anything that cannot sit inside a phone
/// number (a plain word, a unit glued to digits, a currency sign, a colon) ends the run.
/// </summary>
internal static class DigitScanner
{
    private const int MaxSeparatorRunes = 4;
    private const int MaxSeparatorSymbols = 3;

    /// <summary>The digit runs of <paramref name="text"/>; a token with letters inside one of <paramref name="names"/> (handle
    /// spans, sorted) is a name, so its digits ("rosa_olena48") are not the start of the number written after it.</summary>
    public static List<DigitRun> Scan(string text, IReadOnlyList<(int Start, int End)>? names = null)
    {
        var state = new ScanState(text);
        var i = 0;
        var name = 0;
        while (i < text.Length)
        {
            var rune = RuneAt(text, i);
            if (IsTokenRune(rune))
            {
                var end = TokenEnd(text, i);
                while (names is not null && name < names.Count && names[name].End <= i) name++;
                var inName = names is not null && name < names.Count && names[name].Start <= i && HasLetter(text, i, end);
                if (inName || IsAccountName(text, i, end)) state.Word(); // "@nadialuv2. 704…", "instagram.com/larakiss1. (602)…"
                else state.Token(i, end);
                i = end;
                continue;
            }
            if (rune.Value == '+')
                state.Plus(i);
            else if (Rune.IsWhiteSpace(rune))
                state.Separator(isSpace: true, '\0');
            else if (IsSeparator(rune))
                state.Separator(isSpace: false, rune.IsBmp ? (char)rune.Value : '\0');
            else
                state.Break(rune);
            i += rune.Utf16SequenceLength;
        }
        state.EndRun();
        return state.Runs;
    }

    /// <summary>The rune at <paramref name="i"/>; a lone surrogate (which ad text can hold, and Rune.GetRuneAt throws on)
    /// reads as U+FFFD, one char long.</summary>
    internal static Rune RuneAt(string text, int i) =>
        Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out _) == System.Buffers.OperationStatus.Done ? rune : Rune.ReplacementChar;

    /// <summary>
    /// A token of letters and digits right after '@' or '/' is an account or path name: its trailing digits ("luv2",
    /// "kiss1") belong to the name, and reading them as the start of a number glued them to the phone that follows.
    /// </summary>
    private static bool IsAccountName(string text, int start, int end) =>
        start > 0 && text[start - 1] is '@' or '/' && HasLetter(text, start, end);

    private static bool HasLetter(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
            if (char.IsLetter(text[i])) return true;
        return false;
    }

    private static bool IsTokenRune(Rune r) => Rune.IsLetterOrDigit(r) || DigitValue(r) >= 0;

    /// <summary>A token is letters and digits; keycap marks after a digit belong to that digit.</summary>
    private static int TokenEnd(string text, int i)
    {
        while (i < text.Length)
        {
            var r = RuneAt(text, i);
            if (!IsTokenRune(r) && !IsKeycapMark(r)) break;
            i += r.Utf16SequenceLength;
        }
        return i;
    }

    internal static bool IsKeycapMark(Rune r) => r.Value is 0xFE0F or 0x20E3;

    /// <summary>The value of a digit in any script or style, or -1.</summary>
    internal static int DigitValue(Rune r)
    {
        if (r.Value is >= '0' and <= '9') return r.Value - '0';
        if (r.Value < 0x80) return -1;
        var category = Rune.GetUnicodeCategory(r);
        if (category is not (UnicodeCategory.DecimalDigitNumber or UnicodeCategory.OtherNumber)) return -1;
        var value = Rune.GetNumericValue(r);
        // Circled and dingbat digits are OtherNumber; fractions and ⑩ and above are not digits.
        return value is >= 0 and <= 9 && value == Math.Floor(value) ? (int)value : -1;
    }

    /// <summary>Chars that may stand between the digit groups of one number.</summary>
    private static bool IsSeparator(Rune r)
    {
        if (r.Value is '-' or '–' or '—' or '.' or '/' or '(' or ')' or '[' or ']' or '_' or '*' or '~' or '|' or '•' or '·') return true;
        if (IsKeycapMark(r) || r.Value is 0x200D or 0x200B) return true;
        // Emoji and pictographs between digits are a common way to dodge filters.
        var category = Rune.GetUnicodeCategory(r);
        return category is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol
            || (!r.IsBmp && category is UnicodeCategory.OtherNotAssigned);
    }

    private sealed class ScanState(string text)
    {
        private DigitRun? _run;
        private int _separatorRunes;
        private int _separatorSymbols;
        private readonly StringBuilder _separator = new();
        private readonly List<DigitAtom> _atoms = []; // one token's digits at a time, reused across the text
        private bool _priceNext;
        private int _pendingPlus = -1;

        public List<DigitRun> Runs { get; } = [];

        public void Token(int start, int end)
        {
            if (!TokenDecoder.Decode(text, start, end, _atoms, out var digitsOnlyAtEnd))
            {
                Word();
                return;
            }
            if (digitsOnlyAtEnd) EndRun(); // "Tel0151": the letters end any run before the digits start one.
            if (_priceNext)
            {
                _priceNext = false;
                EndRun();
                return;
            }
            _run ??= new DigitRun(_pendingPlus);
            _pendingPlus = -1;
            _run.Groups.Add(new DigitGroup(Digits(_atoms), _atoms[0].Start, _atoms[^1].End, _separator.ToString()));
            ResetSeparator();
        }

        /// <summary>A word: it ends any run, and what a currency sign said of the next token is void past it ("$ for
        /// call 713 …" is no price).</summary>
        public void Word()
        {
            EndRun();
            _priceNext = false;
        }

        public void Plus(int index)
        {
            EndRun();
            _pendingPlus = index;
        }

        public void Separator(bool isSpace, char c)
        {
            _separatorRunes++;
            if (!isSpace)
            {
                _separatorSymbols++;
                if (c != '\0') _separator.Append(c);
            }
            else if (_separatorRunes > 1 && _separatorSymbols == 0)
            {
                _separatorRunes--; // a run of spaces counts once
            }
            if (_separatorRunes > MaxSeparatorRunes || _separatorSymbols > MaxSeparatorSymbols) EndRun();
        }

        public void Break(Rune r)
        {
            var isMoney = r.Value is '$' or '€' or '£' or '¥' or '₴' or '₽';
            // "150$" or "150%": the digits just before were an amount, not part of a number.
            if ((isMoney || r.Value == '%') && _run is { Groups.Count: > 0 } && _separatorRunes == 0)
                _run.Groups.RemoveAt(_run.Groups.Count - 1);
            EndRun();
            // "$ 150" is a price; a percent sign follows its amount and says nothing of what comes next ("100% real
            // pics. call 713 549 9842" lost its number).
            _priceNext = isMoney;
        }

        public void EndRun()
        {
            if (_run is { Groups.Count: > 0 }) Runs.Add(_run);
            _run = null;
            _pendingPlus = -1;
            ResetSeparator();
        }

        private static string Digits(List<DigitAtom> atoms) =>
            string.Create(atoms.Count, atoms, static (chars, list) =>
            {
                for (var i = 0; i < chars.Length; i++) chars[i] = list[i].Digit;
            });

        private void ResetSeparator()
        {
            _separatorRunes = 0;
            _separatorSymbols = 0;
            _separator.Clear();
            if (_run is not null) _priceNext = false;
        }
    }
}
