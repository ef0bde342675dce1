using Minerva.Generator;
using Minerva.Ingest.Definitions;
using Minerva.Storage;
using Minerva.Testing;

namespace Minerva.Ingest.Tests;

public sealed class SharedWorkTests
{
    [Fact]
    public async Task Items_done_by_several_threads_come_back_in_order_each_done_once()
    {
        var items = Enumerable.Range(0, 5000).ToList();
        var calls = 0;
        var work = new SharedWork<int, int>(items, i =>
        {
            Interlocked.Increment(ref calls);
            return i * 2;
        });
        var helpers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => { while (work.HelpOne()) { } })).ToArray();
        var results = work.Finish();
        await Task.WhenAll(helpers);
        Assert.Equal(items.Select(i => i * 2), results);
        Assert.Equal(5000, calls);
    }

    [Fact]
    public async Task An_item_that_throws_on_a_helper_fails_the_whole_batch()
    {
        var work = new SharedWork<int, int>(Enumerable.Range(0, 100).ToList(), i => i == 7 ? throw new InvalidOperationException("item 7") : i);
        var helper = Task.Run(() => { while (work.HelpOne()) { } });
        var e = Assert.Throws<InvalidOperationException>(() => work.Finish());
        Assert.Equal("item 7", e.Message);
        await helper;
    }

    [Fact]
    public async Task A_storage_failure_ends_the_run_with_its_error_instead_of_hanging()
    {
        using var folder = new TempFolder();
        CorpusGenerator.Write(folder.Path, new CorpusOptions(Ads: 12_000, Seed: 3));
        using var real = folder.NewWorkspace();
        var batchesLeft = 1; // then the disk is full
        var failing = Intercepting.Wrap<IWorkspace>(real, (method, call) =>
            method.Name == nameof(IWorkspace.BeginBatch) && batchesLeft-- <= 0 ? throw new IOException("disk full") : call.Proceed());
        var run = Task.Run(() => new Ingestor(failing).Run(DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml")), [folder.File("ads.jsonl")]));
        var e = await Assert.ThrowsAsync<IOException>(() => run.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal("disk full", e.Message);
    }
}
