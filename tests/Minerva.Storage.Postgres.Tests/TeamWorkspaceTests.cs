using Minerva.Generator;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve;
using Minerva.Resolve.Rules;
using Minerva.Search;
using Minerva.Storage.Sqlite;
using Minerva.Testing;

namespace Minerva.Storage.Postgres.Tests;

/// <summary>
/// The pipeline's stages on a tenant of the team database, unchanged: the same generated ads ingested into a workspace
/// file and into a tenant, resolved by the same rules and searched through the same index code, give the same entities
/// and the same hits. And a tenant's search index is its own: opened over another tenant's folder, it shows none of
/// that tenant's records.
/// </summary>
public sealed class TeamWorkspaceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TeamStore _team = TeamStore.Connect(TestDatabase.App);

    public void Dispose()
    {
        _team.Dispose();
        _folder.Dispose();
    }

    private static readonly ConnectorDefinition Ads = DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml"));

    private string Corpus(int ads, int seed)
    {
        var folder = Directory.CreateDirectory(_folder.File($"corpus-{seed}")).FullName;
        CorpusGenerator.Write(folder, new CorpusOptions(Ads: ads, Seed: seed));
        return Path.Combine(folder, "ads.jsonl");
    }

    private static HashSet<string> Partition(IWorkspace workspace) =>
        [.. workspace.ExportMemberships().GroupBy(m => m.Entity).Select(g => string.Join(' ', g.Select(m => m.Record.ToString()).Order(StringComparer.Ordinal)))];

    [Fact]
    public void A_tenant_resolves_and_searches_as_a_workspace_file_does()
    {
        var ads = Corpus(2500, seed: 8);
        using var file = SqliteWorkspace.Create(_folder.File("ads.minerva"));
        using var tenant = _team.Tenant(TestDatabase.NewTenant("ngo")).Workspace();
        var rules = RuleLoader.Load("ads");
        foreach (var workspace in new IWorkspace[] { file, tenant })
        {
            new Ingestor(workspace).Run(Ads, [ads]);
            new Resolver(workspace, rules).Run();
        }

        Assert.Equal(file.GetStats().Records, tenant.GetStats().Records);
        var (expected, actual) = (Partition(file), Partition(tenant));
        Assert.True(expected.Count > 100, $"the corpus should make many entities, not {expected.Count}");
        Assert.Equal(expected.Count, actual.Count);
        Assert.Empty(expected.Except(actual));
        Assert.Equal(file.GetHubs().Select(h => (h.Kind, h.Value)), tenant.GetHubs().Select(h => (h.Kind, h.Value)));
        Assert.Equal(file.CrossEntityLinks().Count(), tenant.CrossEntityLinks().Count());

        // A second run over the same records is incremental, and finds nothing new.
        var again = new Resolver(tenant, rules).Resolve();
        Assert.Equal(("incremental", 0), (again.Mode, again.NewRecords));
        Assert.Equal(actual, Partition(tenant));
        using var fileIndex = RecordIndex.Open(file);
        using var tenantIndex = RecordIndex.Open(tenant, _folder.File("tenant.index"));
        foreach (var query in new[] { "\"just arrived\"", "sweet friendly", "gentlemen" })
        {
            var (a, b) = (new Searcher(file, fileIndex).Page(query, new SearchOptions(Limit: 50)), new Searcher(tenant, tenantIndex).Page(query, new SearchOptions(Limit: 50)));
            Assert.Equal(a.Total, b.Total);
            Assert.Equal(a.Hits.Select(h => h.Record.Key.ToString()).Order(StringComparer.Ordinal), b.Hits.Select(h => h.Record.Key.ToString()).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_tenants_index_folder_opened_for_another_tenant_is_rebuilt_from_that_tenants_records_only()
    {
        using var police = _team.Tenant(TestDatabase.NewTenant("police")).Workspace();
        using var ngo = _team.Tenant(TestDatabase.NewTenant("ngo")).Workspace();
        new Ingestor(police).Run(Ads, [Corpus(300, seed: 21)]);
        new Ingestor(ngo).Run(Ads, [Corpus(200, seed: 22)]);
        var folder = _folder.File("shared.index");
        using (var index = RecordIndex.Open(police, folder)) Assert.Equal(police.GetStats().Records, index.Count);
        using (var index = RecordIndex.Open(ngo, folder))
        {
            Assert.Equal(ngo.GetStats().Records, index.Count);
            var everything = new Searcher(ngo, index).Page("gentlemen", new SearchOptions(Limit: 1000));
            Assert.NotEmpty(everything.Hits);
            Assert.All(everything.Hits, h => Assert.NotNull(ngo.GetRecord(h.Record.Key)));
        }
    }
}
