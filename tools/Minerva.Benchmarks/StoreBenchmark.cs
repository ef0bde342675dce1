using System.Diagnostics;
using System.Text.Json;
using Minerva.Core;
using Minerva.Extraction;
using Minerva.Storage.Sqlite;

namespace Minerva.Benchmarks;

/// <summary>The storage write path alone: records and selectors are prepared in memory first, then only stored.</summary>
internal static class StoreBenchmark
{
    public static void Run(string corpus, string work, int count)
    {
        var items = File.ReadLines(corpus).Take(count).Select((line, i) =>
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var record = new SourceRecord
            {
                Key = new RecordKey("gen", root.GetProperty("id").GetString()!),
                Title = root.GetProperty("title").GetString(),
                Text = root.GetProperty("body").GetString(),
                Location = root.GetProperty("city").GetString(),
                Country = root.GetProperty("country").GetString(),
                ObservedAt = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("ts").GetInt64()),
                RawPayload = line,
                Origin = $"ads.jsonl:line {i + 1}",
            };
            return (record, SelectorExtractor.Extract(record), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();
        var path = Path.Combine(work, "store.minerva");
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        using var workspace = SqliteWorkspace.Create(path);
        var watch = Stopwatch.StartNew();
        foreach (var chunk in items.Chunk(2048))
        {
            using var batch = workspace.BeginBatch();
            foreach (var (record, selectors, hash) in chunk) batch.Add(record, selectors, hash);
            batch.Commit();
        }
        watch.Stop();
        Console.WriteLine($"store only: {items.Count:N0} records in {watch.Elapsed.TotalSeconds:N1} s = {items.Count / watch.Elapsed.TotalSeconds:N0} records/s " +
                          $"({watch.Elapsed.TotalMicroseconds / items.Count:N0} µs/record, {items.Sum(i => i.Item2.Count) / (double)items.Count:N1} selectors/record)");
    }
}
