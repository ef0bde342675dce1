namespace Minerva.Storage.Sqlite;

/// <summary>
/// The best records for words that all have ranking lists, with exactly the scores and order FTS5's bm25() gives,
/// without reading every match. Records on any list are candidates; a record on some lists but not others is read
/// (its text tokenised) only while it could still make the top. Any record on no list scores at most the sum of the
/// lists' bounds, so the answer stands only if the last of the top beats that; otherwise there is no answer (null)
/// and the caller ranks through FTS5. Order: score, then record id.
/// </summary>
internal static class TopRanking
{
    // Scores summed in another order differ in the last bits; bounds are widened by this much so that never matters.
    private const double Slack = 1e-9;

    /// <summary>What a record holds of each phrase (weighted counts, 0 when absent) and its length in words; null if gone.</summary>
    public delegate (int[] Freqs, int Length)? Reader(long record);

    /// <param name="phrases">The query's words in order (a repeated word is a phrase of its own, as in FTS5).</param>
    /// <param name="idfs">Each phrase's idf.</param>
    /// <param name="limit">Records wanted.</param>
    /// <param name="averageLength">The index's average record length now.</param>
    /// <param name="read">Reads a record's counts of the phrases.</param>
    /// <param name="maxReads">Records read at most before giving up (null).</param>
    public static List<(long Record, double Score)>? Top(IReadOnlyList<RankingList> phrases, IReadOnlyList<double> idfs, int limit,
        double averageLength, Reader read, int maxReads)
    {
        var bounds = phrases.Select((p, i) => p.Complete ? (double?)null : idfs[i] * p.Bound * Math.Max(1.0, averageLength / p.AverageLength) * (1 + Slack)).ToList();
        var candidates = Candidates(phrases);
        var ordered = new List<(Candidate Candidate, double Upper)>();
        foreach (var c in candidates.Values)
        {
            var upper = 0.0;
            var possible = true;
            for (var p = 0; p < phrases.Count && possible; p++)
            {
                if (c.Freqs[p] > 0) upper += Bm25.Part(idfs[p], c.Freqs[p], c.Length, averageLength);
                else if (bounds[p] is { } bound) upper += bound;
                else possible = false; // the list has every record with the word, and this one is not on it
            }
            if (possible) ordered.Add((c, upper * (1 + Slack)));
        }
        ordered.Sort((a, b) => b.Upper.CompareTo(a.Upper));
        var top = new BestOf<long>(limit);
        var reads = 0;
        foreach (var (c, upper) in ordered)
        {
            if (top.Full && upper < top.Worst) break;
            if (c.Freqs.Any(f => f == 0))
            {
                if (++reads > maxReads) return null;
                if (read(c.Record) is not { } counts || counts.Freqs.Any(f => f == 0)) continue;
                c.Freqs = counts.Freqs;
                c.Length = counts.Length;
            }
            top.Offer(c.Record, Score(c, idfs, averageLength), c.Record);
        }
        // Records on no list score at most the sum of the bounds; none can match if a list holds every record with its word.
        if (bounds.All(b => b is not null) && (!top.Full || bounds.Sum(b => b!.Value) >= top.Worst)) return null;
        return [.. top.Items.OrderByDescending(x => x.Score).ThenBy(x => x.Item)];
    }

    private static Dictionary<long, Candidate> Candidates(IReadOnlyList<RankingList> phrases)
    {
        var candidates = new Dictionary<long, Candidate>();
        for (var p = 0; p < phrases.Count; p++)
        {
            foreach (var posting in phrases[p].Postings)
            {
                if (!candidates.TryGetValue(posting.Record, out var c))
                    candidates[posting.Record] = c = new Candidate(posting.Record, new int[phrases.Count], posting.Length);
                c.Freqs[p] = posting.Freq;
            }
        }
        return candidates;
    }

    /// <summary>The score as fts5_aux.c sums it: phrase by phrase, in query order.</summary>
    private static double Score(Candidate c, IReadOnlyList<double> idfs, double averageLength)
    {
        var score = 0.0;
        for (var p = 0; p < idfs.Count; p++) score += Bm25.Part(idfs[p], c.Freqs[p], c.Length, averageLength);
        return score;
    }

    private sealed class Candidate(long record, int[] freqs, int length)
    {
        public long Record { get; } = record;
        public int[] Freqs { get; set; } = freqs;
        public int Length { get; set; } = length;
    }
}
