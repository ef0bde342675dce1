using System.Text;
using FuzzySharp;
using Minerva.Storage;

namespace Minerva.Search;

/// <summary>Runs parsed queries against a workspace: BM25 full text, selector lookups, or fuzzy trigram search.</summary>
public sealed class Searcher(IWorkspace workspace)
{
    private const int FuzzyCandidates = 300;
    private const int FuzzyThreshold = 70;

    /// <summary>Runs <paramref name="query"/>.</summary>
    /// <exception cref="QueryException">The query is empty or a term cannot be read.</exception>
    public IReadOnlyList<SearchHit> Search(string query, SearchOptions options, RecordFilter? filter = null)
    {
        var parsed = QueryParser.Parse(query, options.Region, filter);
        if (parsed.IsEmpty) throw new QueryException("empty query: give words, a phrase in quotes, or a selector such as phone:+15551234567");
        if (options.Fuzzy && parsed.Terms.Count > 0) return Fuzzy(parsed, options.Limit);
        return workspace.Search(new TextQuery(parsed.Terms, parsed.Filter, options.Limit));
    }

    /// <summary>
    /// Trigram candidates re-ranked by how well each query word matches its closest word in the record
    /// (FuzzySharp ratio, 0–100, averaged over the query's words); weak matches are dropped.
    /// </summary>
    private List<SearchHit> Fuzzy(ParsedQuery parsed, int limit)
    {
        var words = parsed.Terms.SelectMany(Words).Select(w => w.ToLowerInvariant()).Distinct().ToList();
        var hits = new List<SearchHit>();
        foreach (var candidate in workspace.TrigramCandidates(words, parsed.Filter, FuzzyCandidates))
        {
            var textWords = Words(candidate.Text).ToList();
            var best = words.Select(q => textWords.Select(t => (Word: t, Score: Fuzz.Ratio(q, t.ToLowerInvariant())))
                .DefaultIfEmpty((Word: "", Score: 0)).MaxBy(m => m.Score)).ToList();
            var score = best.Average(b => b.Score);
            if (score < FuzzyThreshold) continue;
            hits.Add(new SearchHit(candidate.Record, score, Snippet(candidate.Text, best.Select(b => b.Word).ToHashSet())));
        }
        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.Record.Key.ToString(), StringComparer.Ordinal).Take(limit).ToList();
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c) || c is '.' or '_' or '@') { word.Append(c); continue; }
            if (word.Length > 0) yield return word.ToString().Trim('.');
            word.Clear();
        }
    }

    /// <summary>About 30 words around the first matched word, matched words highlighted.</summary>
    private static string Snippet(string text, HashSet<string> matched)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var first = Array.FindIndex(tokens, t => matched.Contains(t.Trim('.', ',', '!', '?', ':', ';')));
        var from = Math.Max(0, first - 10);
        var window = tokens.Skip(from).Take(30).Select(t =>
            matched.Contains(t.Trim('.', ',', '!', '?', ':', ';')) ? $"{Highlight.Open}{t}{Highlight.Close}" : t);
        return (from > 0 ? "…" : "") + string.Join(' ', window) + (from + 30 < tokens.Length ? "…" : "");
    }
}
