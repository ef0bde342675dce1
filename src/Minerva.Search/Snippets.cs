using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Icu;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Minerva.Search.Analysis;
using Minerva.Storage;

namespace Minerva.Search;

/// <summary>
/// Snippets of hits, marked by Lucene's highlighter. Which words to mark is decided here, word by word, as the query
/// matched them (the word as written, its stem, a prefix, a fuzzy spelling), and the highlighter only fragments and
/// marks: its own span scoring took 0.5 ms per hit (10 of a common word's 15 ms on 100,000 ads), and its term scoring
/// cannot mark prefixes or fuzzy spellings. One instance per search.
/// </summary>
internal sealed class Snippets(QueryNode? query, bool fuzzy)
{
    /// <summary>Characters of text a snippet shows.</summary>
    public const int Length = 160;

    /// <summary>The term a matched word is given, the only one the highlighter is asked to mark.</summary>
    private const string Hit = "\u0002";

    private const string Field = "h";

    private readonly List<QueryNode> _terms = query is null ? [] : Positive(query).ToList();
    private readonly Dictionary<Language, (Analyzer Analyzer, Highlighter Highlighter)?> _byLanguage = [];

    /// <summary>The passage of the record's text with the most matched words, marked; the text's start when nothing
    /// matched there (the match was in the title or location, or the search only filtered).</summary>
    public string Of(RecordText record)
    {
        var text = record.Text ?? record.Summary.Title ?? "";
        if (_terms.Count > 0 && text.Length > 0 && For(Languages.Detect(text)) is var (analyzer, highlighter))
        {
            var fragment = highlighter.GetBestFragment(analyzer.GetTokenStream(Field, text), text);
            if (!string.IsNullOrEmpty(fragment)) return fragment.Trim();
        }
        return text.Length <= Length ? text : text[..Length] + "…";
    }

    private (Analyzer, Highlighter)? For(Language language)
    {
        if (_byLanguage.TryGetValue(language, out var made)) return made;
        var matches = new WordMatches(language, _terms, fuzzy);
        var analyzer = Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new StandardTokenizer(RecordAnalyzers.Version, reader) { MaxTokenLength = 64 };
            return new TokenStreamComponents(tokenizer, new MarkFilter(new ICUFoldingFilter(tokenizer), matches, Languages.Stemmer(language)));
        });
        var highlighter = new Highlighter(new SimpleHTMLFormatter(Highlight.Open.ToString(), Highlight.Close.ToString()), new DefaultEncoder(),
            new QueryTermScorer(new TermQuery(new Term(Field, Hit)), Field))
        {
            TextFragmenter = new SimpleFragmenter(Length),
            MaxDocCharsToAnalyze = 64 * 1024,
        };
        return _byLanguage[language] = (analyzer, highlighter);
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

    /// <summary>Gives each matched word the term <see cref="Hit"/>; other words keep theirs.</summary>
    private sealed class MarkFilter : TokenFilter
    {
        private readonly WordMatches _matches;
        private readonly WordStemmer? _stemmer;
        private readonly ICharTermAttribute _term;
        private char[] _work = new char[32];

        public MarkFilter(TokenStream input, WordMatches matches, WordStemmer? stemmer) : base(input)
        {
            _matches = matches;
            _stemmer = stemmer;
            _term = AddAttribute<ICharTermAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            if (_matches.Match(_term.Buffer.AsSpan(0, _term.Length), Stem)) _term.SetEmpty().Append(Hit);
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
