using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Icu;
using Lucene.Net.Analysis.TokenAttributes;
using Minerva.Search.Analysis;
using Minerva.Storage;

namespace Minerva.Search;

/// <summary>
/// Snippets of hits: the passage of a record's text with most of the words the query matched — as written, by stem,
/// by prefix or by a fuzzy spelling, decided word by word as the query matched them — each marked. Our own, not
/// Lucene's highlighter: measured on 1M generated ads, its span scoring took 0.5 ms per hit and its term scoring (over
/// words marked as here) 0.42 ms, 8 of a rare word's 11 ms for 20 hits, where finding the matched words' offsets and the
/// window holding most of them takes a tokenisation. One instance per search; the analyzers are made once per language
/// and read the search's words from the thread that analyses.
/// </summary>
internal sealed class Snippets(QueryNode? query, bool fuzzy)
{
    /// <summary>Characters of text a snippet shows.</summary>
    public const int Length = 160;

    /// <summary>Characters shown before the first marked word when the passage does not start the text.</summary>
    private const int Lead = 24;

    /// <summary>The term a matched word is given.</summary>
    private const string Hit = "\u0002";

    private const string Field = "h";

    private readonly List<QueryNode> _terms = query is null ? [] : Positive(query).ToList();
    private readonly Dictionary<Language, WordMatches> _byLanguage = [];

    /// <summary>The words the analysing thread marks now.</summary>
    [ThreadStatic]
    private static WordMatches? _marking;

    private static readonly Dictionary<Language, Analyzer> Analyzers = Enum.GetValues<Language>().ToDictionary(l => l, language =>
        Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = RecordAnalyzers.Tokenizer(reader);
            return new TokenStreamComponents(tokenizer, new MarkFilter(new ICUFoldingFilter(tokenizer), Languages.Stemmer(language)));
        }));

    /// <summary>The passage of the record's text with the most matched words, marked; the text's start when nothing
    /// matched there (the match was in the title or location, or the search only filtered).</summary>
    public string Of(RecordText record)
    {
        var text = record.Text ?? record.Summary.Title ?? "";
        var hits = _terms.Count > 0 && text.Length > 0 ? Matched(text) : [];
        if (hits.Count == 0) return text.Length <= Length ? text : text[..Length] + "…";
        // The window of Length characters that holds most matched words, starting at one of them.
        int best = 0, most = 0;
        for (int first = 0, last = 0; first < hits.Count; first++)
        {
            while (last < hits.Count && hits[last].End <= hits[first].Start + Length - Lead) last++;
            if (last - first > most) (best, most) = (first, last - first);
        }
        var start = Math.Max(0, hits[best].Start - Lead);
        if (start > 0 && text.IndexOf(' ', start, hits[best].Start - start) is var space and >= 0) start = space + 1;
        var end = Math.Min(text.Length, start + Length);
        if (end < text.Length && text.LastIndexOf(' ', end - 1, end - hits[best].End) is var cut and > 0) end = cut;
        var snippet = new System.Text.StringBuilder(end - start + 2 * most + 2);
        if (start > 0) snippet.Append('…');
        var at = start;
        foreach (var (hitStart, hitEnd) in hits)
        {
            if (hitStart < start || hitEnd > end) continue;
            snippet.Append(text, at, hitStart - at).Append(Highlight.Open).Append(text, hitStart, hitEnd - hitStart).Append(Highlight.Close);
            at = hitEnd;
        }
        snippet.Append(text, at, end - at);
        if (end < text.Length) snippet.Append('…');
        return snippet.ToString();
    }

    /// <summary>Where the matched words of <paramref name="text"/> are.</summary>
    private List<(int Start, int End)> Matched(string text)
    {
        var language = Languages.Detect(text);
        if (!_byLanguage.TryGetValue(language, out var matches)) _byLanguage[language] = matches = new WordMatches(language, _terms, fuzzy);
        var found = new List<(int, int)>();
        _marking = matches;
        try
        {
            using var stream = Analyzers[language].GetTokenStream(Field, text);
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
                if (term.Length == 1 && term.Buffer[0] == Hit[0]) found.Add((offset.StartOffset, offset.EndOffset));
            stream.End();
        }
        finally
        {
            _marking = null;
        }
        return found;
    }

    private static IEnumerable<QueryNode> Positive(QueryNode node) => node switch
    {
        AndNode a => a.Parts.SelectMany(Positive),
        OrNode o => o.Parts.SelectMany(Positive),
        NearNode n => Positive(n.Left).Concat(Positive(n.Right)),
        WordNode { Field: null } or PhraseNode { Field: null } => [node],
        _ => [],
    };

    /// <summary>What makes a word of the text one the query matched, in one language.</summary>
    private sealed class WordMatches
    {
        private readonly HashSet<string> _words = new(StringComparer.Ordinal);
        private readonly HashSet<string> _stems = new(StringComparer.Ordinal);
        private readonly List<string> _prefixes = [];
        private readonly List<(string Word, int Edits)> _fuzzy = [];

        public WordMatches(Language language, IEnumerable<QueryNode> terms, bool fuzzy)
        {
            foreach (var term in terms)
            {
                switch (term)
                {
                    case WordNode { Prefix: true } w:
                        _prefixes.AddRange(LuceneQueries.Folded(w.Text));
                        break;
                    case WordNode w when w.Fuzzy || fuzzy:
                        foreach (var word in LuceneQueries.Folded(w.Text)) _fuzzy.Add((word, LuceneQueries.FuzzyEdits(word, w.Fuzzy ? w.Edits : null)));
                        break;
                    case WordNode w:
                        foreach (var word in LuceneQueries.Folded(w.Text))
                        {
                            _words.Add(word);
                            _stems.Add(LuceneQueries.Stem(language, word));
                        }
                        break;
                    case PhraseNode p:
                        _words.UnionWith(LuceneQueries.Folded(p.Text));
                        break;
                    case NearNode:
                        break; // its parts are listed on their own
                }
            }
        }

        public bool Match(ReadOnlySpan<char> word, Func<string> stem)
        {
            var lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.Contains(word)) return true;
            foreach (var prefix in _prefixes)
                if (word.StartsWith(prefix, StringComparison.Ordinal)) return true;
            foreach (var (target, edits) in _fuzzy)
                if (word.Length > 0 && target.Length > 0 && word[0] == target[0] && Distance(word, target, edits) <= edits) return true;
            return _stems.Count > 0 && _stems.Contains(stem());
        }

        /// <summary>Damerau–Levenshtein distance (adjacent transpositions count one), as FuzzyQuery counts; stops above
        /// <paramref name="most"/>.</summary>
        private static int Distance(ReadOnlySpan<char> a, string b, int most)
        {
            if (Math.Abs(a.Length - b.Length) > most) return most + 1;
            var rows = new int[3, b.Length + 1];
            for (var j = 0; j <= b.Length; j++) rows[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                int r = i % 3, p = (i - 1) % 3, q = (i + 1) % 3; // q: the row two back
                rows[r, 0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var d = Math.Min(Math.Min(rows[p, j] + 1, rows[r, j - 1] + 1), rows[p, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.Min(d, rows[q, j - 2] + 1);
                    rows[r, j] = d;
                }
            }
            return rows[a.Length % 3, b.Length];
        }
    }

    /// <summary>Gives each word the thread's search matched the term <see cref="Hit"/>; other words keep theirs.</summary>
    private sealed class MarkFilter : TokenFilter
    {
        private readonly WordStemmer? _stemmer;
        private readonly ICharTermAttribute _term;
        private char[] _work = new char[32];

        public MarkFilter(TokenStream input, WordStemmer? stemmer) : base(input)
        {
            _stemmer = stemmer;
            _term = AddAttribute<ICharTermAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            if (_marking?.Match(_term.Buffer.AsSpan(0, _term.Length), Stem) == true) _term.SetEmpty().Append(Hit);
            return true;
        }

        private string Stem()
        {
            if (_stemmer is null) return new string(_term.Buffer, 0, _term.Length);
            if (_work.Length < _term.Length) _work = new char[_term.Length * 2];
            Array.Copy(_term.Buffer, _work, _term.Length);
            return new string(_stemmer.Stem(_work, _term.Length));
        }
    }
}
