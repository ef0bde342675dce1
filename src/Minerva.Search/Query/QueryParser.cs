using System.Globalization;
using System.Text;
using Minerva.Core;
using Minerva.Extraction.Emails;
using Minerva.Extraction.Handles;
using Minerva.Extraction.Phones;
using Minerva.Extraction.Urls;
using Minerva.Extraction.Wallets;

namespace Minerva.Search;

/// <summary>
/// Parses what an investigator types: <c>lily "new in town" phone:713-555-0142 source:citypulse from:2024-05-01</c>, with
/// <c>OR</c>, <c>NOT</c> (or <c>-word</c>), <c>AND</c> (implied between terms), parentheses, <c>a NEAR b</c> or
/// <c>a NEAR/3 b</c>, prefixes (<c>mass*</c>), fuzzy words (<c>masage~</c>, <c>masage~1</c>), sloppy phrases
/// (<c>"new town"~2</c>) and field scopes (<c>title:</c>, <c>author:</c>, <c>country:</c>, <c>lang:</c>). Operators are
/// written in capitals, as in Lucene and web search: a lower-case "or" is a word. Selector terms are normalised exactly
/// as extraction normalises text, so <c>phone:713.555.O142</c> finds +17135550142.
/// </summary>
public static class QueryParser
{
    /// <summary>Words (and phrases) one query may hold.</summary>
    public const int MaxWords = 64;

    /// <summary>Prefix and fuzzy terms one query may hold: each expands over the index's vocabulary.</summary>
    public const int MaxPrefixes = 8;

    /// <summary>Words apart that <c>NEAR</c> allows when it names no number.</summary>
    public const int DefaultNear = 10;

    /// <summary>Parses a query; null when it holds nothing to search for.</summary>
    /// <exception cref="QueryException">A term cannot be read (a phone that is not a number, a bad date), or the operators
    /// do not fit (an unclosed parenthesis, OR with nothing after it).</exception>
    public static QueryNode? Parse(string query, string? region)
    {
        var parser = new Parser(Tokens(query).ToList(), region);
        var node = parser.Or();
        if (parser.More) throw new QueryException(parser.Peek.Kind == TokenKind.Close ? "a ')' has no '(' before it" : $"unexpected '{parser.Peek.Text}'");
        var words = Count(node, n => n is WordNode or PhraseNode);
        if (words > MaxWords)
            throw new QueryException($"the query has {words:N0} words; at most {MaxWords} are searched together (look for many selectors by phone:, email: … terms instead)");
        var expanding = Count(node, n => n is WordNode { Prefix: true } or WordNode { Fuzzy: true });
        if (expanding > MaxPrefixes) // each expands over the vocabulary: 20,000 of them took 91 s
            throw new QueryException($"the query has {expanding:N0} prefix or fuzzy terms (word*, word~); at most {MaxPrefixes} are searched together");
        return node;
    }

    /// <summary>The normalised value of a selector term.</summary>
    /// <exception cref="QueryException">The value is not a valid selector of that kind.</exception>
    public static string Normalise(SelectorKind kind, string value, string? region)
    {
        var normalised = kind switch
        {
            SelectorKind.Phone => NormalisePhone(value, region),
            SelectorKind.Email => EmailExtractor.NormaliseExplicit(value),
            // "handle:name" matches the name on any platform (the platform is left off).
            SelectorKind.Handle => value.Contains('/', StringComparison.Ordinal)
                ? HandleExtractor.NormaliseExplicit(value[(value.IndexOf('/', StringComparison.Ordinal) + 1)..], value[..value.IndexOf('/', StringComparison.Ordinal)])
                : HandleExtractor.NormaliseExplicit(value, AnyPlatform) is { } any ? any[(any.IndexOf('/', StringComparison.Ordinal) + 1)..] : null,
            SelectorKind.Wallet => WalletExtractor.Validate(value),
            SelectorKind.Url => UrlNormaliser.TryNormalise(value, out var url, out _) ? url : null,
            SelectorKind.Domain => UrlNormaliser.TryNormalise(value, out _, out var host) ? Minerva.Extraction.Domains.PublicSuffixes.Registrable(host) : null,
            _ => value.ToLowerInvariant(),
        };
        return normalised ?? throw new QueryException($"'{value}' is not a valid {kind.Name()}{(kind == SelectorKind.Phone && region is null ? " (for a national number, give --region)" : "")}");
    }

    /// <summary>Platform given to a handle typed without one, only to normalise its name.</summary>
    private const string AnyPlatform = "*";

    private static int Count(QueryNode? node, Func<QueryNode, bool> counted) => node switch
    {
        null => 0,
        AndNode a => a.Parts.Sum(p => Count(p, counted)),
        OrNode o => o.Parts.Sum(p => Count(p, counted)),
        NotNode n => Count(n.Part, counted),
        NearNode n => Count(n.Left, counted) + Count(n.Right, counted),
        _ => counted(node) ? 1 : 0,
    };

    private static string Example(string prefix) => prefix switch
    {
        "source" => "citypulse",
        "location" or "in" => "Houston",
        "from" or "to" => "2024-05-01",
        "phone" => "+15551234567",
        "email" => "name@example.com",
        "country" => "NL",
        "lang" => "german",
        "has" => "phone",
        _ => "VALUE",
    };

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

    private enum TokenKind { Term, Phrase, Open, Close, And, Or, Not, Near }

    /// <param name="Kind">What the token is.</param>
    /// <param name="Text">The term or phrase (for a phrase, without its quotes), or the operator as written.</param>
    /// <param name="Number">A phrase's slop (<c>"…"~N</c>), NEAR's distance.</param>
    private readonly record struct Token(TokenKind Kind, string Text, int Number = 0);

    /// <summary>
    /// Splits on spaces outside double quotes. A '(' starting a term and a ')' ending one that it did not open are
    /// grouping, so <c>(lily OR mia)</c> groups while <c>phone:(713)555-0142</c> stays one term.
    /// </summary>
    private static IEnumerable<Token> Tokens(string query)
    {
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c == '(')
            {
                i++;
                yield return new Token(TokenKind.Open, "(");
                continue;
            }
            if (c == ')')
            {
                i++;
                yield return new Token(TokenKind.Close, ")");
                continue;
            }
            if (c == '"')
            {
                var end = query.IndexOf('"', i + 1);
                var text = end < 0 ? query[(i + 1)..] : query[(i + 1)..end];
                i = end < 0 ? query.Length : end + 1;
                var slop = 0;
                if (i < query.Length && query[i] == '~')
                {
                    var digits = i + 1;
                    while (digits < query.Length && char.IsAsciiDigit(query[digits])) digits++;
                    slop = digits > i + 1 ? int.Parse(query[(i + 1)..digits], CultureInfo.InvariantCulture) : 2;
                    i = digits;
                }
                yield return new Token(TokenKind.Phrase, text, slop);
                continue;
            }
            var term = new StringBuilder();
            var depth = 0;
            var quoted = false;
            for (; i < query.Length; i++)
            {
                var t = query[i];
                if (t == '"') quoted = !quoted; // field:"a phrase"
                else if (!quoted && char.IsWhiteSpace(t)) break;
                else if (!quoted && t == '(') depth++;
                else if (!quoted && t == ')')
                {
                    if (depth == 0) break;
                    depth--;
                }
                term.Append(t);
            }
            var word = term.ToString();
            yield return word switch
            {
                "AND" => new Token(TokenKind.And, word),
                "OR" => new Token(TokenKind.Or, word),
                "NOT" => new Token(TokenKind.Not, word),
                "NEAR" => new Token(TokenKind.Near, word, DefaultNear),
                _ when word.StartsWith("NEAR/", StringComparison.Ordinal) && int.TryParse(word[5..], CultureInfo.InvariantCulture, out var n) && n >= 0 =>
                    new Token(TokenKind.Near, word, n),
                _ => new Token(TokenKind.Term, word),
            };
        }
    }

    /// <summary>Recursive descent: Or := And (OR And)*; And := Unary (AND? Unary)*; Unary := NOT Unary | -Near | Near;
    /// Near := Primary (NEAR Primary)*; Primary := ( Or ) | term | phrase.</summary>
    private sealed class Parser(List<Token> tokens, string? region)
    {
        private int _at;

        public bool More => _at < tokens.Count;

        public Token Peek => tokens[_at];

        public QueryNode? Or()
        {
            var parts = new List<QueryNode>();
            var first = And();
            if (first is not null) parts.Add(first);
            while (More && Peek.Kind == TokenKind.Or)
            {
                _at++;
                if (parts.Count == 0) throw new QueryException("OR needs a term before it");
                var next = And() ?? throw new QueryException("OR needs a term after it");
                parts.Add(next);
            }
            return parts.Count switch { 0 => null, 1 => parts[0], _ => new OrNode(parts) };
        }

        private QueryNode? And()
        {
            var parts = new List<QueryNode>();
            while (More && Peek.Kind is not (TokenKind.Or or TokenKind.Close))
            {
                if (Peek.Kind == TokenKind.And)
                {
                    _at++;
                    if (parts.Count == 0 || !More || Peek.Kind is TokenKind.Or or TokenKind.Close or TokenKind.And)
                        throw new QueryException("AND needs a term on each side");
                    continue;
                }
                if (Unary() is { } part) parts.Add(part);
            }
            return parts.Count switch { 0 => null, 1 => parts[0], _ => new AndNode(parts) };
        }

        private QueryNode? Unary()
        {
            if (Peek.Kind == TokenKind.Not)
            {
                _at++;
                if (!More || Peek.Kind is TokenKind.Or or TokenKind.Close or TokenKind.And) throw new QueryException("NOT needs a term after it");
                return Unary() is { } part ? new NotNode(part) : null;
            }
            if (Peek is { Kind: TokenKind.Term, Text: ['-', _, ..] } minus)
            {
                tokens[_at] = minus with { Text = minus.Text[1..] };
                return Near() is { } part ? new NotNode(part) : null;
            }
            return Near();
        }

        private QueryNode? Near()
        {
            var left = Primary();
            while (More && Peek.Kind == TokenKind.Near)
            {
                var distance = Peek.Number;
                _at++;
                if (!More) throw new QueryException("NEAR needs a word or phrase after it");
                var right = Primary();
                if (!IsText(left) || !IsText(right))
                    throw new QueryException("NEAR joins two words or phrases of the text (not selectors, filters, fields or groups)");
                left = new NearNode(left, right, distance);
            }
            return left;
        }

        private static bool IsText([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] QueryNode? node) => node is WordNode { Field: null } or PhraseNode { Field: null };

        private QueryNode? Primary()
        {
            var token = tokens[_at++];
            switch (token.Kind)
            {
                case TokenKind.Open:
                    var inner = Or();
                    if (!More || Peek.Kind != TokenKind.Close) throw new QueryException("a '(' is not closed");
                    _at++;
                    return inner;
                case TokenKind.Phrase:
                    return token.Text.Trim().Length == 0 ? null : new PhraseNode(token.Text, Slop: token.Number);
                case TokenKind.Term:
                    return Term(token.Text);
                case TokenKind.Close:
                    throw new QueryException("a ')' has no '(' before it");
                default:
                    throw new QueryException($"{token.Text} needs a term before it");
            }
        }

        private QueryNode? Term(string token)
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            var prefix = colon > 0 ? token[..colon].ToLowerInvariant() : "";
            var value = colon > 0 ? token[(colon + 1)..] : token;
            var unquoted = value.Trim('"');
            var known = prefix is "source" or "location" or "in" or "from" or "to" or "title" or "author" or "country" or "lang" or "has"
                        || SelectorKinds.TryParse(prefix, out _);
            if (!known) return Word(token, null);
            // "location:" alone once filtered nothing and so returned every record.
            if (unquoted.Length == 0) throw new QueryException($"'{token}' needs a value, e.g. {prefix}:{Example(prefix)}");
            switch (prefix)
            {
                case "source": return new KeywordNode(Fields.Source, unquoted);
                case "country": return new KeywordNode(Fields.Country, unquoted.ToUpperInvariant());
                case "has":
                    return SelectorKinds.TryParse(unquoted, out var held)
                        ? new KeywordNode(Fields.Has, held.Name())
                        : throw new QueryException($"'{token}': selector kinds are {string.Join(", ", Enum.GetValues<SelectorKind>().Select(k => k.Name()))}");
                case "lang":
                    return Enum.TryParse<Analysis.Language>(unquoted, ignoreCase: true, out var language) && Enum.IsDefined(language)
                        ? new KeywordNode(Fields.Language, language.ToString().ToLowerInvariant())
                        : throw new QueryException($"'{token}': languages are {string.Join(", ", Enum.GetNames<Analysis.Language>().Select(n => n.ToLowerInvariant()))}");
                case "location" or "in": return new LocationNode(unquoted);
                case "from": return new TimeNode(Date(token, unquoted), null);
                case "to": return new TimeNode(null, Date(token, unquoted));
                case "title": return value.StartsWith('"') ? new PhraseNode(unquoted, Fields.Title) : Word(unquoted, Fields.Title);
                case "author": return value.StartsWith('"') ? new PhraseNode(unquoted, Fields.Author) : Word(unquoted, Fields.Author);
                default:
                    SelectorKinds.TryParse(prefix, out var kind);
                    return new SelectorNode(kind, Normalise(kind, unquoted, region));
            }
        }

        private static WordNode? Word(string text, string? field)
        {
            if (text.Length > 1 && text.EndsWith('*')) return new WordNode(text[..^1], field, Prefix: true);
            var tilde = text.LastIndexOf('~');
            if (tilde > 0 && (tilde == text.Length - 1 || text[(tilde + 1)..].All(char.IsAsciiDigit)))
            {
                var edits = tilde == text.Length - 1 ? (int?)null : Math.Clamp(int.Parse(text[(tilde + 1)..], CultureInfo.InvariantCulture), 0, 2);
                return new WordNode(text[..tilde], field, Edits: edits);
            }
            return text.Trim('"').Length == 0 ? null : new WordNode(text.Trim('"'), field);
        }
    }
}
