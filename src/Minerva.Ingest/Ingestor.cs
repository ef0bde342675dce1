using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Minerva.Core;
using Minerva.Extraction;
using Minerva.Ingest.Definitions;
using Minerva.Ingest.Readers;
using Minerva.Storage;

namespace Minerva.Ingest;

/// <summary>
/// Streams inputs through a connector into a workspace: read → map → extract selectors (in parallel) → store
/// in batches, with the writer working on one batch while the next is extracted. Memory is bounded by a few
/// batches. Every item ends as exactly one of ingested, updated, duplicate or quarantined.
/// </summary>
public sealed class Ingestor(IWorkspace workspace)
{
    private const int BatchSize = 2048;
    private const int MaxQuarantinePayload = 16 * 1024;

    /// <summary>Records a run adds before it may switch to a bulk load (see <see cref="BulkLoadSwitch"/>).</summary>
    public long BulkLoadMinimum { get; init; } = 50_000;

    /// <summary>Ingests <paramref name="inputs"/> (files or folders) with <paramref name="definition"/>.</summary>
    /// <exception cref="InputException">An input is missing or unreadable, or does not fit the definition.</exception>
    public IngestResult Run(ConnectorDefinition definition, IReadOnlyList<string> inputs,
        IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var files = InputFiles.Resolve(definition.Format, inputs);
        var totalBytes = files.Sum(f => new FileInfo(f).Length);
        var reader = CreateReader(definition);
        var mapper = new RecordMapper(definition);
        var images = new ImageAttachments(definition.Source);
        var counts = new long[4];
        long read = 0, doneBytes = 0;

        using var queue = new BlockingCollection<Prepared[]>(boundedCapacity: 3);
        var storeTime = new Stopwatch();
        var prepareTime = new Stopwatch();
        var indexTime = new Stopwatch();
        var bulkLoaded = false;
        var bulk = new BulkLoadSwitch(workspace, workspace.CountBySource().Values.Sum(), BulkLoadMinimum);
        var writer = Task.Run(() => Write(queue, counts, storeTime, bulk), CancellationToken.None);
        try
        {
            var batch = new List<SourceItem>(BatchSize);
            foreach (var file in files)
            {
                long fileStart = doneBytes;
                foreach (var item in reader.Read(file, bytes =>
                         {
                             doneBytes = fileStart + bytes;
                             progress?.Report(new IngestProgress(doneBytes, totalBytes, read));
                         }))
                {
                    batch.Add(item);
                    read++;
                    if (batch.Count < BatchSize) continue;
                    cancellationToken.ThrowIfCancellationRequested();
                    queue.Add(Timed(prepareTime, () => Prepare(batch, mapper, images, definition)), cancellationToken);
                    batch.Clear();
                }
                doneBytes = fileStart + new FileInfo(file).Length;
            }
            if (batch.Count > 0) queue.Add(Timed(prepareTime, () => Prepare(batch, mapper, images, definition)), cancellationToken);
        }
        finally
        {
            queue.CompleteAdding();
            try
            {
                writer.GetAwaiter().GetResult();
            }
            finally
            {
                bulkLoaded = bulk.Switched;
                if (bulkLoaded) progress?.Report(new IngestProgress(totalBytes, totalBytes, read, IngestStage.Indexing));
                indexTime.Start();
                bulk.Finish();
                indexTime.Stop();
            }
        }
        indexTime.Start();
        workspace.RefreshDerivedIndexes();
        indexTime.Stop();
        progress?.Report(new IngestProgress(totalBytes, totalBytes, read));
        var result = new IngestResult(read, counts[(int)IngestOutcome.Added], counts[(int)IngestOutcome.Updated],
            counts[(int)IngestOutcome.Duplicate], counts[3], DateTimeOffset.UtcNow - started)
        {
            PrepareTime = prepareTime.Elapsed,
            StoreTime = storeTime.Elapsed,
            IndexTime = indexTime.Elapsed,
            BulkLoad = bulkLoaded,
            Images = images.Counts,
        };
        workspace.RecordRun(new IngestRun(definition.Source, definition.DefinitionFile, files, started, DateTimeOffset.UtcNow,
            result.Read, result.Ingested, result.Updated, result.Duplicate, result.Quarantined));
        return result;
    }

    private void Write(BlockingCollection<Prepared[]> queue, long[] counts, Stopwatch storeTime, BulkLoadSwitch bulk)
    {
        foreach (var prepared in queue.GetConsumingEnumerable())
        {
            storeTime.Start();
            using var batch = workspace.BeginBatch();
            foreach (var p in prepared)
            {
                foreach (var file in p.RejectedImages) batch.Quarantine(file);
                if (p.Quarantine is not null)
                {
                    batch.Quarantine(p.Quarantine);
                    counts[3]++;
                }
                else
                {
                    counts[(int)batch.Add(p.Record!, p.Selectors!, p.Hash!, p.Images)]++;
                }
            }
            batch.Commit();
            bulk.Observe(counts[(int)IngestOutcome.Added]);
            storeTime.Stop();
        }
    }

    private static T Timed<T>(Stopwatch watch, Func<T> work)
    {
        watch.Start();
        try
        {
            return work();
        }
        finally
        {
            watch.Stop();
        }
    }

    // One core is the writer's: preparing on all cores made the writer, the bottleneck, share its core (1M ads on two
    // cores: 57.7 s with all, 48.5 s with one left to the writer).
    private static readonly ParallelOptions PrepareParallelism = new() { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1) };

    /// <summary>Maps and extracts a batch on all cores but the writer's; order is kept so runs are deterministic.</summary>
    private static Prepared[] Prepare(List<SourceItem> items, RecordMapper mapper, ImageAttachments images, ConnectorDefinition definition)
    {
        var prepared = new Prepared[items.Count];
        Parallel.For(0, items.Count, PrepareParallelism, i => prepared[i] = PrepareOne(items[i], mapper, images, definition));
        return prepared;
    }

    private static Prepared PrepareOne(SourceItem item, RecordMapper mapper, ImageAttachments images, ConnectorDefinition definition)
    {
        var source = definition.Source;
        if (item is BadItem bad) return Quarantined(item, source, bad.Reason);
        try
        {
            var record = mapper.Map((ParsedItem)item);
            var attached = images.Process(record, definition.Format == SourceFormat.Images);
            if (attached.OwnImageRejected is { } reason) return Quarantined(item, source, reason);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + item.Payload)));
            var selectors = SelectorExtractor.Extract(record);
            if (attached.Selectors.Count > 0) selectors = [.. selectors, .. attached.Selectors];
            return new Prepared(record, selectors, hash, null, attached.Images, attached.Rejected);
        }
        catch (Exception e) when (e is MappingException or ArgumentException)
        {
            return Quarantined(item, source, e.Message);
        }
    }

    private static Prepared Quarantined(SourceItem item, string source, string reason) =>
        new(null, null, null, new QuarantineEntry(source, item.File, item.Location, reason,
            item.Payload.Length <= MaxQuarantinePayload ? item.Payload : item.Payload[..MaxQuarantinePayload], DateTimeOffset.UtcNow), [], []);

    private static IFormatReader CreateReader(ConnectorDefinition d) => d.Format switch
    {
        SourceFormat.Jsonl => new JsonLinesReader(d.Encoding),
        SourceFormat.Json => new JsonArrayReader(),
        SourceFormat.Csv => new CsvReader(d.Encoding, d.Csv, d.Fields.Values.SelectMany(v => v).Concat(d.Id)
            .Concat(d.Selectors.SelectMany(s => s.Platform is null ? [s.From] : new[] { s.From, s.Platform }))
            .Where(s => s.Column is not null).ToList()),
        SourceFormat.Html => new HtmlReader(d.Encoding, d.HtmlRecord),
        SourceFormat.Images => new ImageFolderReader(),
        _ => throw new InputException($"format {d.Format} has no reader"),
    };

    private sealed record Prepared(SourceRecord? Record, IReadOnlyList<Selector>? Selectors, string? Hash, QuarantineEntry? Quarantine,
        IReadOnlyList<ImageFacts> Images, IReadOnlyList<QuarantineEntry> RejectedImages);
}
