using System.Collections.Frozen;
using Minerva.Extraction.Domains;

namespace Minerva.Extraction;

/// <summary>
/// Which top-level domains make a name a domain. With '@' before it (an email), any real TLD of the Public Suffix List. A
/// bare host in text ("anna.photos") needs more care, since a missing space after a full stop makes one of two words:
/// the generic TLDs ads use and every country code count as written; any other TLD of the list counts unless it is
/// written as a sentence's next word ("Hi.Call": a capital, then lower case) or is an everyday word or file extension
/// that a missing space or a file name produces ("town.call", "video.mov").
/// </summary>
internal static class TopLevelDomains
{
    private static readonly FrozenSet<string> Generic = FrozenSet.ToFrozenSet(
        ("com net org info biz edu gov mil int io co app dev xyz online site top club shop store live life email " +
         "cloud pro mobi name tv cc ws link click vip fun love sexy dating escort massage spa social chat today " +
         "world news blog page space website tech agency services work global asia africa eu london berlin " +
         "amsterdam paris nyc moscow onion").Split(' '),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Names reserved for tests and examples (RFC 2606): not in the list, but what samples and docs use.</summary>
    private static readonly FrozenSet<string> Reserved = FrozenSet.ToFrozenSet(["test", "example", "invalid"], StringComparer.OrdinalIgnoreCase);

    /// <summary>TLDs that are everyday words or file extensions: a bare "x.call" or "x.zip" is a typo or a file, not a site.</summary>
    private static readonly FrozenSet<string> Words = FrozenSet.ToFrozenSet(
        ("call now new one you here help text date free hot best meet play open fit men ink art cam kim " +
         "zip mov arpa").Split(' '), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="tld"/> ends an email address's domain.</summary>
    public static bool IsKnownAfterAt(ReadOnlySpan<char> tld) =>
        PublicSuffixes.IsTopLevel(tld) || Reserved.GetAlternateLookup<ReadOnlySpan<char>>().Contains(tld);

    /// <summary>Whether <paramref name="tld"/>, as written, ends a bare host in text.</summary>
    public static bool IsKnown(ReadOnlySpan<char> tld)
    {
        if (Generic.GetAlternateLookup<ReadOnlySpan<char>>().Contains(tld) || Reserved.GetAlternateLookup<ReadOnlySpan<char>>().Contains(tld)) return true;
        if (!PublicSuffixes.IsTopLevel(tld)) return false;
        if (tld.Length == 2) return true;
        var sentence = char.IsAsciiLetterUpper(tld[0]) && !tld[1..].ContainsAnyInRange('A', 'Z'); // "Call" after "Hi."; "ROCKS" is a shout, not a sentence
        return !sentence && !Words.GetAlternateLookup<ReadOnlySpan<char>>().Contains(tld);
    }
}
