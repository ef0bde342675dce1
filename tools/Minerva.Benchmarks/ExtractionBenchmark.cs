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
        foreach (var (text, region) in texts.Take(2000)) SelectorExtractor.ExtractText(text, region); // JIT warm-up
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        long found = 0;
        foreach (var (text, region) in texts) found += SelectorExtractor.ExtractText(text, region).Count;
        watch.Stop();
        var perAd = watch.Elapsed.TotalMicroseconds / texts.Count;
        Console.WriteLine($"extract: {texts.Count:N0} ads in {watch.Elapsed.TotalSeconds:N2} s on one core = {texts.Count / watch.Elapsed.TotalSeconds:N0} ads/s " +
                          $"({perAd:N1} µs/ad, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / texts.Count:N0} B allocated/ad, {found:N0} selectors)");
        Stage("phones", texts, (t, r, into) => PhoneExtractor.Extract(t, r, RecordField.Text, into));
        Stage("emails", texts, (t, _, into) => EmailExtractor.Extract(t, RecordField.Text, into));
        Stage("handles", texts, (t, _, into) => HandleExtractor.Extract(t, RecordField.Text, into));
        Stage("urls", texts, (t, _, into) => UrlExtractor.Extract(t, RecordField.Text, into));
        Stage("wallets", texts, (t, _, into) => WalletExtractor.Extract(t, RecordField.Text, into));
    }

    private static void Stage(string name, List<(string Text, string? Region)> texts, Action<string, string?, List<Selector>> extract)
    {
        var into = new List<Selector>();
        var watch = Stopwatch.StartNew();
        foreach (var (text, region) in texts)
        {
            into.Clear();
            extract(text, region, into);
        }
        Console.WriteLine($"  {name}: {watch.Elapsed.TotalMicroseconds / texts.Count:N1} µs/ad");
    }
}
