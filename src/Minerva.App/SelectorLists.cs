using Minerva.Core;
using Minerva.Search;

namespace Minerva.App;

/// <summary>A list of selectors to look up: which of them the workspace holds, and where.</summary>
/// <param name="Lines">The list's lines: <c>kind:value</c> (<c>phone:+15551234567</c>, <c>email:…</c>, <c>handle:platform/name</c>,
/// <c>wallet:…</c>, <c>url:…</c>, <c>domain:…</c>), or a bare phone number, email address or URL; blank lines and lines starting
/// with <c>#</c> are skipped.</param>
/// <param name="Region">Region for national phone numbers.</param>
/// <param name="Examples">Records shown per selector found, newest first (1–100).</param>
public sealed record SelectorListRequest(IReadOnlyList<string> Lines, string? Region = null, int Examples = 5);

/// <summary>What a list of selectors found. Every selector line is in exactly one of the three lists.</summary>
/// <param name="Found">Selectors held by at least one record, most records first.</param>
/// <param name="NotFound">Selectors no record holds, in the list's order.</param>
/// <param name="Unreadable">Lines that are not a selector, with the reason.</param>
public sealed record SelectorListResponse(IReadOnlyList<SelectorFound> Found, IReadOnlyList<SelectorLine> NotFound, IReadOnlyList<UnreadableLine> Unreadable);

/// <summary>A selector of the list, as read.</summary>
/// <param name="Line">Its line in the list (from 1).</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Value">Its normalised value.</param>
public sealed record SelectorLine(int Line, string Kind, string Value);

/// <summary>A selector the workspace holds.</summary>
/// <param name="Selector">The selector as read.</param>
/// <param name="Records">How many records hold it.</param>
/// <param name="Entities">The entities of the newest <see cref="SelectorLists.EntitySample"/> records holding it.</param>
/// <param name="Newest">When the newest record holding it was observed.</param>
/// <param name="Oldest">When the oldest of those records was observed (of all of them when there are no more than the sample).</param>
/// <param name="Examples">Its newest records.</param>
public sealed record SelectorFound(SelectorLine Selector, long Records, IReadOnlyList<long> Entities, DateTimeOffset? Newest, DateTimeOffset? Oldest,
    IReadOnlyList<SearchResult> Examples);

/// <summary>A line of the list that is not a selector.</summary>
/// <param name="Line">Its number (from 1).</param>
/// <param name="Text">The line (at most 200 characters of it).</param>
/// <param name="Reason">Why it could not be read.</param>
public sealed record UnreadableLine(int Line, string Text, string Reason);

/// <summary>Reads lists of selectors.</summary>
public static class SelectorLists
{
    /// <summary>Most selector lines in one list.</summary>
    public const int MaxSelectors = 100_000;

    /// <summary>Records per selector whose entities are listed (a hub held by thousands is not walked whole).</summary>
    public const int EntitySample = 200;

    /// <summary>Reads one line: a selector, null for a blank or comment line, or the reason it cannot be read.</summary>
    public static (SelectorKind Kind, string Value)? Read(string line, string? region, out string? reason)
    {
        reason = null;
        var text = line.Trim();
        if (text.Length == 0 || text.StartsWith('#')) return null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        SelectorKind kind;
        string value;
        if (colon > 0 && SelectorKinds.TryParse(text[..colon], out kind)) value = text[(colon + 1)..].Trim();
        else if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                 || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) (kind, value) = (SelectorKind.Url, text);
        else if (text.Contains('@', StringComparison.Ordinal) && !text.Contains(' ', StringComparison.Ordinal)) (kind, value) = (SelectorKind.Email, text);
        else if (text.Count(char.IsAsciiDigit) >= 7 && text.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '.' or '(' or ')')) (kind, value) = (SelectorKind.Phone, text);
        else
        {
            reason = colon > 0 ? $"'{text[..colon]}' is not a selector kind (phone, email, handle, wallet, url, domain, …)"
                : "say which kind it is, e.g. phone:+15551234567, email:name@example.com, handle:instagram/name";
            return null;
        }
        if (value.Length == 0)
        {
            reason = $"no value after '{kind.Name()}:'";
            return null;
        }
        if (kind == SelectorKind.Handle && !value.Contains('/', StringComparison.Ordinal))
        {
            reason = $"give the platform: handle:instagram/{value}";
            return null;
        }
        try
        {
            return (kind, QueryParser.Normalise(kind, value, region));
        }
        catch (QueryException e)
        {
            reason = e.Message;
            return null;
        }
    }
}
