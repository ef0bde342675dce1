using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Spans;
using Minerva.Core;
using Minerva.Search.Analysis;

namespace Minerva.Search;

/// <summary>
/// Turns a parsed query into a Lucene query. A plain word searches <see cref="Fields.Text"/> for itself and for its stem
/// in every stemmed language, marked and unmarked (a record is stemmed in its own language, so "massages" finds an
/// English "massage" and a German "Massagen" alike; a record holding the word as written scores higher). A phrase, and a
/// word in quotes, are the words exactly. Selectors, sources, places and times filter without scoring.
/// </summary>
internal static class LuceneQueries
{
    /// <summary>The query for <paramref name="node"/>; <paramref name="fuzzy"/> makes every plain word fuzzy. Given the
    /// <paramref name="reader"/> it runs on, a word's forms that no record holds are left out of it: a disjunction costs
    /// more per match than one term (measured on 1M generated ads, top 20, the lookups included: "catch" 21.0 → 14.0 ms,
    /// "travel" 15.0 → 6.6 ms).</summary>
    /// <exception cref="QueryException">A term holds nothing to search for.</exception>
    public static Query Build(QueryNode node, bool fuzzy, IndexReader? reader = null) =>
        Of(node, new Context(fuzzy, reader)) ?? throw new QueryException("nothing to search for: the words hold no letters or digits");

    private sealed record Context(bool Fuzzy, IndexReader? Reader);

    /// <summary>Whether <paramref name="node"/> ranks anything (else hits are listed newest first).</summary>
    public static bool Ranks(QueryNode node) => node switch
    {
        WordNode or PhraseNode or NearNode => true,
        AndNode a => a.Parts.Any(Ranks),
        OrNode o => o.Parts.Any(Ranks),
        _ => false,
    };

    private static Query? Of(QueryNode node, Context c) => node switch
    {
        WordNode w => Word(w, c),
        PhraseNode p => Phrase(p),
        NearNode n => Near(n),
        SelectorNode s => Filter(Selector(s)),
        KeywordNode k => Filter(Key(k.Field, k.Value)),
        LocationNode l => Filter(Location(l.Text)),
        // From the per-document times: no terms to index for them (measured: a numeric field cost more per record than all of
        // a record's selectors), and a range over 1M documents' values takes milliseconds.
        TimeNode t => new ConstantScoreQuery(FieldCacheRangeFilter.NewInt64Range(Fields.Observed, t.From?.ToUnixTimeSeconds(), t.To?.ToUnixTimeSeconds(), true, false)) { Boost = 0 },
        AndNode a => And(a.Parts, c),
        OrNode o => Or(o.Parts, c),
        NotNode n => And([n], c),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "unknown query node"),
    };

    private static Query? And(IReadOnlyList<QueryNode> parts, Context c)
    {
        var query = new BooleanQuery(disableCoord: true);
        var positive = false;
        foreach (var part in parts)
        {
            var negated = part is NotNode;
            if (Of(negated ? ((NotNode)part).Part : part, c) is not { } q) continue;
            query.Add(q, negated ? Occur.MUST_NOT : Occur.MUST);
            positive |= !negated;
        }
        if (query.Clauses.Count == 0) return null;
        if (!positive) query.Add(new MatchAllDocsQuery { Boost = 0 }, Occur.MUST); // "NOT x" alone: everything else
        return query;
    }

    private static Query? Or(IReadOnlyList<QueryNode> parts, Context c)
    {
        var query = new BooleanQuery(disableCoord: true);
        foreach (var part in parts)
            if (Of(part, c) is { } q) query.Add(q, Occur.SHOULD);
        return query.Clauses.Count > 0 ? query : null;
    }

    private static Query? Word(WordNode w, Context c)
    {
        if (w.Prefix)
        {
            return Folded(w.Text) is [var prefix]
                ? w.Field is null ? new PrefixQuery(new Term(Fields.Text, prefix)) : new PrefixQuery(Key(w.Field, prefix).Term)
                : throw new QueryException($"'{w.Text}*': a prefix is one word");
        }
        if (w.Fuzzy || c.Fuzzy && w.Field is null)
        {
            var words = Folded(w.Text);
            var edits = w.Fuzzy ? w.Edits : null; // --fuzzy: by length
            if (words is [var one]) return w.Field is null ? Fuzzy(Fields.Text, one, edits, 1) : Fuzzy(Fields.Keys, Fields.Key(w.Field, one), edits, w.Field.Length + 2);
            if (words.Count == 0) return null;
        }
        if (w.Field is not null) return Scoped(w.Field, Folded(w.Text));
        var written = Folded(w.Text);
        if (written.Count != 1) return Exact(Fields.Text, written); // "24/7", "e-mail": the words in a row
        // The word, and each language's stem of it both as a word (a record holding "relax" for "relaxing") and as a
        // marked stem (a record holding "relaxed", whose stem "relax" is marked there).
        var forms = new SortedSet<string>(StringComparer.Ordinal) { written[0] };
        foreach (var language in Languages.Stemmed)
        {
            var stem = Stem(language, written[0]);
            forms.Add(stem);
            forms.Add(StemCompanionFilter.StemMark + stem);
        }
        var terms = forms.Select(f => new Term(Fields.Text, f)).ToList();
        if (c.Reader is { } reader && terms.Where(t => reader.DocFreq(t) > 0).ToList() is { Count: > 0 } held) terms = held;
        if (terms.Count == 1) return new TermQuery(terms[0]);
        var any = new BooleanQuery(disableCoord: true);
        foreach (var term in terms) any.Add(new TermQuery(term), Occur.SHOULD);
        return any;
    }

    /// <summary>Fuzzy by Levenshtein distance (transpositions count one): by default none up to 2 letters, 1 up to 5,
    /// else 2, as Elasticsearch's AUTO does; the first letter must match, which keeps the expansion small (measured).</summary>
    private static FuzzyQuery Fuzzy(string field, string word, int? edits, int prefixLength) =>
        new(new Term(field, word), FuzzyEdits(word[(prefixLength - 1)..], edits), prefixLength, maxExpansions: 50, transpositions: true);

    /// <summary>The edits a fuzzy word allows: as given, else by its length.</summary>
    public static int FuzzyEdits(string word, int? edits) => edits ?? (word.Length <= 2 ? 0 : word.Length <= 5 ? 1 : 2);

    /// <summary>The stem of a folded word in <paramref name="language"/> (the word itself when it has no stemmer).</summary>
    public static string Stem(Language language, string word) =>
        Languages.Stemmer(language) is { } stemmer ? new string(stemmer.Stem(word.ToCharArray(), word.Length)) : word;

    private static Query? Phrase(PhraseNode p)
    {
        var words = Folded(p.Text);
        if (words.Count == 0) return null;
        return p.Field is null ? Exact(Fields.Text, words, p.Slop) : Scoped(p.Field, words, p.Slop);
    }

    private static Query Near(NearNode n) =>
        new SpanNearQuery([Span(n.Left), Span(n.Right)], n.Distance, inOrder: false);

    private static SpanQuery Span(QueryNode node)
    {
        switch (node)
        {
            case WordNode { Prefix: true } w when Folded(w.Text) is [var prefix]:
                return new SpanMultiTermQueryWrapper<PrefixQuery>(new PrefixQuery(new Term(Fields.Text, prefix)));
            case WordNode { Fuzzy: true } w when Folded(w.Text) is [var word]:
                return new SpanMultiTermQueryWrapper<FuzzyQuery>(Fuzzy(Fields.Text, word, w.Edits, 1));
            default:
                var text = node is WordNode word2 ? word2.Text : ((PhraseNode)node).Text;
                var words = Folded(text);
                if (words.Count == 0) throw new QueryException($"'{text}' holds no word to search for");
                if (words.Count == 1) return new SpanTermQuery(new Term(Fields.Text, words[0]));
                return new SpanNearQuery(words.Select(t => (SpanQuery)new SpanTermQuery(new Term(Fields.Text, t))).ToArray(), 0, inOrder: true);
        }
    }

    private static Query Exact(string field, IReadOnlyList<string> words, int slop = 0)
    {
        if (words.Count == 1) return new TermQuery(new Term(field, words[0]));
        var phrase = new PhraseQuery { Slop = slop };
        foreach (var word in words) phrase.Add(new Term(field, word));
        return phrase;
    }

    private static Query Selector(SelectorNode s) =>
        s.Kind == SelectorKind.Handle && !s.Value.Contains('/', StringComparison.Ordinal)
            ? Key(Fields.HandleName, s.Value)
            : Key(Fields.Selector(s.Kind), s.Value);

    private static TermQuery Key(string kind, string value) => new(new Term(Fields.Keys, Fields.Key(kind, value)));

    /// <summary>Words of a scoped field (title, location, author): its terms in <see cref="Fields.Keys"/>, in a row.</summary>
    private static Query Scoped(string kind, IReadOnlyList<string> words, int slop = 0) =>
        Exact(Fields.Keys, words.Select(w => Fields.Key(kind, w)).ToList(), slop);

    private static Query Location(string text)
    {
        var any = new BooleanQuery(disableCoord: true);
        var words = Folded(text);
        if (words.Count > 0) any.Add(Scoped(Fields.Location, words), Occur.SHOULD);
        if (text.Length == 2 && text.All(char.IsAsciiLetter)) any.Add(Key(Fields.Country, text.ToUpperInvariant()), Occur.SHOULD);
        return any.Clauses.Count > 0 ? any : throw new QueryException($"location:{text} holds no place name to search for");
    }

    /// <summary>A filter: must match, adds nothing to the score.</summary>
    private static Query Filter(Query query) => new ConstantScoreQuery(query) { Boost = 0 };

    /// <summary>The folded words of <paramref name="text"/>, as the exact fields hold them.</summary>
    public static IReadOnlyList<string> Folded(string text) => Analyse(RecordAnalyzers.Exact, text);

    private static List<string> Analyse(Analyzer analyzer, string text)
    {
        var words = new List<string>();
        using var stream = analyzer.GetTokenStream(Fields.Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) words.Add(term.ToString());
        stream.End();
        return words;
    }
}
