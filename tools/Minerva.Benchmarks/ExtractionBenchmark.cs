using System.Diagnostics;
using System.Text.Json;
using Minerva.Extraction;

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
    }
}
