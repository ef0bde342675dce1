namespace Minerva.Storage.Sqlite;

/// <summary>
/// FTS5's bm25() with the column weights records_fts is ranked by, written the way fts5_aux.c computes it (same
/// operations in the same order), so a score computed from the ranking lists equals the one the index gives.
/// </summary>
internal static class Bm25
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>Weights of title, body and location (records_fts's column order). Changing them invalidates stored
    /// ranking lists (their counts are weighted): that needs a migration that marks every record for re-reading.</summary>
    public static ReadOnlySpan<int> Weights => [4, 1, 2];

    /// <summary>The same weights as bm25() arguments ("4.0, 1.0, 2.0"), so search and the lists cannot disagree.</summary>
    public static string WeightArguments { get; } = string.Join(", ", Weights.ToArray().Select(w => $"{w}.0"));

    /// <summary>FTS5's inverse document frequency; a word in more than half the rows counts for almost nothing.</summary>
    public static double Idf(long rows, long docs)
    {
        var idf = Math.Log((rows - docs + 0.5) / (docs + 0.5));
        return idf <= 0.0 ? 1e-6 : idf;
    }

    /// <summary>One phrase's part of a record's score.</summary>
    public static double Part(double idf, double freq, double length, double averageLength) =>
        idf * (freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * length / averageLength));

    /// <summary>A phrase's part before its idf: the order of records within one word's list.</summary>
    public static double Weight(double freq, double length, double averageLength) => Part(1.0, freq, length, averageLength);
}
