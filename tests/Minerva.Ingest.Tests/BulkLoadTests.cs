using Minerva.Core;
using Minerva.Generator;
using Minerva.Ingest.Definitions;
using Minerva.Storage;
using Minerva.Testing;

namespace Minerva.Ingest.Tests;

/// <summary>A run large next to its workspace rebuilds the read indexes once at the end; what it stores must not change.</summary>
public sealed class BulkLoadTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ConnectorDefinition _ads = DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml"));

    public BulkLoadTests() => CorpusGenerator.Write(_folder.Path, new CorpusOptions(Ads: 3000, Seed: 5150));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_bulk_load_stores_and_finds_exactly_what_a_record_by_record_load_does()
    {
        using var plain = Minerva.Storage.Sqlite.SqliteWorkspace.Create(_folder.File("plain.minerva"));
        using var bulk = Minerva.Storage.Sqlite.SqliteWorkspace.Create(_folder.File("bulk.minerva"));
        var plainRun = new Ingestor(plain) { BulkLoadMinimum = long.MaxValue }.Run(_ads, [_folder.File("ads.jsonl")]);
        var bulkRun = new Ingestor(bulk) { BulkLoadMinimum = 500 }.Run(_ads, [_folder.File("ads.jsonl")]);
        Assert.False(plainRun.BulkLoad);
        Assert.True(bulkRun.BulkLoad);
        Assert.Equal((plainRun.Read, plainRun.Ingested), (bulkRun.Read, bulkRun.Ingested));
        Assert.Equal(plain.GetStats().Selectors, bulk.GetStats().Selectors);

        // Planted phones are found by selector, and words by full text, the same in both. (A few numbers posted in
        // another country's ad are unreadable there, in both loads alike: GeneratedCorpusTests measures them.)
        var phones = File.ReadLines(_folder.File("selectors.csv")).Skip(1).Select(l => l.Split(','))
            .Where(p => p[1] == "phone").Select(p => p[2]).Distinct().Take(200).ToList();
        Assert.NotEmpty(phones);
        foreach (var phone in phones)
            Assert.Equal(Keys(plain.FindBySelector(SelectorKind.Phone, phone, 1000)), Keys(bulk.FindBySelector(SelectorKind.Phone, phone, 1000)));
        var found = phones.Count(phone => bulk.FindBySelector(SelectorKind.Phone, phone, 1).Count > 0);
        Assert.True(found >= 0.97 * phones.Count, $"{found} of {phones.Count} planted phones found");
        // What the search index reads of the records is the same in both (ids and selectors, in change order).
        Assert.Equal(Logged(plain), Logged(bulk));
    }

    [Fact]
    public void A_small_run_into_a_larger_workspace_does_not_switch()
    {
        using var workspace = Minerva.Storage.Sqlite.SqliteWorkspace.Create(_folder.File("w.minerva"));
        var first = new Ingestor(workspace) { BulkLoadMinimum = 100 }.Run(_ads, [_folder.File("ads.jsonl")]);
        Assert.True(first.BulkLoad); // 3,000 new records into an empty workspace
        File.WriteAllLines(_folder.File("more.jsonl"), File.ReadLines(_folder.File("ads.jsonl")).Take(400)
            .Select(l => l.Replace("\"id\":\"ad-", "\"id\":\"more-", StringComparison.Ordinal)));
        var second = new Ingestor(workspace) { BulkLoadMinimum = 100 }.Run(_ads, [_folder.File("more.jsonl")]);
        Assert.Equal(400, second.Ingested);
        Assert.False(second.BulkLoad); // 400 is less than a quarter of 3,000
    }

    private static List<string> Logged(IWorkspace workspace) =>
        workspace.ScanChanges(0, workspace.GetChangeLog().Last).Select(c => $"{c.Record.Id} {c.Record.Record.Key} {string.Join(' ', c.Record.Selectors)}").ToList();

    private static List<string> Keys(IEnumerable<RecordSummary> records) => records.Select(r => r.Key.ToString()).Order().ToList();
}
