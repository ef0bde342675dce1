using System.Text;
using System.Text.RegularExpressions;
using Minerva.Core;

namespace Minerva.Extraction.Phones;

/// <summary>Finds phone numbers in free text, however they are written, and normalises them to E.164.</summary>
public static partial class PhoneExtractor
{
    /// <summary>One note string per region and basis, not one per record (there are few of each).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Region, string? Basis), string> Notes = new();

    private const int MinDigits = 7;
    private const int MaxDigits = 18;

    /// <summary>Appends the phone selectors of <paramref name="text"/> to <paramref name="into"/>. A number read in the
    /// national format of <paramref name="region"/> says so in its note, with <paramref name="regionBasis"/> (where the
    /// region came from), so a misread one can be traced.</summary>
    /// <param name="text">The text.</param>
    /// <param name="region">ISO region for national numbers, or null for international forms only.</param>
    /// <param name="field">The field the text is from.</param>
    /// <param name="into">Where the selectors go.</param>
    /// <param name="regionBasis">Where the region came from, for the note.</param>
    /// <param name="names">Spans of handles found in the text, sorted: their digits belong to the name.</param>
    public static void Extract(string text, string? region, RecordField field, List<Selector> into, string? regionBasis = null,
        IReadOnlyList<(int Start, int End)>? names = null)
    {
        var nationalNote = region is null ? null : Notes.GetOrAdd((region, regionBasis), k => k.Basis is null ? $"read as {k.Region}" : $"read as {k.Region} ({k.Basis})");
        foreach (var run in DigitScanner.Scan(text, names))
        {
            if (FollowsIdLabel(text, run.Groups[0].Start)) continue;
            ExcludeDates(run.Groups);
            var segmentStart = 0;
            for (var g = 0; g <= run.Groups.Count; g++)
            {
                if (g < run.Groups.Count && !run.Groups[g].Excluded) continue;
                Partition(text, run, segmentStart, g, region, field, into, nationalNote);
                segmentStart = g + 1;
            }
        }
    }

    /// <summary>
    /// Reads groups [from, to) as consecutive numbers, taking the longest run of whole groups that is a valid
    /// number at each step: "(713) 555-0142 (512) 555-0177" is two numbers, and a stray digit is skipped.
    /// </summary>
    private static void Partition(string text, DigitRun run, int from, int to, string? region, RecordField field, List<Selector> into, string? nationalNote)
    {
        var digits = new StringBuilder(MaxDigits + 8);
        var i = from;
        while (i < to)
        {
            var matched = false;
            // Only the groups whose digits fit in MaxDigits can start a number at i. Trying every end up to `to` (as
            // this loop once did) made a long run of numbers cubic: 20 KB of "713 555 0142 " took 18 s of CPU.
            var last = i;
            for (var length = 0; last < to && (length += run.Groups[last].Digits.Length) <= MaxDigits; last++) { }
            for (var j = last; j > i && !matched; j--)
            {
                digits.Clear();
                for (var k = i; k < j; k++) digits.Append(run.Groups[k].Digits);
                if (digits.Length < MinDigits) break;
                var plus = i == 0 && run.PlusStart >= 0;
                var readings = PhoneParser.Parse(digits.ToString(), plus, region);
                if (readings.Count == 0) continue;
                var start = plus ? run.PlusStart : run.Groups[i].Start;
                if (start > 0 && text[start - 1] == '(' && run.Groups[i].Digits.Length <= 4) start--; // "(713) 555-0142"
                var end = run.Groups[j - 1].End;
                foreach (var reading in readings)
                {
                    var note = reading.Note ?? (reading.National ? nationalNote : null);
                    if (PhonePlans.LineKind(reading.E164) is { } kind) note = note is null ? kind : $"{note}; {kind}";
                    into.Add(new Selector(SelectorKind.Phone, reading.E164, text[start..end], field, start, end - start, note));
                }
                i = j;
                matched = true;
            }
            if (!matched) i++;
        }
    }

    /// <summary>Marks groups shaped like dd.mm.yyyy, mm/dd/yyyy or yyyy-mm-dd (one separator kind) as not a number.</summary>
    private static void ExcludeDates(List<DigitGroup> groups)
    {
        for (var k = 0; k + 2 < groups.Count; k++)
        {
            int a = groups[k].Digits.Length, b = groups[k + 1].Digits.Length, c = groups[k + 2].Digits.Length;
            var sep1 = groups[k + 1].SeparatorBefore;
            var sep2 = groups[k + 2].SeparatorBefore;
            // French numbers are written 06.12.34.56.78, so a fourth group with the same separator is no date.
            var continues = k + 3 < groups.Count && groups[k + 3].SeparatorBefore == sep1;
            var shape = (a <= 2 && b <= 2 && c == 4) || (a == 4 && b <= 2 && c <= 2);
            if (!shape || continues || sep1.Length != 1 || sep1 != sep2 || !".-/".Contains(sep1, StringComparison.Ordinal)) continue;
            groups[k].Excluded = groups[k + 1].Excluded = groups[k + 2].Excluded = true;
        }
    }

    private static bool FollowsIdLabel(string text, int start)
    {
        var from = Math.Max(0, start - 16);
        return IdLabel().IsMatch(text.AsSpan(from, start - from));
    }

    // A number right after one of these labels is an id, a post code or an account, not a phone.
    [GeneratedRegex(@"(?:\b(?:id|ref|order|invoice|zip|postcode|plz|case|acct|account|iban|isbn|sku|tracking)\b\W{0,3}|#\s?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdLabel();
}
