using Minerva.Generator;
using Minerva.Testing;

namespace Minerva.Storage.Sqlite.Tests;

/// <summary>During a bulk load the log is copied into the file by another thread, and restarted once it grows too long.</summary>
public sealed class BulkCheckpointTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SqliteWorkspace _workspace;
    private readonly string _file;

    public BulkCheckpointTests()
    {
        _workspace = _folder.NewWorkspace();
        _file = _folder.File("test.minerva");
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_bulk_load_log_reaches_the_file_without_the_writer_checkpointing_and_stays_bounded()
    {
        _workspace.LogRestartBytes = 1024 * 1024;
        var before = new FileInfo(_file).Length;
        var ads = CorpusGenerator.Ads(new CorpusOptions(Ads: 6000, Seed: 11)).Take(6000).ToList();
        using (_workspace.BeginBulkLoad())
        {
            foreach (var (chunk, n) in ads.Chunk(200).Select((c, n) => (c, n)))
            {
                GeneratedRecords.Store(_workspace, chunk, $"c{n}-");
                await Task.Delay(20); // a real load's next batch takes its time to prepare: the checkpointer gets its turn
            }
            // The writer never checkpoints during a bulk load: the file grows only through the checkpointer's thread.
            var waited = 0;
            while (new FileInfo(_file).Length <= before && waited++ < 200) await Task.Delay(50);
            Assert.True(new FileInfo(_file).Length > before, "the log was never copied into the file");
        }
        // 6,000 ads write several MB of log; restarted at 1 MB, the log file stays a few MB (it grows past the limit
        // by what is written until the writer restarts it).
        Assert.InRange(new FileInfo(_file + "-wal").Length, 1, 8L * 1024 * 1024);
        Assert.Equal(6000, _workspace.CountBySource()["gen"]);
        Assert.Equal(6000, _workspace.GetChangeLog().Last);
    }
}
