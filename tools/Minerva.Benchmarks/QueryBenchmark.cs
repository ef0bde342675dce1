using System.Diagnostics;
using Minerva.Core;
using Minerva.Search;
using Minerva.Storage;

namespace Minerva.Benchmarks;

/// <summary>
/// Latency percentiles of the searches an investigator runs, by kind (the rows of issue 22's table), on a filled
/// workspace. The words are chosen from the records themselves by document frequency, so the same file measures any
/// search engine on any corpus; it calls only <see cref="Searcher.Search"/> and the selector lookup, but for the last rows
/// (facets and a deep page, <see cref="Searcher.Page"/>).
/// </summary>
internal static class QueryBenchmark
{
    private static readonly string[] Phrases = ["\"hotel friendly\"", "\"new in town\"", "\"easy parking\"", "\"long day at work\"", "\"no time wasters\""];

    public static void Run(IWorkspace workspace, Func<IWorkspace, Searcher> searcherOf)
    {
        var (phones, common, rare) = Sample(workspace);
        var searcher = searcherOf(workspace);
        Console.WriteLine($"  query words from the records: common {string.Join(", ", common.Take(5))} …; rare {string.Join(", ", rare.Take(5))} …");
        Report("selector lookup (index path)", 500, i => workspace.FindBySelector(SelectorKind.Phone, phones[i % phones.Count], 100));
        Report("search phone:… (what 'minerva search' runs)", 300, i => searcher.Search($"phone:{phones[i % phones.Count]}", new SearchOptions()));
        Report("one common word, top 20", 300, i => searcher.Search(common[i % common.Count], new SearchOptions()));
        Report("one rare word", 300, i => searcher.Search(rare[i % rare.Count], new SearchOptions()));
        Report("phrase", 100, i => searcher.Search(Phrases[i % Phrases.Length], new SearchOptions()));
        Report("two words, top 20", 200, i => searcher.Search($"{common[i % common.Count]} {common[(i * 7 + 3) % common.Count]}", new SearchOptions()));
        Report("fuzzy (a letter dropped)", 100, i => searcher.Search(Misspell(common[i % common.Count]), new SearchOptions(Fuzzy: true)));
        Report("one common word, top 20, with facets", 200, i => searcher.Page(common[i % common.Count], new SearchOptions(Facets: true)));
        Report("phone:…, with facets", 300, i => searcher.Page($"phone:{phones[i % phones.Count]}", new SearchOptions(Facets: true)));
        Report("one common word, page 10 (offset 180)", 200, i => searcher.Page(common[i % common.Count], new SearchOptions(Offset: 180)));
    }

    /// <summary>Phones of the first records, and words by how many of the first 100,000 records hold them: common ones
    /// (in 5–40 % of them) and rare ones (in 2–5).</summary>
    private static (List<string> Phones, List<string> Common, List<string> Rare) Sample(IWorkspace workspace)
    {
        var phones = new List<string>();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var records = 0;
        foreach (var r in workspace.ScanRecords(null, withPayload: false).Take(100_000))
        {
            records++;
            if (phones.Count < 200 && r.Selectors.Where(s => s.Kind == SelectorKind.Phone).Select(s => s.Value).FirstOrDefault() is { } phone) phones.Add(phone);
            foreach (var word in Words($"{r.Record.Title} {r.Record.Text}").Distinct(StringComparer.Ordinal))
                frequency[word] = frequency.GetValueOrDefault(word) + 1;
        }
        var common = frequency.Where(f => f.Value >= records / 20 && f.Value <= records * 2 / 5 && f.Key.Length >= 5)
            .OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key).Take(20).ToList();
        var rare = frequency.Where(f => f.Value is >= 2 and <= 5 && f.Key.Length >= 5 && f.Key.All(char.IsLetter))
            .OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key).Take(50).ToList();
        return (phones, common, rare);
    }

    internal static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    private static string Misspell(string word) => word.Length > 4 ? word.Remove(2, 1) : word;

    private static void Report(string what, int n, Action<int> query)
    {
        for (var i = 0; i < 10; i++) query(i);
        var times = new double[n];
        for (var i = 0; i < n; i++)
        {
            var w = Stopwatch.StartNew();
            query(i);
            times[i] = w.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"{what}: p50 {times[n / 2]:N2} ms, p95 {times[(int)(n * 0.95)]:N2} ms, max {times[^1]:N2} ms over {n} queries");
    }
}
