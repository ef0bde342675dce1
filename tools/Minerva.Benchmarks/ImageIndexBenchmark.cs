using System.Diagnostics;
using Minerva.Images;

namespace Minerva.Benchmarks;

/// <summary>The Hamming-radius index over N random 256-bit hashes (with planted near-duplicates): build time, memory, query latency at r = 31.</summary>
internal static class ImageIndexBenchmark
{
    public static void Run(int count)
    {
        var random = new Random(9);
        var hashes = new Hash256[count];
        for (var i = 0; i < count; i++)
            hashes[i] = new Hash256((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var index = new HammingIndex(hashes);
        var build = watch.Elapsed.TotalSeconds;
        var size = GC.GetTotalMemory(forceFullCollection: true) - before; // the index: its own copy of the hashes and 16 chunk tables
        Console.WriteLine($"hamming index: {count:N0} hashes indexed in {build:N1} s, about {size / 1e6:N0} MB");
        var times = new double[200];
        var matches = 0L;
        for (var q = 0; q < times.Length; q++)
        {
            var query = hashes[random.Next(count)];
            var w = Stopwatch.StartNew();
            matches += index.Within(query, 31).Count;
            times[q] = w.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"  radius-31 query: p50 {times[100]:N2} ms, p95 {times[190]:N2} ms, max {times[^1]:N2} ms over 200 queries ({matches} matches)");
        GC.KeepAlive(index);
    }
}
