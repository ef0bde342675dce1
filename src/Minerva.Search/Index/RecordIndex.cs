using System.Collections.Concurrent;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Minerva.Search.Analysis;
using Minerva.Storage;
using Directory = Lucene.Net.Store.Directory;

namespace Minerva.Search;

/// <summary>How far building or catching up the index has come.</summary>
/// <param name="Done">Records indexed.</param>
/// <param name="Total">Records to index.</param>
public sealed record IndexProgress(long Done, long Total);

/// <summary>
/// The Lucene.Net index of a workspace's records, in a folder beside the workspace file (<see cref="FolderOf"/>). It is
/// derived from the store and follows it through the store's change log (<see cref="IRecordChanges"/>): every Lucene
/// commit carries the number of the last change it holds and the workspace's identity in its commit data; opening
/// reads the changes after that number and indexes them, and an index with another identity, a mark the store cannot
/// continue from, or none at all is rebuilt from every record. A document is replaced by the storage id, never added
/// twice, so reading a change again is harmless. Hence a crash between the store's commit and the index's loses
/// nothing (the change is read again) and duplicates nothing.
/// <para>A writer is open only while the index is written (caught up, or following an ingest) and closed after its
/// commit: <c>serve</c> keeps the index open for days, and holding Lucene's write lock all that time would stop every
/// ingest run beside it from indexing. A process that finds the lock taken reads the index as last committed, with a
/// warning; the changes stay in the store's log for the next writer. Searches go through a <see cref="SearcherManager"/>
/// refreshed after every commit and before searches (to see other processes' commits).</para>
/// </summary>
public sealed class RecordIndex : IDisposable
{
    /// <summary>Raised with each analysis change that needs the index rebuilt (new fields, other analyzers).</summary>
    private const string AnalysisVersion = "2"; // 2: facet doc values and has= keys

    private const string IdentityKey = "minerva.workspace";
    private const string ChangeKey = "minerva.change";
    private const string AnalysisKey = "minerva.analysis";

    /// <summary>Records read from the store per step of a rebuild or catch-up (progress is reported per step).</summary>
    private const int Step = 8192;

    private readonly IWorkspace _store;
    private readonly Directory _directory;
    private readonly string _identity;
    private readonly List<string> _warnings = [];
    private readonly System.Threading.Lock _writing = new();
    private IndexWriter? _writer;
    private Follower? _follower;
    private SearcherManager? _searchers;
    private long _mark;
    private bool _writable = true; // until another process is found holding the write lock

    private readonly string _folder;

    private RecordIndex(IWorkspace store, Directory directory, string folder)
    {
        _store = store;
        _directory = directory;
        _folder = folder;
        _identity = store.Identity;
    }

    /// <summary>The index folder of the workspace at <paramref name="workspaceLocation"/>: the file's name with
    /// <c>.index</c> added, beside it.</summary>
    public static string FolderOf(string workspaceLocation) => Path.GetFullPath(workspaceLocation) + ".index";

    /// <summary>What opening could not do, each with its cause (searches work, on the index as it stands).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The number of the last store change the index holds.</summary>
    public long Mark => Volatile.Read(ref _mark);

    /// <summary>Documents in the index (records, once caught up).</summary>
    public int Count => Search(searcher => searcher.IndexReader.NumDocs);

    /// <summary>
    /// Opens the index of <paramref name="workspace"/> and brings it up to date with the store (see the type). When the
    /// folder cannot be written (a read-only evidence copy), the index is built in memory for this process instead.
    /// </summary>
    /// <exception cref="WorkspaceException">The index folder exists but is a file, or cannot be read.</exception>
    public static RecordIndex Open(IWorkspace workspace, IProgress<IndexProgress>? progress = null, CancellationToken cancellation = default) =>
        Open(workspace, FolderOf(workspace.Location), progress, cancellation);

    /// <summary>
    /// Opens the index of <paramref name="workspace"/> kept in <paramref name="folder"/> (a team server's tenant, whose
    /// store has no file to put it beside) and brings it up to date with the store. The index remembers the store's
    /// identity: pointed at another tenant's folder, it is rebuilt from this one's records, never read.
    /// </summary>
    /// <exception cref="WorkspaceException">The folder is a file, or cannot be read.</exception>
    public static RecordIndex Open(IWorkspace workspace, string folder, IProgress<IndexProgress>? progress = null, CancellationToken cancellation = default)
    {
        folder = Path.GetFullPath(folder);
        if (File.Exists(folder)) throw new WorkspaceException($"{folder} should be the workspace's search index folder, but it is a file; move it away.");
        RecordIndex index;
        if (CanWrite(folder))
        {
            index = new RecordIndex(workspace, FSDirectory.Open(new DirectoryInfo(folder)), folder);
        }
        else
        {
            index = new RecordIndex(workspace, new RAMDirectory(), folder);
            index._warnings.Add($"{folder} cannot be written (a read-only copy?): the search index is built in memory for this run.");
        }
        try
        {
            index.CatchUp(progress, cancellation);
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Indexes what the store changed since the index's mark, or rebuilds the index from every record when it cannot
    /// continue from the store (none yet, another workspace's, older than what the store still logs, or built with other
    /// analysis); then commits. Another process holding the index leaves it as it is, with a warning.
    /// </summary>
    public void CatchUp(IProgress<IndexProgress>? progress = null, CancellationToken cancellation = default)
    {
        lock (_writing)
        {
            if (_follower is not null) return; // an ingest of this process is writing: it commits what it stores
            var committed = ReadCommit();
            var log = _store.GetChangeLog();
            var rebuild = committed is not { } c || c.Identity != _identity || c.Analysis != AnalysisVersion || c.Mark < log.KeptAfter || c.Mark > log.Last;
            Volatile.Write(ref _mark, committed?.Mark ?? 0);
            if (!rebuild && committed!.Value.Mark == log.Last)
            {
                _store.ForgetChanges(log.Last);
                return;
            }
            try
            {
                CatchUp(rebuild, log, progress, cancellation);
            }
            finally
            {
                CloseWriter();
            }
        }
    }

    private void CatchUp(bool rebuild, ChangeLog log, IProgress<IndexProgress>? progress, CancellationToken cancellation)
    {
        if (Writer() is not { } writer) return;
        if (rebuild)
        {
            writer.DeleteAll();
            // Changes made while the records are read are read again after them: harmless (see the type).
            IndexAll(writer, _store.ScanRecords(null, withPayload: false), _store.CountBySource().Values.Sum(), progress, cancellation);
            Commit(log.Last);
            log = _store.GetChangeLog();
        }
        var from = Mark;
        IndexAll(writer, _store.ScanChanges(from, log.Last).Select(c => c.Record), log.Last - from, progress, cancellation);
        Commit(log.Last);
    }

    private static void IndexAll(IndexWriter writer, IEnumerable<ScannedRecord> records, long total, IProgress<IndexProgress>? progress, CancellationToken cancellation)
    {
        using var indexing = new Indexing(writer);
        long done = 0;
        foreach (var batch in records.Chunk(Step))
        {
            cancellation.ThrowIfCancellationRequested();
            indexing.Add(batch);
            done += batch.Length;
            progress?.Report(new IndexProgress(done, total));
        }
        indexing.Finish();
    }

    /// <summary>
    /// Follows an ingest: each committed batch's records are analysed and added on a thread of their own while the next
    /// batch is stored, and <see cref="IChangeFollower.Finish"/> commits them. Null, with a warning, when another process
    /// holds the index: the changes stay in the store's log and are indexed when the workspace is next opened.
    /// </summary>
    public IChangeFollower? Follow()
    {
        lock (_writing)
        {
            if (_follower is not null) throw new InvalidOperationException("the index already follows an ingest");
            return _follower = Writer() is { } writer ? new Follower(this, writer) : null;
        }
    }

    /// <summary>Runs <paramref name="search"/> on a searcher of the latest commit.</summary>
    internal T Search<T>(Func<IndexSearcher, T> search)
    {
        var manager = Searchers;
        manager.MaybeRefresh(); // another process may have committed
        var searcher = manager.Acquire();
        try
        {
            return search(searcher);
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    /// <summary>The storage id of a hit.</summary>
    internal static long IdOf(IndexSearcher searcher, int doc)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        return leaf.AtomicReader.GetNumericDocValues(Fields.RecordId).Get(doc - leaf.DocBase);
    }

    /// <summary>Ranking: BM25 with Lucene's defaults (k1 = 1.2, b = 0.75), as FTS5 ranked before.</summary>
    internal static Similarity Similarity { get; } = new BM25Similarity();

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_writing)
        {
            _follower?.Dispose();
            _searchers?.Dispose();
            CloseWriter();
            _directory.Dispose();
        }
    }

    private SearcherManager Searchers
    {
        get
        {
            if (_searchers is { } existing) return existing;
            lock (_writing)
            {
                if (_searchers is null)
                {
                    if (!DirectoryReader.IndexExists(_directory)) throw new WorkspaceException("the search index is not built yet; open the workspace where it can be written");
                    _searchers = new SearcherManager(_directory, new Bm25Searchers(() => ParallelFrom));
                }
                return _searchers;
            }
        }
    }

    /// <summary>Closes the writer. Rollback, not Dispose: disposing commits, and a commit is only ever made with its mark;
    /// whatever was not committed is read from the store's log again, so nothing is lost.</summary>
    private void CloseWriter()
    {
        _writer?.Rollback();
        _writer = null;
    }

    private IndexWriter? Writer()
    {
        if (_writer is not null || !_writable) return _writer;
        try
        {
            _writer = new IndexWriter(_directory, Config(OpenMode.CREATE_OR_APPEND));
        }
        catch (Exception e) when (e is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or EndOfStreamException)
        {
            // A damaged index (ReadCommit said so): start a new one in its place; it is rebuilt from the records.
            _writer = new IndexWriter(_directory, Config(OpenMode.CREATE));
        }
        catch (LockObtainFailedException)
        {
            _writable = false;
            _warnings.Add($"another Minerva process is writing the search index ({_folder}): " +
                          "searches see it as that process last committed it, and records stored since are indexed when it is next opened by itself.");
        }
        return _writer;
    }

    private static IndexWriterConfig Config(OpenMode mode) => new(RecordAnalyzers.Version, RecordAnalyzers.Exact)
    {
        OpenMode = mode,
        Similarity = Similarity,
        RAMBufferSizeMB = 64, // measured: 16 (the default) flushed ~200 small segments per 1M ads, merged again later
        MergePolicy = new TieredMergePolicy { MaxMergedSegmentMB = MaxSegmentMB },
    };

    /// <summary>The largest segment merges make. Searches run the segments in parallel, so segments of similar size keep every
    /// core busy; Lucene's default (5 GB) merged 1M ads into one segment holding three quarters of them (and four small
    /// ones), with this 1M ads are 13 segments of 15–60 MB (measured, with the query benchmark's figures, in README).</summary>
    internal const double MaxSegmentMB = 48;

    private static void Index(IndexWriter writer, ScannedRecord record)
    {
        var (document, language) = RecordDocuments.Of(record);
        writer.UpdateDocument(RecordDocuments.IdTerm(record.Id), document, RecordAnalyzers.ForDocument(language));
    }

    private void Commit(long mark)
    {
        var writer = _writer!;
        writer.SetCommitData(new Dictionary<string, string>
        {
            [IdentityKey] = _identity,
            [ChangeKey] = mark.ToString(CultureInfo.InvariantCulture),
            [AnalysisKey] = AnalysisVersion,
        });
        writer.Commit();
        Volatile.Write(ref _mark, mark);
        CrashPoint.Reach(CrashPoint.IndexCommitted);
        _store.ForgetChanges(mark);
        _searchers?.MaybeRefresh();
    }

    private (string Identity, long Mark, string Analysis)? ReadCommit()
    {
        try
        {
            if (!DirectoryReader.IndexExists(_directory)) return null;
            var infos = new SegmentInfos();
            infos.Read(_directory);
            var data = infos.UserData;
            return data.TryGetValue(IdentityKey, out var identity) && data.TryGetValue(ChangeKey, out var change)
                   && long.TryParse(change, CultureInfo.InvariantCulture, out var mark)
                ? (identity, mark, data.TryGetValue(AnalysisKey, out var analysis) ? analysis : "")
                : null;
        }
        catch (Exception e) when (e is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or IOException)
        {
            _warnings.Add($"the search index could not be read ({e.Message}); it is built again from the records.");
            return null;
        }
    }

    private static bool CanWrite(string folder)
    {
        try
        {
            System.IO.Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".probe-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Documents a query's terms must be in for it to be searched on every core (<see cref="SegmentSearcher"/>).</summary>
    internal long ParallelFrom { get; set; } = SegmentSearcher.DefaultParallelFrom;

    private sealed class Bm25Searchers(Func<long> parallelFrom) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new SegmentSearcher(reader, Similarity, parallelFrom);
    }

    /// <summary>
    /// Analyses and adds records on a thread of its own, in order (so two changes of one record are applied in order),
    /// while the caller reads or stores the next ones. One thread: Lucene's writer takes documents from several at once,
    /// but measured on 100,000 generated ads with 2 cores, two indexing threads rebuilt no faster (14.6 against 14.3 s,
    /// with 25 s of CPU against 17) and slowed an ingest from 19.5 to 25.2 s.
    /// </summary>
    private sealed class Indexing : IDisposable
    {
        private readonly BlockingCollection<IReadOnlyList<ScannedRecord>> _queue = new(boundedCapacity: 2);
        private readonly Task _thread;

        public Indexing(IndexWriter writer) => _thread = Task.Run(() =>
        {
            foreach (var records in _queue.GetConsumingEnumerable())
                foreach (var record in records) Index(writer, record);
        });

        public void Add(IReadOnlyList<ScannedRecord> records)
        {
            // A failed thread stops taking: surface its error instead of waiting on a full queue.
            while (!_queue.TryAdd(records, 100))
            {
                if (_thread.IsFaulted) _thread.GetAwaiter().GetResult();
            }
        }

        /// <summary>Waits until every record added is in the writer.</summary>
        public void Finish()
        {
            _queue.CompleteAdding();
            _thread.GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
            try
            {
                _thread.Wait();
            }
            catch (AggregateException)
            {
                // Reported by Finish, or the run failed already; the store's log keeps every change.
            }
            _queue.Dispose();
        }
    }

    /// <summary>Indexes committed batches while the ingest goes on; the mark moves only over changes without a gap.</summary>
    private sealed class Follower : IChangeFollower
    {
        private readonly RecordIndex _index;
        private readonly Indexing _indexing;
        private long _through;

        public Follower(RecordIndex index, IndexWriter writer)
        {
            _index = index;
            _indexing = new Indexing(writer);
            _through = index.Mark;
        }

        public void Committed(BatchChanges changes)
        {
            if (changes.First == 0) return;
            CrashPoint.Reach(CrashPoint.StoreCommitted);
            // Another writer's changes between ours (a second ingest): read them from the log, in order.
            if (changes.First > _through + 1) _indexing.Add(_index._store.ScanChanges(_through, changes.First - 1).Select(c => c.Record).ToList());
            _indexing.Add(changes.Records);
            _through = Math.Max(_through, changes.Last);
        }

        public void Finish()
        {
            _indexing.Finish();
            lock (_index._writing)
            {
                _index.Commit(_through);
                _index.CloseWriter();
                _index._follower = null;
            }
        }

        public void Dispose()
        {
            _indexing.Dispose();
            lock (_index._writing)
            {
                if (_index._follower != this) return;
                _index.CloseWriter(); // not finished: what was indexed is read from the log again
                _index._follower = null;
            }
        }
    }
}

/// <summary>Test-only crash points: a process whose <c>MINERVA_TEST_CRASH_AT</c> names one dies there at once, as if
/// killed, so tests can show that a crash at either side of the two commits loses and duplicates nothing.</summary>
internal static class CrashPoint
{
    public const string StoreCommitted = "store-committed";
    public const string IndexCommitted = "index-committed";

    private static readonly string? Armed = Environment.GetEnvironmentVariable("MINERVA_TEST_CRASH_AT");

    public static void Reach(string point)
    {
        if (Armed == point) Environment.FailFast($"MINERVA_TEST_CRASH_AT={point}");
    }
}
