using System.Collections.Concurrent;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// How many of the records resolved use each word of a field, for TF-IDF cosine comparisons: a word's weight is
/// ln((N + 1) / (n + 1)) + 1, so a word on every record still counts a little and an unseen word counts most. Saved
/// with the model, so an incremental run and an explanation weigh words as the full run did.
/// </summary>
/// <param name="Documents">N, records with a value in the field.</param>
/// <param name="Frequencies">n per word.</param>
public sealed record FieldVocabulary(long Documents, IReadOnlyDictionary<string, int> Frequencies)
{
    /// <summary>Counts the words of each value (one per record; the values are already case-folded).</summary>
    internal static FieldVocabulary Measure(IEnumerable<string?> values)
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        long documents = 0;
        foreach (var value in values)
        {
            if (value is null) continue;
            documents++;
            foreach (var word in Words(value).Distinct(StringComparer.Ordinal)) frequencies[word] = frequencies.GetValueOrDefault(word) + 1;
        }
        return new FieldVocabulary(documents, frequencies);
    }

    /// <summary>The words of a value: runs of letters and digits.</summary>
    internal static IEnumerable<string> Words(string value)
    {
        for (var i = 0; i < value.Length;)
        {
            while (i < value.Length && !char.IsLetterOrDigit(value[i])) i++;
            var start = i;
            while (i < value.Length && char.IsLetterOrDigit(value[i])) i++;
            if (i > start) yield return value[start..i];
        }
    }

    internal double Weight(string word) => Math.Log((Documents + 1.0) / (Frequencies.GetValueOrDefault(word) + 1.0)) + 1;
}

/// <summary>TF-IDF vectors of field values (cached per distinct value) and their cosine similarity. Thread-safe.</summary>
internal sealed class TfidfCosine(FieldVocabulary vocabulary)
{
    private readonly ConcurrentDictionary<string, (string[] Words, double[] Weights, double Norm)> _vectors = new(StringComparer.Ordinal);

    public double Similarity(string a, string b)
    {
        var (x, y) = (Vector(a), Vector(b));
        if (x.Norm == 0 || y.Norm == 0) return 0;
        double dot = 0;
        for (int i = 0, j = 0; i < x.Words.Length && j < y.Words.Length;)
        {
            var order = string.CompareOrdinal(x.Words[i], y.Words[j]);
            if (order == 0) dot += x.Weights[i++] * y.Weights[j++];
            else if (order < 0) i++;
            else j++;
        }
        return Math.Min(1, dot / (x.Norm * y.Norm));
    }

    private (string[] Words, double[] Weights, double Norm) Vector(string value) => _vectors.GetOrAdd(value, v =>
    {
        // Term frequency counts repeated words (sublinear: 1 + ln tf); words sorted for a merge-join.
        var counts = FieldVocabulary.Words(v).GroupBy(w => w, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var words = counts.Select(g => g.Key).ToArray();
        var weights = counts.Select(g => (1 + Math.Log(g.Count())) * vocabulary.Weight(g.Key)).ToArray();
        return (words, weights, Math.Sqrt(weights.Sum(w => w * w)));
    });
}
