using System.Diagnostics;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Storage.Sqlite;

namespace Minerva.Benchmarks;

/// <summary>End-to-end ingest (read, map, extract, store, index) into a fresh workspace, then query latencies.</summary>
internal static class IngestBenchmark
{
    public static void Run(string corpus, string work)
    {
        var path = Path.Combine(work, "bench.minerva");
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        var definition = DefinitionLoader.Load(FindConnector("generated-ads.yaml"));
        using var workspace = SqliteWorkspace.Create(path);
        var watch = Stopwatch.StartNew();
        var result = new Ingestor(workspace).Run(definition, [corpus]);
        watch.Stop();
        var mb = new FileInfo(corpus).Length / 1e6;
        Console.WriteLine($"ingest: {result.Read:N0} ads ({mb:N0} MB) in {watch.Elapsed.TotalSeconds:N1} s = {result.Read / watch.Elapsed.TotalSeconds:N0} ads/s, " +
                          $"{mb / watch.Elapsed.TotalSeconds:N1} MB/s; workspace {new FileInfo(path).Length / 1e6:N0} MB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");
        Console.WriteLine($"  read+map+extract {result.PrepareTime.TotalSeconds:N1} s, store+index {result.StoreTime.TotalSeconds:N1} s (overlapping), vocabulary index {result.IndexTime.TotalSeconds:N1} s");
        QueryBenchmark.Run(workspace);
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
