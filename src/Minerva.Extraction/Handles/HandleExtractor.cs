using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Minerva.Core;

namespace Minerva.Extraction.Handles;

/// <summary>
/// Finds accounts tied to a platform: "IG: name", "snap name", "telegram @name", profile URLs
/// ("instagram.com/name", "t.me/name"), and bare "@name" (platform unknown unless a cue stands just before).
/// Values are <c>platform/name</c>, lower case.
/// </summary>
public static partial class HandleExtractor
{
    // Words that follow a cue in prose ("snap me", "kik only") and are never the account name.
    private static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
        ("me at or and the my is only here now to for on in please pls dm add follow or me. us text call " +
         "available and/or account name id handle user username profile msg message chat").Split(' '),
        StringComparer.OrdinalIgnoreCase);

    // Paths on profile hosts that are pages, not accounts.
    private static readonly FrozenSet<string> ReservedPaths = FrozenSet.ToFrozenSet(
        "p reel reels explore stories joinchat s share i home intent hashtag search add about legal help login signup tv".Split(' '),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Appends the handle selectors of <paramref name="text"/> to <paramref name="into"/>.</summary>
    public static void Extract(string text, RecordField field, List<Selector> into)
    {
        var taken = new Spans.Disjoint();
        var profiles = text.Contains('/', StringComparison.Ordinal) ? ProfileUrl().Matches(text) : null; // every profile URL has one
        foreach (Match m in profiles ?? (IEnumerable<Match>)[])
        {
            var platform = PlatformOfHost(m.Groups["host"].Value);
            var name = m.Groups["name"].Value;
            if (platform is null || ReservedPaths.Contains(name)) continue;
            Add(text, platform, m.Groups["name"], m.Index, m.Index + m.Length, field, into, taken);
        }
        foreach (var m in CuedNames(text))
        {
            var cue = m.Groups["cue"].Value;
            var platform = Platforms.FromCue(cue);
            var marked = m.Groups["mark"].Success;
            if (platform is null || (Platforms.IsWeakCue(cue) && !marked)) continue;
            Add(text, platform, m.Groups["name"], m.Index, m.Index + m.Length, field, into, taken);
        }
        if (!text.Contains('@', StringComparison.Ordinal)) return;
        foreach (Match m in BareAt().Matches(text))
            Add(text, Platforms.Unknown, m.Groups["name"], m.Index, m.Index + m.Length, field, into, taken);
    }

    /// <summary>The <c>platform/name</c> value for an explicit handle column, or null if it is not a name.</summary>
    public static string? NormaliseExplicit(string value, string? platform)
    {
        var name = value.Trim().TrimStart('@').TrimEnd('.', '_').ToLowerInvariant();
        return ExplicitName().IsMatch(name) ? $"{Platforms.Canonical(platform)}/{name}" : null;
    }

    private static void Add(string text, string platform, Group nameGroup, int start, int end, RecordField field,
        List<Selector> into, Spans.Disjoint taken)
    {
        var name = nameGroup.Value.TrimEnd('.');
        end -= nameGroup.Value.Length - name.Length;
        if (name.Length < 2 || StopWords.Contains(name) || !name.Any(char.IsAsciiLetter)) return;
        if (!taken.TryAdd(start, end)) return;
        into.Add(new Selector(SelectorKind.Handle, $"{platform}/{name.ToLowerInvariant()}", text[start..end], field, start, end - start));
    }

    private static string? PlatformOfHost(string host) => host.TrimEnd('/', '@').ToLowerInvariant() switch
    {
        "instagram.com" or "instagr.am" => "instagram",
        "t.me" or "telegram.me" => "telegram",
        "snapchat.com/add" => "snapchat",
        "kik.me" => "kik",
        "twitter.com" or "x.com" => "x",
        "tiktok.com" => "tiktok",
        "onlyfans.com" => "onlyfans",
        "fansly.com" => "fansly",
        _ => null,
    };

    [GeneratedRegex(@"(?<![\w.-])(?:https?://)?(?:www\.|m\.)?(?<host>instagram\.com/|instagr\.am/|t\.me/|telegram\.me/|snapchat\.com/add/|kik\.me/|twitter\.com/|x\.com/|tiktok\.com/@|onlyfans\.com/|fansly\.com/)(?<name>[a-z0-9_][a-z0-9._]{1,29})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProfileUrl();

    /// <summary>The cue pattern's matches, as a scan would find them (<see cref="AnchoredMatches"/>): each starts with a
    /// cue, a whole word (as <c>\b</c> sees words). A word with a character beyond ASCII is tried whatever it is, as
    /// case-insensitive matching may read it as a cue ('K', the Kelvin sign, for 'k').</summary>
    internal static IEnumerable<Match> CuedNames(string text) => AnchoredMatches.Find(AnchoredCuedName(), text, CueWords(text), static (_, s) => s);

    private static List<int> CueWords(string text)
    {
        var starts = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            if (!AnchoredMatches.IsBoundaryWordChar(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            var ascii = true;
            for (; i < text.Length && AnchoredMatches.IsBoundaryWordChar(text[i]); i++) ascii &= char.IsAscii(text[i]);
            if (!ascii || (i - start <= LongestCue && CueSet.Contains(text.AsSpan(start, i - start)))) starts.Add(start);
        }
        return starts;
    }

    internal const string Cues =
        "instagram|insta|ig|snapchat|snap|sc|telegram|tg|tele|kik|twitter|x|tiktok|tt|onlyfans|of|fansly|skype|discord|wechat|line|facebook|fb";

    private static readonly int LongestCue = Cues.Split('|').Max(c => c.Length);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CueSet =
        FrozenSet.ToFrozenSet(Cues.Split('|'), StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    internal const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // "kik me lara_x", "snap at mia.r": a filler word between the cue and the name (alone, "snap me" stays no handle).
    internal const string CuedNamePattern =
        @"\b(?<cue>" + Cues + @")\b(?:\s(?:me|at|on)(?=\s))?(?<mark>\s?[:=>-]\s?@?|\s@|\s?\(\s?@?)?\s?(?<name>[a-z0-9_][a-z0-9._]{1,29})";

    [GeneratedRegex(@"\G" + CuedNamePattern, Options)]
    private static partial Regex AnchoredCuedName();

    [GeneratedRegex(@"(?<![\w.@/])@(?<name>[a-z0-9_][a-z0-9._]{1,29})(?![\w@]|\.[a-z]{2,}\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareAt();

    [GeneratedRegex(@"^[a-z0-9_][a-z0-9._-]{0,49}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExplicitName();
}
