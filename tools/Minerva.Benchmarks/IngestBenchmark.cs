using System.Diagnostics;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Search;
using Minerva.Storage.Sqlite;

namespace Minerva.Benchmarks;

/// <summary>End-to-end ingest (read, map, extract, store, index) into a fresh workspace, then query latencies.</summary>
internal static class IngestBenchmark
{
    public static void Run(string corpus, string work)
    {
        var path = Path.Combine(work, "bench.minerva");
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        if (Directory.Exists(RecordIndex.FolderOf(path))) Directory.Delete(RecordIndex.FolderOf(path), recursive: true);
        var definition = DefinitionLoader.Load(FindConnector("generated-ads.yaml"));
        using var workspace = SqliteWorkspace.Create(path);
        using var index = RecordIndex.Open(workspace);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var collectionsBefore = GC.CollectionCount(0);
        var pausedBefore = GC.GetTotalPauseDuration();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        IngestResult result;
        using (var follower = index.Follow()) result = new Ingestor(workspace) { Index = follower }.Run(definition, [corpus]);
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var mb = new FileInfo(corpus).Length / 1e6;
        Console.WriteLine($"ingest: {result.Read:N0} ads ({mb:N0} MB) in {watch.Elapsed.TotalSeconds:N1} s = {result.Read / watch.Elapsed.TotalSeconds:N0} ads/s, " +
                          $"{mb / watch.Elapsed.TotalSeconds:N1} MB/s; workspace {new FileInfo(path).Length / 1e6:N0} MB (log peak {new FileInfo(path + "-wal").Length / 1e6:N0} MB); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");
        Console.WriteLine($"  read+map+extract {result.PrepareTime.TotalSeconds:N1} s, store {result.StoreTime.TotalSeconds:N1} s (overlapping), store indexes and search index commit at the end {result.IndexTime.TotalSeconds:N1} s; " +
                          $"CPU {cpu.TotalSeconds:N1} s ({cpu / watch.Elapsed:N2} cores busy)");
        Console.WriteLine($"  managed allocation {allocated / 1e9:N1} GB ({allocated / Math.Max(1, result.Read) / 1e3:N1} KB per ad), " +
                          $"{GC.CollectionCount(0) - collectionsBefore:N0} collections, paused {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:N1} s");
        Console.WriteLine($"  search index {FolderBytes(RecordIndex.FolderOf(path)) / 1e6:N0} MB, {index.Count:N0} documents");
        QueryBenchmark.Run(workspace, w => new Searcher(w, index));
        RelevanceBenchmark.Run(workspace, new Searcher(workspace, index), corpus);
    }

    private static long FolderBytes(string folder) => new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    /// <summary>Query latencies alone, on the workspace an earlier ingest left in <paramref name="work"/> (ingested first if there is none).</summary>
    public static void Query(string corpus, string work)
    {
        var path = Path.Combine(work, "bench.minerva");
        if (!File.Exists(path)) Run(corpus, work);
        else
        {
            using var workspace = SqliteWorkspace.Open(path);
            var watch = Stopwatch.StartNew();
            using var index = RecordIndex.Open(workspace);
            Console.WriteLine($"  search index opened (caught up) in {watch.Elapsed.TotalSeconds:N1} s: {index.Count:N0} documents");
            QueryBenchmark.Run(workspace, w => new Searcher(w, index));
            RelevanceBenchmark.Run(workspace, new Searcher(workspace, index), corpus);
        }
    }

    /// <summary>Rebuilds the search index of the workspace an earlier ingest left in <paramref name="work"/>: the index's
    /// own cost (reading the records back included), apart from ingest's.</summary>
    public static void Rebuild(string corpus, string work)
    {
        var path = Path.Combine(work, "bench.minerva");
        if (!File.Exists(path)) Run(corpus, work);
        using var workspace = SqliteWorkspace.Open(path);
        Directory.Delete(RecordIndex.FolderOf(path), recursive: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var index = RecordIndex.Open(workspace);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine($"index rebuild: {index.Count:N0} records in {watch.Elapsed.TotalSeconds:N1} s ({watch.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, index.Count):N0} µs per record), " +
                          $"CPU {cpu.TotalSeconds:N1} s, managed allocation {allocated / Math.Max(1, index.Count) / 1e3:N1} KB per record; index {FolderBytes(RecordIndex.FolderOf(path)) / 1e6:N0} MB");
    }

    internal static string FindConnector(string name)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "connectors", name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException($"connectors/{name} not found above {AppContext.BaseDirectory} or the current folder");
    }
}
