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
        // Reading the store is single-threaded; a reader task fills batches while the caller hashes the last one.
        using var batches = new BlockingCollection<List<ScannedRecord>>(boundedCapacity: 2);
        var reader = Task.Run(() =>
        {
            try
            {
                var batch = new List<ScannedRecord>(BatchSize);
                foreach (var record in records)
                {
                    batch.Add(record);
                    if (batch.Count < BatchSize) continue;
                    batches.Add(batch, cancel);
                    batch = new List<ScannedRecord>(BatchSize);
                }
                batches.Add(batch, cancel);
            }
            finally
            {
                batches.CompleteAdding();
            }
        }, cancel);
        var all = new List<RecordFeatures>();
        foreach (var batch in batches.GetConsumingEnumerable(cancel))
        {
            all.AddRange(Process(batch, cancel));
            progress?.Invoke(all.Count);
        }
        reader.GetAwaiter().GetResult(); // surfaces a read error
        return all;
    }

    /// <summary>Features of a single record (for explaining a pair outside a run); selectors unknown to the table get fresh ids.</summary>
    public RecordFeatures BuildOne(ScannedRecord record) => Process([record], CancellationToken.None)[0];

    private readonly Dictionary<string, string> _shared = new(StringComparer.Ordinal);

    /// <summary>The one instance of a string value kept for all records.</summary>
    public string Shared(string value) => _shared.TryGetValue(value, out var shared) ? shared : _shared[value] = value;

    private RecordFeatures[] Process(List<ScannedRecord> batch, CancellationToken cancel)
    {
        var signatures = new ushort[]?[batch.Count][];
        var fields = new string?[batch.Count][];
        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            var record = batch[i].Record;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            fields[i] = FieldReader.Read(record, space.Fields, seen);
            foreach (var name in seen) SeenFields.TryAdd(name, true);
            signatures[i] = space.TextFields.Select((f, slot) => FieldReader.Text(record, f) is { } text ? MinHasher.Signature(text, space.MinWords[slot]) : null).ToArray();
        });
        var result = new RecordFeatures[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            // Field values repeat (cities, states, years): one string per distinct value.
            var values = fields[i];
            for (var f = 0; f < values.Length; f++)
                if (values[f] is { } v) values[f] = Shared(v);
            var selectors = SelectorSlots.Intern(batch[i].Selectors, space, table);
            result[i] = new RecordFeatures
            {
                Id = batch[i].Id,
                Source = Shared(batch[i].Record.Key.Source),
                Selectors = selectors,
                Signatures = signatures[i],
                Fields = fields[i],
                Time = batch[i].Record.ObservedAt?.ToUnixTimeSeconds(),
            };
        }
        return result;
    }
}
