using System.Collections.Concurrent;
using Minerva.Storage;

namespace Minerva.Resolve.Features;

/// <summary>Turns scanned records into <see cref="RecordFeatures"/>: hashing in parallel, interning in order.</summary>
internal sealed class FeatureBuilder(FeatureSpace space, SelectorTable table)
{
    private const int BatchSize = 4096;

    /// <summary>Payload fields seen on at least one record (to reject rules naming fields no record has).</summary>
    public ConcurrentDictionary<string, bool> SeenFields { get; } = new(StringComparer.Ordinal);

    /// <summary>Features of every record, in scan order.</summary>
    public List<RecordFeatures> Build(IEnumerable<ScannedRecord> records, Action<int>? progress, CancellationToken cancel)
    {
        var all = new List<RecordFeatures>();
        var batch = new List<ScannedRecord>(BatchSize);
        foreach (var record in records)
        {
            batch.Add(record);
            if (batch.Count < BatchSize) continue;
            all.AddRange(Process(batch, cancel));
            batch.Clear();
            progress?.Invoke(all.Count);
        }
        all.AddRange(Process(batch, cancel));
        progress?.Invoke(all.Count);
        return all;
    }

    /// <summary>Features of a single record (for explaining a pair outside a run); selectors unknown to the table get fresh ids.</summary>
    public RecordFeatures BuildOne(ScannedRecord record) => Process([record], CancellationToken.None)[0];

    private RecordFeatures[] Process(List<ScannedRecord> batch, CancellationToken cancel)
    {
        var signatures = new uint[]?[batch.Count][];
        var fields = new string?[batch.Count][];
        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            var record = batch[i].Record;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            fields[i] = FieldReader.Read(record, space.Fields, seen);
            foreach (var name in seen) SeenFields.TryAdd(name, true);
            signatures[i] = space.TextFields.Select(f => FieldReader.Text(record, f) is { } text ? MinHasher.Signature(text) : null).ToArray();
        });
        var result = new RecordFeatures[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var selectors = new int[space.SelectorKinds.Count][];
            for (var slot = 0; slot < selectors.Length; slot++)
            {
                var kind = space.SelectorKinds[slot];
                var ids = new SortedSet<int>();
                foreach (var (k, value) in batch[i].Selectors)
                    if (k == kind) ids.Add(table.Intern(k, value));
                selectors[slot] = ids.Count == 0 ? [] : [.. ids];
                foreach (var id in ids) table.CountRecord(id);
            }
            result[i] = new RecordFeatures
            {
                Id = batch[i].Id,
                Key = batch[i].Record.Key,
                Selectors = selectors,
                Signatures = signatures[i],
                Fields = fields[i],
                Time = batch[i].Record.ObservedAt?.ToUnixTimeSeconds(),
            };
        }
        return result;
    }
}
