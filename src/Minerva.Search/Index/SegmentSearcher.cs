using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Minerva.Search;

/// <summary>
/// A searcher that searches the index's segments in parallel — its top-k searches through Lucene's own slices, a
/// collector of ours (facets) one per segment — and, for a query that matches few documents, the same reader searched
/// on the calling thread, where handing segments to the pool costs more than it saves.
/// </summary>
internal sealed class SegmentSearcher : IndexSearcher
{
    /// <summary>Documents the query's terms may match below which it is searched on one thread: scoring 20,000 documents
    /// takes well under a millisecond, about what handing 13 segments to the pool and merging their hits costs. On 1M ads a
    /// phrase of two words in 40 % of them took 43 ms p50 on one thread and 22–33 in parallel (README, Search).</summary>
    internal const long DefaultParallelFrom = 20_000;

    private readonly Func<long> _parallelFrom;

    /// <param name="reader">The index as committed.</param>
    /// <param name="similarity">The ranking.</param>
    /// <param name="parallelFrom">The documents from which a query is searched in parallel, read at every search (tests set it
    /// to 0 or to the largest number, to compare the two ways on one index).</param>
    public SegmentSearcher(IndexReader reader, Similarity similarity, Func<long> parallelFrom) : base(reader, TaskScheduler.Default)
    {
        Similarity = similarity;
        Serial = new IndexSearcher(reader) { Similarity = similarity };
        _parallelFrom = parallelFrom;
    }

    /// <summary>The same reader, searched on the calling thread.</summary>
    public IndexSearcher Serial { get; }

    /// <summary>This searcher, or <see cref="Serial"/> when the query's terms are in fewer than <see cref="DefaultParallelFrom"/>
    /// documents together. The query is one already rewritten (<see cref="IndexSearcher.Rewrite"/>): a prefix or fuzzy term
    /// only names its terms then, and the search that runs it finds nothing left to rewrite.</summary>
    public IndexSearcher For(Query rewritten)
    {
        var from = _parallelFrom();
        if (from <= 0) return this;
        var terms = new HashSet<Term>();
        try
        {
            rewritten.ExtractTerms(terms);
        }
        catch (NotSupportedException)
        {
            return this; // a query that cannot name its terms: assume it is costly
        }
        long documents = 0;
        foreach (var term in terms)
            if ((documents += IndexReader.DocFreq(term)) >= from) return this;
        return Serial;
    }

    /// <summary>Runs <paramref name="query"/> on every segment in parallel, each into a collector of its own.</summary>
    public IReadOnlyList<T> CollectEach<T>(Query query, Func<T> create) where T : ICollector
    {
        var weight = CreateNormalizedWeight(query);
        var leaves = IndexReader.Leaves;
        var collectors = new T[leaves.Count];
        Parallel.For(0, leaves.Count, i =>
        {
            collectors[i] = create();
            Search([leaves[i]], weight, collectors[i]);
        });
        return collectors;
    }
}
