using System.Globalization;
using System.Text;
using Minerva.Core;
using Minerva.Extraction.Emails;
using Minerva.Extraction.Handles;
using Minerva.Extraction.Phones;
using Minerva.Extraction.Urls;
using Minerva.Extraction.Wallets;
using Minerva.Storage;

namespace Minerva.Search;

/// <summary>
/// Parses <c>lily "new in town" phone:(713) 555-0142 source:citypulse from:2024-05-01</c>. Selector terms are
/// normalised exactly as extraction normalises text, so <c>phone:713.555.O142</c> finds +17135550142.
/// </summary>
public static class QueryParser
{
    /// <summary>Parses a query.</summary>
    /// <exception cref="QueryException">A term cannot be read (a phone that is not a number, a bad date).</exception>
    public static ParsedQuery Parse(string query, string? region, RecordFilter? defaults = null)
    {
        var filter = defaults ?? RecordFilter.None;
        var terms = new List<string>();
        var selectors = new List<(SelectorKind, string)>(filter.Selectors ?? []);
        foreach (var token in Tokens(query))
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            var prefix = colon > 0 ? token[..colon].ToLowerInvariant() : "";
            var value = colon > 0 ? token[(colon + 1)..].Trim('"') : token;
            // "location:" alone once filtered nothing and so returned every record.
            if (value.Length == 0 && (prefix is "source" or "location" or "in" or "from" or "to" || SelectorKinds.TryParse(prefix, out _)))
                throw new QueryException($"'{token}' needs a value, e.g. {prefix}:{Example(prefix)}");
            switch (prefix)
            {
                case "source": filter = filter with { Source = value }; break;
                case "location" or "in": filter = filter with { Location = value }; break;
                case "from": filter = filter with { From = Date(token, value) }; break;
                case "to": filter = filter with { To = Date(token, value) }; break;
                default:
                    if (SelectorKinds.TryParse(prefix, out var kind) && value.Length > 0) selectors.Add((kind, Normalise(kind, value, region)));
                    else if (token.Trim('"').Length > 0) terms.Add(token.Trim('"'));
                    break;
            }
        }
        if (terms.Count > MaxWords)
            throw new QueryException($"the query has {terms.Count:N0} words; at most {MaxWords} are searched together (look for many selectors by phone:, email: … terms instead)");
        var prefixes = terms.Count(t => t.EndsWith('*'));
        if (prefixes > MaxPrefixes) // each expands over the vocabulary: 20,000 of them took 91 s
            throw new QueryException($"the query has {prefixes:N0} prefix terms (word*); at most {MaxPrefixes} are searched together");
        return new ParsedQuery(terms, filter with { Selectors = selectors.Count > 0 ? selectors : null });
    }

    /// <summary>Words (and phrases) one query may hold.</summary>
    public const int MaxWords = 64;

    /// <summary>Prefix terms one query may hold.</summary>
    public const int MaxPrefixes = 8;

    private static string Example(string prefix) => prefix switch
    {
        "source" => "citypulse",
        "location" or "in" => "Houston",
        "from" or "to" => "2024-05-01",
        "phone" => "+15551234567",
        "email" => "name@example.com",
        _ => "VALUE",
    };

    /// <summary>The normalised value of a selector term.</summary>
    /// <exception cref="QueryException">The value is not a valid selector of that kind.</exception>
    public static string Normalise(SelectorKind kind, string value, string? region)
    {
        var normalised = kind switch
        {
            SelectorKind.Phone => NormalisePhone(value, region),
            SelectorKind.Email => EmailExtractor.NormaliseExplicit(value),
            // "handle:name" matches the name on any platform.
            SelectorKind.Handle => value.Contains('/', StringComparison.Ordinal)
                ? HandleExtractor.NormaliseExplicit(value[(value.IndexOf('/', StringComparison.Ordinal) + 1)..], value[..value.IndexOf('/', StringComparison.Ordinal)])
                : HandleExtractor.NormaliseExplicit(value, RecordFilter.AnyPlatform),
            SelectorKind.Wallet => WalletExtractor.Validate(value),
            SelectorKind.Url => UrlNormaliser.TryNormalise(value, out var url, out _) ? url : null,
            SelectorKind.Domain => UrlNormaliser.TryNormalise(value, out _, out var host) ? Minerva.Extraction.Domains.PublicSuffixes.Registrable(host) : null,
            _ => value.ToLowerInvariant(),
        };
        return normalised ?? throw new QueryException($"'{value}' is not a valid {kind.Name()}{(kind == SelectorKind.Phone && region is null ? " (for a national number, give --region)" : "")}");
    }

    private static string? NormalisePhone(string value, string? region)
    {
        var found = new List<Selector>();
        PhoneExtractor.Extract(value.Trim(), region, RecordField.Explicit, found);
        return found.Count > 0 ? found[0].Value : null;
    }

    private static DateTimeOffset Date(string token, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw new QueryException($"'{token}': expected a date such as 2024-05-01 or 2024-05-01T12:00:00Z");

    /// <summary>Splits on spaces outside double quotes; a prefix term takes the rest of its quoted value.</summary>
    private static IEnumerable<string> Tokens(string query)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in query)
        {
            if (c == '"') quoted = !quoted;
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0) yield return current.ToString();
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
