namespace Minerva.Ingest.Readers;

/// <summary>
/// A linear over-estimate of how deep a page's elements nest, read from its tags before the page is parsed. Elements
/// that close themselves (void elements) or whose end tag is optional (p, li, td …, closed implicitly by the next one)
/// do not count, nor does text inside comments, scripts and styles, so ordinary pages stay far below any limit.
/// </summary>
internal static class HtmlDepth
{
    private static readonly HashSet<string> Uncounted = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
        "rp", "rt", "html", "head", "body",
    };

    private static readonly string[] RawText = ["script", "style", "textarea", "title", "xmp", "noscript"];

    /// <summary>Whether the nesting of <paramref name="html"/> may exceed <paramref name="limit"/>.</summary>
    public static bool Exceeds(string html, int limit)
    {
        var depth = 0;
        var i = 0;
        var alternate = Uncounted.GetAlternateLookup<ReadOnlySpan<char>>();
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (close < 0) break;
                i = close + 3;
                continue;
            }
            var end = html[i + 1] == '/';
            var nameStart = i + (end ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-')) nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i++;
                continue;
            }
            var tagEnd = html.IndexOf('>', nameEnd);
            if (tagEnd < 0) break;
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            i = tagEnd + 1;
            if (!end && RawTextEnd(html, name, i) is var skip && skip >= 0)
            {
                i = skip;
                continue;
            }
            if (alternate.Contains(name)) continue;
            if (end) depth = Math.Max(0, depth - 1);
            else if (html[tagEnd - 1] != '/' && ++depth > limit) return true;
        }
        return false;
    }

    /// <summary>For a script, style or similar start tag, where its text ends (past its end tag); else -1.</summary>
    private static int RawTextEnd(string html, ReadOnlySpan<char> name, int from)
    {
        foreach (var raw in RawText)
        {
            if (!name.Equals(raw, StringComparison.OrdinalIgnoreCase)) continue;
            var close = html.IndexOf("</" + raw, from, StringComparison.OrdinalIgnoreCase);
            return close < 0 ? html.Length : close;
        }
        return -1;
    }
}
