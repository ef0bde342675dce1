using Minerva.Search;
using Minerva.Storage;

namespace Minerva.Benchmarks;

/// <summary>
/// Ranking quality on the generator's truth: 50 known-item queries, each the three rarest words of one network's
/// first ad (words in at least two records, so never a typo of that ad alone), whose relevant answers are the same
/// network's other ads — ads written from its template. Prints mean reciprocal rank and recall@20; the ad the query
/// came from is not counted. Calls only <see cref="Searcher.Search"/>, so the same file scores any search engine.
/// </summary>
internal static class RelevanceBenchmark
{
    public static void Run(IWorkspace workspace, Searcher searcher, string corpus)
    {
        var cluster = File.ReadLines(Path.Combine(Path.GetDirectoryName(corpus)!, "truth.csv")).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var first = new Dictionary<string, (string Key, string Text)>(StringComparer.Ordinal);
        var size = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in workspace.ScanRecords(null, withPayload: false))
        {
            var text = $"{r.Record.Title} {r.Record.Text}";
            foreach (var word in QueryBenchmark.Words(text).Distinct(StringComparer.Ordinal)) frequency[word] = frequency.GetValueOrDefault(word) + 1;
            if (!cluster.TryGetValue(r.Record.Key.ToString(), out var c)) continue;
            size[c] = size.GetValueOrDefault(c) + 1;
            first.TryAdd(c, (r.Record.Key.ToString(), text));
        }
        var chosen = size.Where(s => s.Value >= 5).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        chosen = Enumerable.Range(0, Math.Min(50, chosen.Count)).Select(i => chosen[i * chosen.Count / Math.Min(50, chosen.Count)]).ToList();
        double reciprocal = 0, recall = 0;
        foreach (var c in chosen)
        {
            var (key, text) = first[c];
            var words = QueryBenchmark.Words(text).Distinct(StringComparer.Ordinal)
                .Where(w => w.Length >= 3 && w.All(char.IsLetter) && frequency[w] >= 2)
                .OrderBy(w => frequency[w]).ThenBy(w => w, StringComparer.Ordinal).Take(3).ToList();
            var hits = searcher.Search(string.Join(' ', words), new SearchOptions(Limit: 21))
                .Select(h => h.Record.Key.ToString()).Where(k => k != key).Take(20).ToList();
            var rank = hits.FindIndex(k => cluster.GetValueOrDefault(k) == c);
            reciprocal += rank < 0 ? 0 : 1.0 / (rank + 1);
            recall += hits.Count(k => cluster.GetValueOrDefault(k) == c) / (double)Math.Min(20, size[c] - 1);
        }
        Console.WriteLine($"relevance: {chosen.Count} known-item queries (three rarest words of a network's first ad): " +
                          $"MRR {reciprocal / chosen.Count:N3}, recall@20 {recall / chosen.Count:N3}");
    }
}
