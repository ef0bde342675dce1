using System.Collections.Frozen;

namespace Minerva.Extraction;

/// <summary>
/// Top-level domains accepted where a domain is not introduced by a scheme or '@': every two-letter code
/// (country TLDs) plus the generic ones ads actually use. A closed list keeps "Hi.Call" from becoming a domain.
/// </summary>
internal static class TopLevelDomains
{
    private static readonly FrozenSet<string> Generic = FrozenSet.ToFrozenSet(
        ("com net org info biz edu gov mil int io co app dev xyz online site top club shop store live life email " +
         "cloud pro mobi name tv cc ws link click vip fun love sexy dating escort massage spa social chat today " +
         "world news blog page space website tech agency services work global asia africa eu london berlin " +
         "amsterdam paris nyc moscow onion test example invalid").Split(' '),
        StringComparer.OrdinalIgnoreCase);

    public static bool IsKnown(ReadOnlySpan<char> tld)
    {
        if (tld.Length == 2) return char.IsAsciiLetter(tld[0]) && char.IsAsciiLetter(tld[1]);
        return Generic.GetAlternateLookup<ReadOnlySpan<char>>().Contains(tld);
    }
}
