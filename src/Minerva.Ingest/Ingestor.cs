using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
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
public sealed class Ingestor(IIngestStore workspace)
{
    private const int BatchSize = 2048;
    private const int MaxQuarantinePayload = 16 * 1024;

    /// <summary>Where the run's counts keep the records whose text was longer than extraction reads.</summary>
    private const int Capped = 4;

    /// <summary>Where the run's counts keep the records whose id an earlier record of the run had.</summary>
    private const int RepeatedId = 5;

    /// <summary>Records a run adds before it may switch to a bulk load (see <see cref="BulkLoadSwitch"/>).</summary>
    public long BulkLoadMinimum { get; init; } = 50_000;

    /// <summary>Folders that image references may reach besides the folder of the input that names them.</summary>
    public IReadOnlyList<string> AllowedRoots { get; init; } = [];

    /// <summary>The index that follows what the run stores (the search index), told of every committed batch and finished
    /// with the run; none leaves the changes in the store's log for an index to read later.</summary>
    public IChangeFollower? Index { get; init; }

    /// <summary>Ingests <paramref name="inputs"/> (files or folders) with <paramref name="definition"/>.</summary>
    /// <exception cref="InputException">An input is missing or unreadable, or does not fit the definition.</exception>
    public IngestResult Run(ConnectorDefinition definition, IReadOnlyList<string> inputs,
        IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var files = InputFiles.Resolve(definition.Format, inputs);
        var totalBytes = files.Where(f => f.Refusal is null).Sum(f => new FileInfo(f.Path).Length);
        var rootOf = files.ToDictionary(f => f.Path, f => f.Root, StringComparer.Ordinal);
        var reader = CreateReader(definition, files.ToDictionary(f => f.Path, f => f.Relative, StringComparer.Ordinal));
        // Only a record with a city but neither a country nor a region needs its city's country; the counts read every
        // stored record (1.7 s warm on 1M records), so a connector that gives every record a region or none a city skips it.
        var places = definition.PhoneRegion is null && definition.Fields.ContainsKey("location")
            ? PlaceCountries.From(workspace.CountPlaceCountries()) : PlaceCountries.None;
        var mapper = new RecordMapper(definition, places);
        var images = new ImageAttachments(definition.Source, new SourceRoots(AllowedRoots));
        var counts = new long[6]; // by IngestOutcome, then quarantined, Capped and RepeatedId
        var ids = new HashSet<ulong>(); // ids stored by this run, hashed (8 bytes each instead of the id strings)
        long read = 0, doneBytes = 0, invalidUtf8 = 0, readAsLatin1 = 0;
        string? firstInvalid = null;
        var cancelled = false;

        // One prepared batch waits at most: prepared records live until stored, and every one waiting survives the
        // collections in between (1M ads, three waiting: 675 collections pausing 5.0 s; one: 280 pausing 3.5 s).
        using var queue = new BlockingCollection<Prepared[]>(boundedCapacity: 1);
        var storeTime = new Stopwatch();
        var prepareTime = new Stopwatch();
        var indexTime = new Stopwatch();
        var bulkLoaded = false;
        var bulk = new BulkLoadSwitch(workspace, workspace.CountBySource().Values.Sum(), BulkLoadMinimum);
        SharedWork<SourceItem, Prepared>? preparing = null;
        // A failing writer stops the reader too, which would otherwise wait forever for room in the queue.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(() =>
        {
            try
            {
                Write(queue, counts, ids, storeTime, bulk, () => Volatile.Read(ref preparing));
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }, CancellationToken.None);
        Prepared[] Prepare(List<SourceItem> items)
        {
            var work = new SharedWork<SourceItem, Prepared>(items, item => PrepareOne(item, rootOf[item.File], mapper, images, definition));
            Volatile.Write(ref preparing, work);
            // Helpers never fail (an item's exception is kept for Finish) and stop once every item is claimed.
            for (var h = 0; h < ExtraHelpers; h++) _ = Task.Run(() => { while (work.HelpOne()) { } });
            try
            {
                return work.Finish();
            }
            finally
            {
                Volatile.Write(ref preparing, null);
            }
        }
        try
        {
            var batch = new List<SourceItem>(BatchSize);
            foreach (var (file, _, refusal, _) in files)
            {
                long fileStart = doneBytes;
                IEnumerable<SourceItem> items = refusal is null
                    ? reader.Read(file, bytes =>
                    {
                        doneBytes = fileStart + bytes;
                        progress?.Report(new IngestProgress(doneBytes, totalBytes, read));
                    })
                    : [new BadItem(file, "whole file", "", refusal)];
                foreach (var item in items)
                {
                    batch.Add(item);
                    read++;
                    if (item.Decoding == DecodingNote.InvalidUtf8 && invalidUtf8++ == 0) firstInvalid = $"{item.File}:{item.Location}";
                    else if (item.Decoding == DecodingNote.ReadAsLatin1) readAsLatin1++;
                    if (batch.Count < BatchSize) continue;
                    cancellationToken.ThrowIfCancellationRequested();
                    queue.Add(Timed(prepareTime, () => Prepare(batch)), stop.Token);
                    batch = new List<SourceItem>(BatchSize); // the writer may still hold the last one's work: never reuse it
                }
                if (refusal is null) doneBytes = fileStart + new FileInfo(file).Length;
            }
            if (batch.Count > 0) queue.Add(Timed(prepareTime, () => Prepare(batch)), stop.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true; // what was prepared is still stored below; the rest of the input is not read
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
        if (cancelled)
        {
            // The derived indexes of what was stored are finished when the workspace is next opened.
            var stored = new IngestResult(counts[..4].Sum(), counts[(int)IngestOutcome.Added], counts[(int)IngestOutcome.Updated],
                counts[(int)IngestOutcome.Duplicate], counts[3], DateTimeOffset.UtcNow - started);
            RecordRun(stored);
            Index?.Finish();
            throw new IngestCancelledException(stored, read);
        }
        indexTime.Start();
        Index?.Finish();
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
            InvalidUtf8 = invalidUtf8,
            ExtractionCapped = counts[Capped],
            FirstInvalidUtf8 = firstInvalid,
            ReadAsLatin1 = readAsLatin1,
            Unmatched = counts[0] + counts[1] + counts[2] > 0 ? mapper.Unmatched() : [],
            RepeatedIds = counts[RepeatedId],
        };
        RecordRun(result);
        return result;

        void RecordRun(IngestResult r) => workspace.RecordRun(new IngestRun(definition.Source, definition.DefinitionFile,
            files.Select(f => f.Path).ToList(), started, DateTimeOffset.UtcNow, r.Read, r.Ingested, r.Updated, r.Duplicate, r.Quarantined));
    }

    /// <summary>
    /// Stores prepared batches in order; with none ready, helps prepare the one under way instead of idling (it is the
    /// only thread that touches the workspace, so storing always comes first).
    /// </summary>
    private void Write(BlockingCollection<Prepared[]> queue, long[] counts, HashSet<ulong> ids, Stopwatch storeTime, BulkLoadSwitch bulk,
        Func<SharedWork<SourceItem, Prepared>?> preparing)
    {
        while (!queue.IsCompleted)
        {
            if (!queue.TryTake(out var prepared))
            {
                if (preparing()?.HelpOne() == true) continue;
                if (!queue.TryTake(out prepared, millisecondsTimeout: 1)) continue;
            }
            storeTime.Start();
            Store(prepared, counts, ids);
            bulk.Observe(counts[(int)IngestOutcome.Added]);
            storeTime.Stop();
        }
    }

    private void Store(Prepared[] prepared, long[] counts, HashSet<ulong> ids)
    {
        using var batch = workspace.BeginBatch();
        batch.Expect([.. prepared.Where(p => p.Quarantine is null).Select(p => p.Record!.Key)]);
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
                if (!ids.Add(IdHash(p.Record!.Key.NativeId))) counts[RepeatedId]++;
                if (p.Capped) counts[Capped]++;
            }
        }
        var changes = batch.Commit();
        Index?.Committed(changes);
    }

    /// <summary>FNV-1a, 64 bits: two ids of one run collide with odds of about n² / 2⁶⁵ (3·10⁻⁸ for a million).</summary>
    private static ulong IdHash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id) hash = (hash ^ c) * 1099511628211UL;
        return hash;
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

    // Threads that help prepare besides the reading thread and the writer (which helps when it has nothing to store):
    // on two cores none, so no third thread competes with the writer (1M ads: 57.7 s when preparing on all cores too).
    private static readonly int ExtraHelpers = Math.Max(0, Environment.ProcessorCount - 2);

    private static Prepared PrepareOne(SourceItem item, string root, RecordMapper mapper, ImageAttachments images, ConnectorDefinition definition)
    {
        var source = definition.Source;
        if (item is BadItem bad) return Quarantined(item, source, bad.Reason);
        try
        {
            var record = mapper.Map((ParsedItem)item);
            var attached = images.Process(record, definition.Format == SourceFormat.Images, root);
            if (attached.OwnImageRejected is { } reason) return Quarantined(item, source, reason);
            var hash = ContentHash.Of(source, item.Payload);
            var selectors = SelectorExtractor.Extract(record);
            if (attached.Selectors.Count > 0) selectors = [.. selectors, .. attached.Selectors];
            return new Prepared(record, selectors, hash, null, attached.Images, attached.Rejected) { Capped = SelectorExtractor.IsCapped(record) };
        }
        catch (Exception e) when (QuarantineReason(e) is { } reason)
        {
            return Quarantined(item, source, reason);
        }
    }

    /// <summary>
    /// Why one record failed, as its quarantine reason; null for what stops the run (cancellation, memory). Records are
    /// written by the people under investigation: whatever one of them makes fail, the failure is that record's alone.
    /// </summary>
    internal static string? QuarantineReason(Exception e) => e switch
    {
        MappingException or ArgumentException => e.Message,
        RegexMatchTimeoutException t => $"the connector's pattern '{t.Pattern}' took longer than {t.MatchTimeout.TotalSeconds:0.#} s on this record",
        OperationCanceledException or OutOfMemoryException => null,
        _ => $"could not be processed: {e.Message}",
    };

    private static Prepared Quarantined(SourceItem item, string source, string reason) =>
        new(null, null, null, new QuarantineEntry(source, item.File, item.Location, reason,
            item.Payload.Length <= MaxQuarantinePayload ? item.Payload : item.Payload[..MaxQuarantinePayload], DateTimeOffset.UtcNow), [], []);

    internal static IFormatReader CreateReader(ConnectorDefinition d, IReadOnlyDictionary<string, string> relativeOf) => d.Format switch
    {
        SourceFormat.Jsonl => new JsonLinesReader(d.Encoding),
        SourceFormat.Json => new JsonArrayReader(),
        SourceFormat.Csv => new CsvReader(d.Encoding, d.Csv, d.Fields.Values.SelectMany(v => v).Concat(d.Id)
            .Concat(d.Selectors.SelectMany(s => s.Platform is null ? [s.From] : new[] { s.From, s.Platform }))
            .Where(s => s.Column is not null).ToList()),
        SourceFormat.Html => new HtmlReader(d.Encoding, d.HtmlRecord),
        SourceFormat.Images => new ImageFolderReader(relativeOf),
        _ => throw new InputException($"format {d.Format} has no reader"),
    };

    private sealed record Prepared(SourceRecord? Record, IReadOnlyList<Selector>? Selectors, string? Hash, QuarantineEntry? Quarantine,
        IReadOnlyList<ImageFacts> Images, IReadOnlyList<QuarantineEntry> RejectedImages)
    {
        /// <summary>A field was longer than extraction reads (<see cref="SelectorExtractor.MaxFieldChars"/>).</summary>
        public bool Capped { get; init; }
    }
}
