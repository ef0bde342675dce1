using System.Diagnostics;
using System.Text.Json;
using Minerva.Core;
using Minerva.Extraction;
using Minerva.Extraction.Emails;
using Minerva.Extraction.Handles;
using Minerva.Extraction.Phones;
using Minerva.Extraction.Urls;
using Minerva.Extraction.Wallets;

namespace Minerva.Benchmarks;

/// <summary>Selector extraction alone, one core, on the bodies of the corpus.</summary>
internal static class ExtractionBenchmark
{
    public static void Run(string corpus)
    {
        var texts = File.ReadLines(corpus).Take(50_000).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            return (doc.RootElement.GetProperty("body").GetString()!, doc.RootElement.GetProperty("country").GetString());
        }).ToList();
        // One untimed pass first: until the JIT's later tiers arrive, code runs several times slower (42 µs per ad against 7).
        long found = 0;
        foreach (var (text, region) in texts) found += SelectorExtractor.ExtractText(text, region).Count;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        foreach (var (text, region) in texts) SelectorExtractor.ExtractText(text, region);
        allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / texts.Count;
        var perAd = Best(texts, (t, r, _) => SelectorExtractor.ExtractText(t, r));
        Console.WriteLine($"extract: {texts.Count:N0} ads, {perAd:N1} µs/ad on one core = {1e6 / perAd:N0} ads/s " +
                          $"(best of 3; {allocated:N0} B allocated/ad, {found:N0} selectors)");
        Stage("phones", texts, (t, r, into) => PhoneExtractor.Extract(t, r, RecordField.Text, into));
        Stage("emails", texts, (t, _, into) => EmailExtractor.Extract(t, RecordField.Text, into));
        Stage("handles", texts, (t, _, into) => HandleExtractor.Extract(t, RecordField.Text, into));
        Stage("urls", texts, (t, _, into) => UrlExtractor.Extract(t, RecordField.Text, into));
        Stage("wallets", texts, (t, _, into) => WalletExtractor.Extract(t, RecordField.Text, into));
    }

    private static void Stage(string name, List<(string Text, string? Region)> texts, Action<string, string?, List<Selector>> extract)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var best = Best(texts, extract);
        Console.WriteLine($"  {name}: {best:N1} µs/ad (best of 3), {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 3 / texts.Count:N0} B/ad");
    }

    /// <summary>Microseconds per text, the best of three rounds: a shared machine's noise only ever adds time.</summary>
    private static double Best(List<(string Text, string? Region)> texts, Action<string, string?, List<Selector>> extract)
    {
        var into = new List<Selector>();
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var (text, region) in texts)
            {
                into.Clear();
                extract(text, region, into);
            }
            best = Math.Min(best, watch.Elapsed.TotalMicroseconds / texts.Count);
        }
        return best;
    }
}
