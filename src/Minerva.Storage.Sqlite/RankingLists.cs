using System.Text;

namespace Minerva.Storage.Sqlite;

/// <summary>A record on a word's ranking list: the word's weighted count in it and the record's length in words.</summary>
internal readonly record struct Posting(long Record, int Freq, int Length);

/// <summary>
/// A word's ranking list as kept: the records where it weighs most. <paramref name="Bound"/> is the most the word can
/// weigh (<see cref="Bm25.Weight"/>, at <paramref name="AverageLength"/>) in any record with it that is not on the list;
/// 0 when the list holds every record with the word.
/// </summary>
internal sealed record RankingList(string Term, long Docs, double Bound, double AverageLength, IReadOnlyList<Posting> Postings)
{
    /// <summary>Whether every record with the word is on the list.</summary>
    public bool Complete => Bound == 0;
}

/// <summary>How many words get ranking lists and how long the lists are.</summary>
/// <param name="MinDocs">Words in fewer records are ranked by FTS5 directly, which is fast for them.</param>
/// <param name="Depth">Records kept per word.</param>
internal sealed record RankingSettings(int MinDocs = 2_000, int Depth = 1_000)
{
    public static RankingSettings Default { get; } = new();
}

/// <summary>Counts the words of a fixed set in a record's indexed columns (weighted by column), and its length in words.</summary>
internal sealed class WordCounter
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _index;
    private readonly int[] _freqs;
    private readonly List<int> _seen = [];
    private char[] _buffer = new char[1024];
    private char[] _decoded = new char[1024];

    public WordCounter(IReadOnlyList<string> terms)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < terms.Count; i++) index.TryAdd(terms[i], i);
        _index = index.GetAlternateLookup<ReadOnlySpan<char>>();
        _freqs = new int[terms.Count];
    }

    /// <summary>The words of the set found by the last <c>Count</c>, by position in the set.</summary>
    public IReadOnlyList<int> Seen => _seen;

    /// <summary>Weighted count of each word of the set in the last record counted (valid for <see cref="Seen"/>).</summary>
    public ReadOnlySpan<int> Freqs => _freqs;

    /// <summary>Counts one record; returns its length in words, as FTS5 counts it.</summary>
    public int Count(string? title, string? body, string? location)
    {
        Clear();
        return CountColumn(title, Bm25.Weights[0]) + CountColumn(body, Bm25.Weights[1]) + CountColumn(location, Bm25.Weights[2]);
    }

    /// <summary>Counts one record whose columns are UTF-8, as SQLite stores them; returns its length in words.</summary>
    public int Count(ReadOnlySpan<byte> title, ReadOnlySpan<byte> body, ReadOnlySpan<byte> location)
    {
        Clear();
        return CountColumn(title, Bm25.Weights[0]) + CountColumn(body, Bm25.Weights[1]) + CountColumn(location, Bm25.Weights[2]);
    }

    private void Clear()
    {
        foreach (var t in _seen) _freqs[t] = 0;
        _seen.Clear();
    }

    private int CountColumn(ReadOnlySpan<byte> utf8, int weight)
    {
        var most = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (_decoded.Length < most) _decoded = new char[most];
        return CountColumn(_decoded.AsSpan(0, Encoding.UTF8.GetChars(utf8, _decoded)), weight);
    }

    private int CountColumn(ReadOnlySpan<char> text, int weight)
    {
        if (text.IsEmpty) return 0;
        if (_buffer.Length < text.Length) _buffer = new char[text.Length];
        var reader = Unicode61.Read(text, _buffer);
        var words = 0;
        while (reader.Next(out var word))
        {
            words++;
            if (!_index.TryGetValue(word, out var t)) continue;
            if (_freqs[t] == 0) _seen.Add(t);
            _freqs[t] += weight;
        }
        return words;
    }
}

/// <summary>
/// Builds the ranking lists of chosen words from records streamed past once: a bounded heap per word keeps the records
/// where the word weighs most, and every record turned away raises the list's bound.
/// </summary>
internal sealed class RankingListBuilder
{
    private readonly string[] _terms;
    private readonly WordCounter _counter;
    private readonly BestOf<Posting>[] _best;
    private readonly double[] _bounds;
    private readonly long[] _docs;
    private readonly double _averageLength;

    /// <param name="terms">The words to list.</param>
    /// <param name="depth">Records kept per word.</param>
    /// <param name="averageLength">Average record length in words, as FTS5 computes it.</param>
    public RankingListBuilder(IReadOnlyCollection<string> terms, int depth, double averageLength)
    {
        _terms = [.. terms];
        _counter = new WordCounter(_terms);
        _best = [.. _terms.Select(_ => new BestOf<Posting>(depth))];
        _bounds = new double[_terms.Length];
        _docs = new long[_terms.Length];
        _averageLength = averageLength;
    }

    /// <summary>Takes in one record's indexed columns, in UTF-8.</summary>
    public void Add(long id, ReadOnlySpan<byte> title, ReadOnlySpan<byte> body, ReadOnlySpan<byte> location)
    {
        var length = _counter.Count(title, body, location);
        foreach (var t in _counter.Seen)
        {
            _docs[t]++;
            Offer(t, new Posting(id, _counter.Freqs[t], length));
        }
    }

    /// <summary>The lists. A word whose record count differs from <paramref name="indexDocs"/> (the index's own count) is
    /// left out: our reading of the text would not be the index's, and its ranking could not be trusted.</summary>
    public IEnumerable<RankingList> Lists(IReadOnlyDictionary<string, long> indexDocs)
    {
        for (var t = 0; t < _terms.Length; t++)
        {
            if (indexDocs[_terms[t]] != _docs[t]) continue;
            var postings = _best[t].Items.Select(x => x.Item).OrderBy(p => p.Record).ToList();
            yield return new RankingList(_terms[t], _docs[t], _bounds[t], _averageLength, postings);
        }
    }

    private void Offer(int t, Posting posting)
    {
        var weight = Bm25.Weight(posting.Freq, posting.Length, _averageLength);
        if (_best[t].Offer(posting, weight, posting.Record) is { } turnedAway) _bounds[t] = Math.Max(_bounds[t], turnedAway);
    }
}
