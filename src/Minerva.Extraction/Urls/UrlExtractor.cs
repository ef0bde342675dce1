using System.Text.RegularExpressions;
using Minerva.Core;
using Minerva.Extraction.Phones;

namespace Minerva.Extraction.Urls;

/// <summary>
/// Finds URLs (with a scheme, starting "www.", or a bare host with a known TLD) and emits each as a normalised
/// URL and as its domain.
/// </summary>
public static partial class UrlExtractor
{
    /// <summary>Appends the URL and domain selectors of <paramref name="text"/> to <paramref name="into"/>.</summary>
    public static void Extract(string text, RecordField field, List<Selector> into)
    {
        if (!TextCues.HasDottedWord(text) && !TextCues.HasScheme(text)) return; // every match has one or the other
        foreach (var m in Matches(text))
        {
            var raw = TrimTrailing(m.Value);
            var hasScheme = m.Groups["scheme"].Success;
            if (!UrlNormaliser.TryNormalise(raw, out var url, out var host)) continue;
            if (!hasScheme && !TopLevelDomains.IsKnown(WrittenTld(raw))) continue;
            into.Add(new Selector(SelectorKind.Url, url, raw, field, m.Index, raw.Length));
            // The site is the registrable name: m.example.co.uk and example.co.uk are one, anna.blogspot.com is its own.
            into.Add(new Selector(SelectorKind.Domain, Domains.PublicSuffixes.Registrable(host), raw, field, m.Index, raw.Length));
            var chatNumber = ClickToChatNumber(url);
            if (chatNumber is not null) into.Add(new Selector(SelectorKind.Phone, chatNumber, raw, field, m.Index, raw.Length));
        }
    }

    /// <summary>The TLD of a bare host as written — its case tells a sentence ("Hi.Call") from a host — not as normalised.</summary>
    private static ReadOnlySpan<char> WrittenTld(string raw)
    {
        var host = raw.AsSpan();
        if (host.IndexOfAny('/', '?', '#') is var end and >= 0) host = host[..end];
        if (host.IndexOf(':') is var port and >= 0) host = host[..port];
        return host[(host.LastIndexOf('.') + 1)..];
    }

    /// <summary>WhatsApp click-to-chat links carry an international number without '+'.</summary>
    private static string? ClickToChatNumber(string url)
    {
        var m = ClickToChat().Match(url);
        return m.Success ? PhoneParser.Parse(m.Groups["digits"].Value, plus: true, region: null).FirstOrDefault()?.E164 : null;
    }

    /// <summary>Sentence punctuation after a URL is not part of it; a closing bracket is, if it opened inside.</summary>
    private static string TrimTrailing(string raw)
    {
        var end = raw.Length;
        while (end > 0)
        {
            var c = raw[end - 1];
            if (".,;:!?'\"".Contains(c, StringComparison.Ordinal)) { end--; continue; }
            if (c == ')' && raw.AsSpan(0, end).Count('(') < raw.AsSpan(0, end).Count(')')) { end--; continue; }
            break;
        }
        return raw[..end];
    }

    [GeneratedRegex(@"^(?:wa\.me/|api\.whatsapp\.com/send\?phone=)(?<digits>\d{7,15})\b", RegexOptions.CultureInvariant)]
    private static partial Regex ClickToChat();

    /// <summary>The pattern's matches, as a scan would find them (<see cref="AnchoredMatches"/>): every URL holds a '.'
    /// or a scheme's ':', and starts the run of <c>[\w@.-]</c> that reaches it.</summary>
    internal static IEnumerable<Match> Matches(string text)
    {
        var signs = new List<int>();
        for (var i = text.AsSpan().IndexOfAny('.', ':'); i >= 0; i = NextSign(text, i + 1)) signs.Add(i);
        var starts = new AnchoredMatches.BackWalk(text, InHostRun);
        return AnchoredMatches.Find(AnchoredPattern(), text, signs, (_, s) => starts.From(s));
    }

    private static int NextSign(string text, int from)
    {
        var i = text.AsSpan(from).IndexOfAny('.', ':');
        return i < 0 ? -1 : from + i;
    }

    /// <summary>The characters the pattern's look-behind excludes before a URL: <c>[\w@.-]</c>.</summary>
    private static bool InHostRun(char c) => AnchoredMatches.IsWordChar(c) || c is '@' or '.' or '-';

    internal const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    internal const string Pattern =
        @"(?<![\w@.-])(?:(?<scheme>https?://)[^\s<>""'\]\[{}|\\^`]+|(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w@-])(?:[/?#][^\s<>""'\]\[{}|\\^`]*)?)";

    [GeneratedRegex(@"\G" + Pattern, Options)]
    private static partial Regex AnchoredPattern();
}
