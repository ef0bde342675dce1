using System.Globalization;
using System.Text.RegularExpressions;

namespace Minerva.Extraction;

/// <summary>
/// The matches a left-to-right scan of a pattern finds, found by trying the pattern only where a match can start.
/// A scan tries every position, and the email, URL and cue patterns got as far as the end of every word before failing
/// (measured on 1M generated ads: 8 s of CPU, a sixth of ingest's). Each extractor names a rarer sign every match holds
/// ('@', '.', a cue word) and works out where a match holding it must start; the pattern, anchored there with \G, says
/// whether it does. Tests compare the result with the scan itself on the generated corpus.
/// </summary>
internal static class AnchoredMatches
{
    /// <param name="anchored">The pattern with a leading <c>\G</c>, so it matches only where it is tried.</param>
    /// <param name="text">The text scanned.</param>
    /// <param name="signs">Positions of the sign, ascending.</param>
    /// <param name="start">Where a match holding the sign at a position must start; ascending with the position. A start
    /// where no match starts costs a failed try and nothing else; a start missing loses its match.</param>
    public static IEnumerable<Match> Find(Regex anchored, string text, List<int> signs, Func<string, int, int> start)
    {
        var next = 0;
        var tried = -1;
        foreach (var sign in signs)
        {
            var at = start(text, sign);
            if (at < next || at == tried) continue; // a scan resumes after its last match
            tried = at;
            var m = anchored.Match(text, at);
            if (!m.Success) continue;
            next = m.Index + Math.Max(1, m.Length);
            yield return m;
        }
    }

    /// <summary>The start of the run of characters in <paramref name="run"/> that ends just before <paramref name="end"/>:
    /// where a match must start whose pattern begins with a look-behind excluding them, followed by such characters.</summary>
    public static int RunStart(string text, int end, Func<char, bool> run)
    {
        var at = end;
        while (at > 0 && run(text[at - 1])) at--;
        return at;
    }

    /// <summary>
    /// <see cref="RunStart"/> for ends given in ascending order, in linear time over the whole text: each query walks back
    /// only to the previous query's end, and where every character in between belongs to the run it reuses that query's
    /// start. Walking back the whole run for every sign made a long run ("www.www.www…", 256 KB) quadratic.
    /// </summary>
    internal sealed class BackWalk(string text, Func<char, bool> run)
    {
        private int _end, _start;

        /// <summary>The start of the run ending just before <paramref name="end"/>.</summary>
        public int From(int end)
        {
            if (end < _end) return RunStart(text, end, run); // not ascending: the plain walk
            var at = end;
            while (at > _end && run(text[at - 1])) at--;
            var start = at == _end ? _start : at; // [_end, end) all in the run: it started where the last one did
            (_end, _start) = (end, start);
            return start;
        }
    }

    /// <summary>
    /// <c>\w</c> as .NET regular expressions read it: letters, non-spacing marks, decimal digits, connector
    /// punctuation (not spacing marks; a test compares every UTF-16 code unit with the engine).
    /// </summary>
    public static bool IsWordChar(char c) => c < 128
        ? char.IsAsciiLetterOrDigit(c) || c == '_'
        : (WordCategories & (1 << (int)CharUnicodeInfo.GetUnicodeCategory(c))) != 0;

    /// <summary>What <c>\b</c> counts as a word character: <c>\w</c> and the zero-width (non-)joiner.</summary>
    public static bool IsBoundaryWordChar(char c) => IsWordChar(c) || c is '\u200C' or '\u200D';

    private const int WordCategories =
        1 << (int)UnicodeCategory.UppercaseLetter | 1 << (int)UnicodeCategory.LowercaseLetter |
        1 << (int)UnicodeCategory.TitlecaseLetter | 1 << (int)UnicodeCategory.ModifierLetter |
        1 << (int)UnicodeCategory.OtherLetter | 1 << (int)UnicodeCategory.NonSpacingMark |
        1 << (int)UnicodeCategory.DecimalDigitNumber | 1 << (int)UnicodeCategory.ConnectorPunctuation;
}
