using System.Diagnostics;
using Minerva.Core;
using Minerva.Search;
using Minerva.Storage;

namespace Minerva.Benchmarks;

/// <summary>Latency percentiles of selector lookups and full-text queries on a filled workspace.</summary>
internal static class QueryBenchmark
{
    private static readonly string[] Words = ["relax", "apartment", "specials", "hotel friendly", "discreet", "downtown parking", "Mia", "Berlin", "respectful", "schedule"];

    public static void Run(IWorkspace workspace)
    {
        var phones = workspace.Search(TextQuery.Of(["call"], RecordFilter.None, 200))
            .Select(h => workspace.GetRecord(h.Record.Key)!.Selectors.FirstOrDefault(s => s.Kind == SelectorKind.Phone)?.Value)
            .OfType<string>().ToList();
        Report("selector lookup (phone)", 500, i => workspace.FindBySelector(SelectorKind.Phone, phones[i % phones.Count], 100));
        var searcher = new Searcher(workspace);
        Report("search phone:… (what 'minerva search' runs)", 200, i => searcher.Search($"phone:{phones[i % phones.Count]}", new SearchOptions()));
        Report("full-text query (top 20)", 300, i => searcher.Search(Words[i % Words.Length], new SearchOptions()));
        Report("fuzzy query", 50, i => searcher.Search(Misspell(Words[i % Words.Length]), new SearchOptions(Fuzzy: true)));
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
