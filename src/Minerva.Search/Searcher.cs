using FuzzySharp;
using Minerva.Storage;

namespace Minerva.Search;

/// <summary>Runs parsed queries against a workspace: BM25 full text, selector lookups, or fuzzy search.</summary>
public sealed class Searcher(IWorkspace workspace)
{
    private const int SimilarTermCandidates = 64;
    private const int MaxSpellings = 12;

    /// <summary>Least FuzzySharp ratio (0–100) for an indexed word to stand in for a query word.</summary>
    public const int FuzzyThreshold = 75;

    /// <summary>Runs <paramref name="query"/>.</summary>
    /// <exception cref="QueryException">The query is empty or a term cannot be read.</exception>
    public IReadOnlyList<SearchHit> Search(string query, SearchOptions options, RecordFilter? filter = null)
    {
        var parsed = QueryParser.Parse(query, options.Region, filter);
        if (parsed.IsEmpty) throw new QueryException("empty query: give words, a phrase in quotes, or a selector such as phone:+15551234567");
        var terms = options.Fuzzy
            ? parsed.Terms.Select(Spellings).ToList()
            : parsed.Terms.Select(t => (IReadOnlyList<string>)[t]).ToList();
        return workspace.Search(new TextQuery(terms, parsed.Filter, options.Limit));
    }

    /// <summary>
    /// The spellings of a word found in the index that are close to it: candidates share character trigrams
    /// (trigram index over the vocabulary), and are kept when their FuzzySharp ratio reaches the threshold.
    /// Phrases and prefixes are searched as written.
    /// </summary>
    public IReadOnlyList<string> Spellings(string word)
    {
        if (word.Contains(' ', StringComparison.Ordinal) || word.EndsWith('*') || word.Length < 3) return [word];
        var lower = word.ToLowerInvariant();
        return workspace.SimilarTerms(lower, SimilarTermCandidates)
            .Select(t => (Term: t, Score: Fuzz.Ratio(lower, t)))
            .Where(t => t.Score >= FuzzyThreshold)
            .OrderByDescending(t => t.Score).ThenBy(t => t.Term, StringComparer.Ordinal)
            .Select(t => t.Term).Prepend(lower).Distinct(StringComparer.Ordinal).Take(MaxSpellings).ToList();
    }
}
