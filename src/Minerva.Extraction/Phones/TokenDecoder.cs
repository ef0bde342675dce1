namespace Minerva.Extraction.Phones;

/// <summary>
/// Decodes one alphanumeric token into digits: plain digits in any style, English digit words
/// ("five5five"), and the look-alike letters O→0, l/I→1 — the latter only when the token also holds a
/// real digit, so ordinary words ("Oil", "lol") never become numbers.
/// </summary>
internal static class TokenDecoder
{
    private static readonly string[] Words =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>
    /// Puts the digits of the token in <paramref name="atoms"/> (cleared first); false when it is not a number.
    /// <paramref name="lettersBefore"/> is set when only a trailing digit part was kept after a word prefix ("Tel0151").
    /// The caller's list is reused from token to token: most tokens are words, and a list each was most of
    /// extraction's allocations.
    /// </summary>
    public static bool Decode(string text, int start, int end, List<DigitAtom> atoms, out bool lettersBefore)
    {
        lettersBefore = false;
        atoms.Clear();
        // Most tokens are ordinary words: with no digit and a first letter that starts no digit word and is no
        // look-alike, the token cannot hold a number.
        if (!HasDigit(text, start, end) && !CanStartNumber(text[start])) return false;
        if (TryDecodeWhole(text, start, end, atoms)) return true;

        // Letters then digits ("Tel0151") keep the digits; digits then letters ("120lbs", "2hr", "24yo") are
        // an amount with a unit or an id and are no part of a phone number.
        var digitStart = end;
        while (digitStart > start)
        {
            var prev = PreviousRuneStart(text, start, digitStart);
            var r = DigitScanner.RuneAt(text, prev);
            if (DigitScanner.DigitValue(r) < 0 && !DigitScanner.IsKeycapMark(r)) break;
            digitStart = prev;
        }
        if (digitStart == end || digitStart == start) return false;
        atoms.Clear();
        if (!TryDecodeWhole(text, digitStart, end, atoms)) return false;
        lettersBefore = true;
        return true;
    }

    private static bool HasDigit(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c) || (c >= 0x80 && (char.IsDigit(c) || char.IsSurrogate(c) || c is >= '\u2460' and <= '\u24FF' or >= '\u2776' and <= '\u2793'))) return true;
        }
        return false;
    }

    // Patterns, not string.Contains: a search call per token cost more than the test (1M ads: ~1 % of ingest's CPU).
    private static bool CanStartNumber(char c) => c is 'z' or 'o' or 't' or 'f' or 's' or 'e' or 'n' or 'O' or 'I' or 'l'
        or 'Z' or 'T' or 'F' or 'S' or 'E' or 'N';

    private static int PreviousRuneStart(string text, int floor, int index)
    {
        var i = index - 1;
        if (i > floor && char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1])) i--;
        return i;
    }

    private static bool TryDecodeWhole(string text, int start, int end, List<DigitAtom> atoms)
    {
        var realDigits = 0;
        var i = start;
        while (i < end)
        {
            var r = DigitScanner.RuneAt(text, i);
            var value = DigitScanner.DigitValue(r);
            if (value >= 0)
            {
                var next = i + r.Utf16SequenceLength;
                while (next < end && DigitScanner.IsKeycapMark(DigitScanner.RuneAt(text, next))) next++;
                atoms.Add(new DigitAtom((char)('0' + value), i, next));
                realDigits++;
                i = next;
                continue;
            }
            var word = MatchWord(text, i, end);
            if (word >= 0)
            {
                atoms.Add(new DigitAtom((char)('0' + word), i, i + Words[word].Length));
                realDigits++;
                i += Words[word].Length;
                continue;
            }
            var lookAlike = text[i] switch
            {
                'O' or 'o' => '0',
                'l' or 'I' => '1',
                _ => '\0',
            };
            if (lookAlike == '\0') return false;
            atoms.Add(new DigitAtom(lookAlike, i, i + 1));
            i++;
        }
        return realDigits > 0;
    }

    private static int MatchWord(string text, int i, int end)
    {
        var first = char.ToLowerInvariant(text[i]);
        for (var w = 0; w < Words.Length; w++)
        {
            var word = Words[w];
            if (word[0] == first && end - i >= word.Length && text.AsSpan(i, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase))
                return w;
        }
        return -1;
    }
}
