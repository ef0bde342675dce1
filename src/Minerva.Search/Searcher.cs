using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Minerva.Core;
using Minerva.Search.Analysis;
using Minerva.Storage;

namespace Minerva.Search;

/// <summary>A query that cannot be run; the message says which term and why.</summary>
public sealed class QueryException(string message) : Exception(message);

/// <summary>How to search.</summary>
/// <param name="Region">Region for reading national phone numbers in <c>phone:</c> terms.</param>
/// <param name="Fuzzy">Match every plain word fuzzily, as if written <c>word~</c>.</param>
/// <param name="Limit">Most hits.</param>
/// <param name="Offset">Hits skipped first (paging: the next page starts where this one ends).</param>
/// <param name="Facets">Also count every matching record by source, country, place, selector kind and month.</param>
public sealed record SearchOptions(string? Region = null, bool Fuzzy = false, int Limit = 20, int Offset = 0, bool Facets = false);

/// <summary>A page of results.</summary>
/// <param name="Hits">This page's hits, best (or newest) first.</param>
/// <param name="Total">How many records match in all.</param>
/// <param name="Facets">The facet counts of every match, when asked for.</param>
public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, int Total, FacetCounts? Facets);

/// <summary>Filters that narrow a search besides its own terms (the web UI's and the CLI's options).</summary>
/// <param name="Source">Only this source.</param>
/// <param name="From">Observed at or after.</param>
/// <param name="To">Observed before.</param>
/// <param name="Location">Location has these words, or the country is this code.</param>
public sealed record RecordFilter(string? Source = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Location = null)
{
    /// <summary>No filter.</summary>
    public static RecordFilter None { get; } = new();

    /// <summary>The filter as query terms.</summary>
    internal IEnumerable<QueryNode> Nodes()
    {
        if (Source is not null) yield return new KeywordNode(Fields.Source, Source);
        if (From is not null || To is not null) yield return new TimeNode(From, To);
        if (Location is not null) yield return new LocationNode(Location);
    }
}

/// <summary>
/// Runs queries on a workspace's index: ranked by BM25 (higher is better) when they have words, newest first when they
/// only filter (selectors, sources, places, times); hits are read from the store with a snippet from Lucene's highlighter.
/// </summary>
public sealed class Searcher(IWorkspace workspace, RecordIndex index)
{
    /// <summary>Runs <paramref name="query"/> (see <see cref="QueryParser"/>).</summary>
    /// <exception cref="QueryException">The query is empty or a term cannot be read.</exception>
    public IReadOnlyList<SearchHit> Search(string query, SearchOptions options, RecordFilter? filter = null) => Page(query, options, filter).Hits;

    /// <summary>Runs <paramref name="query"/> for one page of hits, with how many match and, when asked, their facets.</summary>
    /// <exception cref="QueryException">The query is empty or a term cannot be read.</exception>
    public SearchPage Page(string query, SearchOptions options, RecordFilter? filter = null)
    {
        var node = QueryParser.Parse(query, options.Region);
        var filters = (filter ?? RecordFilter.None).Nodes().ToList();
        if (node is null && filters.Count == 0)
            throw new QueryException("empty query: give words, a phrase in quotes, or a selector such as phone:+15551234567");
        var whole = node is null ? new AndNode(filters) : filters.Count == 0 ? node : new AndNode([node, .. filters]);
        var ranked = LuceneQueries.Ranks(whole);
        var (found, total, facets) = index.Search(searcher =>
        {
            // Rewritten once (fuzzy and prefix terms expanded over the index) for the choice of searcher and the searches alike.
            var lucene = searcher.Rewrite(LuceneQueries.Build(whole, options.Fuzzy, searcher.IndexReader));
            var wanted = options.Offset + options.Limit;
            // The searcher searches the index's segments in parallel, but for a query matching few documents (SegmentSearcher).
            var segments = (SegmentSearcher)searcher;
            var chosen = segments.For(lucene);
            var docs = ranked ? chosen.Search(lucene, wanted) : chosen.Search(lucene, null, wanted, NewestFirst);
            var hits = docs.ScoreDocs.Skip(options.Offset).Select(d => (Id: RecordIndex.IdOf(searcher, d.Doc), Score: ranked ? (double)d.Score : 0.0)).ToList();
            // Facets count every match, each segment into a counter of its own, added up after.
            var facets = !options.Facets ? null
                : chosen == segments ? FacetCollector.Sum(segments.CollectEach(lucene, () => new FacetCollector()))
                : FacetCollector.Sum([Collected(chosen, lucene, new FacetCollector())]);
            return (hits, docs.TotalHits, facets);
        });
        return new SearchPage(Hits(found, new Snippets(node, options.Fuzzy)), total, facets);
    }

    /// <summary>
    /// Records written like <paramref name="key"/>'s (the same template, the same phrasing): Lucene's more-like-this over
    /// its most telling words and stems, ranked, the record itself left out.
    /// </summary>
    /// <exception cref="QueryException">There is no such record, or it has no text to compare.</exception>
    public IReadOnlyList<SearchHit> Like(RecordKey key, SearchOptions options, RecordFilter? filter = null)
    {
        var stored = workspace.GetRecord(key) ?? throw new QueryException($"no record {key} in this workspace");
        var id = workspace.RecordId(key)!.Value;
        var text = string.Join('\n', new[] { stored.Record.Title, stored.Record.Text }.Where(t => !string.IsNullOrWhiteSpace(t)));
        if (text.Length == 0) throw new QueryException($"{key} has no text to compare");
        var filters = (filter ?? RecordFilter.None).Nodes().ToList();
        var found = index.Search(searcher =>
        {
            var like = new MoreLikeThis(searcher.IndexReader)
            {
                // Words and stems alike.
                Analyzer = RecordAnalyzers.ForDocument(Languages.Detect(text)),
                FieldNames = [Fields.Text],
                MinTermFreq = 1,
                MinDocFreq = 2, // a word no other record has cannot find one
                MaxQueryTerms = 40,
                ApplyBoost = true,
            };
            var query = new BooleanQuery(disableCoord: true)
            {
                { like.Like(new StringReader(text), Fields.Text), Occur.MUST },
                { new TermQuery(RecordDocuments.IdTerm(id)), Occur.MUST_NOT },
            };
            if (filters.Count > 0) query.Add(LuceneQueries.Build(new AndNode(filters), fuzzy: false), Occur.MUST);
            return searcher.Search(query, options.Limit).ScoreDocs.Select(d => (Id: RecordIndex.IdOf(searcher, d.Doc), Score: (double)d.Score)).ToList();
        });
        return Hits(found, new Snippets(null, fuzzy: false));
    }

    private static T Collected<T>(IndexSearcher searcher, Query query, T collector) where T : ICollector
    {
        searcher.Search(query, collector);
        return collector;
    }

    private static readonly Sort NewestFirst = new(new SortField(Fields.Observed, SortFieldType.INT64, reverse: true),
        new SortField(Fields.RecordId, SortFieldType.INT64));

    private List<SearchHit> Hits(List<(long Id, double Score)> found, Snippets snippets)
    {
        var texts = workspace.GetTexts(found.Select(f => f.Id).ToList()).ToDictionary(t => t.Id);
        var hits = new List<SearchHit>(found.Count);
        foreach (var (id, score) in found)
        {
            // An id the store no longer has (the index is caught up on the next open) is left out.
            if (texts.TryGetValue(id, out var text)) hits.Add(new SearchHit(text.Summary, score, snippets.Of(text)));
        }
        return hits;
    }
}
