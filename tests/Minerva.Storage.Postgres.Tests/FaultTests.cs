using Minerva.Generator;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve;
using Minerva.Resolve.Rules;
using Minerva.Testing;
using Npgsql;

namespace Minerva.Storage.Postgres.Tests;

/// <summary>
/// The server's connection lost in the middle of an ingest (the backend terminated, as a restart of PostgreSQL ends it):
/// the run fails with a message saying what happened and what to do, nothing of the batch under way is visible, and the
/// same run again stores the rest with no record twice; lost while a resolution is saved, the one before stays whole. A database of its own, since it cuts every connection to it.
/// </summary>
public sealed class FaultTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _name = $"minerva_fault_{Guid.NewGuid():N}"[..32];
    private readonly string _app;
    private readonly long _tenant;

    public FaultTests()
    {
        var owner = PostgresServer.CreateDatabase(_name, TestDatabase.OwnerRole);
        using (var database = TeamDatabase.Connect(owner))
        {
            database.Migrate();
            _tenant = database.CreateTenant("police-nl")!.Value;
        }
        _app = new NpgsqlConnectionStringBuilder(TestDatabase.App) { Database = _name }.ConnectionString;
    }

    public void Dispose()
    {
        PostgresServer.DropDatabase(_name);
        _folder.Dispose();
    }

    /// <summary>Ends every connection the application has to the test's database, as a server restart does.</summary>
    private void CutConnections() => PostgresServer.Run(
        $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_name}' AND usename = '{TeamDatabase.DefaultAppRole}'");

    /// <summary>A record store that cuts the connections when its <paramref name="cutAt"/>th batch is about to commit.</summary>
    private static IRecordStore Cutting(IRecordStore store, int cutAt, Action cut)
    {
        var batches = 0;
        return Intercepting.Wrap(store, (method, call) => method.Name == nameof(IRecordStore.BeginBatch) && ++batches == cutAt
            ? Intercepting.Wrap((IIngestBatch)call.Proceed()!, (m, commit) =>
            {
                if (m.Name == nameof(IIngestBatch.Commit)) cut();
                return commit.Proceed();
            })
            : call.Proceed());
    }

    [Fact]
    public void A_connection_lost_mid_ingest_fails_the_run_clearly_keeps_what_was_committed_and_a_re_run_completes_it()
    {
        CorpusGenerator.Write(_folder.Path, new CorpusOptions(Ads: 5000, Seed: 11));
        var definition = DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml"));
        using var team = TeamStore.Connect(_app);
        var records = team.Tenant(_tenant).Records;

        var e = Assert.Throws<WorkspaceException>(() => new Ingestor(Cutting(records, cutAt: 2, CutConnections)).Run(definition, [_folder.File("ads.jsonl")]));
        Assert.Contains("connection to the team database", e.Message, StringComparison.Ordinal);
        Assert.Contains("Run the same command again", e.Message, StringComparison.Ordinal);
        NpgsqlConnection.ClearAllPools(); // the pool's connections were cut too; a new run starts afresh

        var stored = records.GetStats().Records;
        Assert.Equal(2048, stored); // the first batch, whole; nothing of the second
        Assert.Equal(new ChangeLog(2048, 0), records.GetChangeLog());

        var again = new Ingestor(records).Run(definition, [_folder.File("ads.jsonl")]);
        Assert.Equal((2048L, again.Read - 2048 - again.Quarantined), (again.Duplicate, again.Ingested));
        var after = records.GetStats();
        Assert.Equal(2048 + again.Ingested, after.Records);
        Assert.Equal(after.Records, records.ScanRecords(null, false).Select(r => r.Record.Key).Distinct().Count()); // no record twice
        Assert.Equal(after.Records, records.GetChangeLog().Last); // every change numbered once, without a gap
    }

    [Fact]
    public void A_connection_lost_while_a_resolution_is_saved_leaves_the_previous_one_whole_and_a_re_run_saves_it()
    {
        CorpusGenerator.Write(_folder.Path, new CorpusOptions(Ads: 3000, Seed: 5));
        var definition = DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml"));
        using var workspace = PostgresWorkspace.Open(_app, _tenant);
        new Ingestor(workspace).Run(definition, [_folder.File("ads.jsonl")]);
        var rules = RuleLoader.Load("ads");
        new Resolver(workspace, rules).Run();
        var first = (Run: workspace.GetLatestResolution()!.Id, Members: workspace.GetMemberships(null));

        // Halfway through the links the save streams to the server (by COPY, inside its one transaction), the server goes.
        var saving = Intercepting.Wrap<IWorkspace>(workspace, (method, call) =>
        {
            if (method.Name == nameof(IWorkspace.SaveResolution))
            {
                var args = call.Arguments!;
                var resolution = (Resolution)args[0]!;
                args[0] = resolution with { Links = CutHalfway(resolution.Links) };
            }
            return call.Proceed();
        });
        var e = Assert.Throws<WorkspaceException>(() => new Resolver(saving, rules).Run());
        Assert.Contains("nothing of the transaction under way was stored", e.Message, StringComparison.Ordinal);
        NpgsqlConnection.ClearAllPools();

        Assert.Equal(first.Run, workspace.GetLatestResolution()!.Id);
        Assert.Equal(first.Members, workspace.GetMemberships(null));
        new Resolver(workspace, rules).Run();
        Assert.NotEqual(first.Run, workspace.GetLatestResolution()!.Id);
        Assert.Equal(first.Members.Count, workspace.GetMemberships(null).Count);
    }

    private IEnumerable<StoredLink> CutHalfway(IEnumerable<StoredLink> links)
    {
        var all = links.ToList();
        Assert.True(all.Count > 100, $"the corpus should make links to cut in the middle of ({all.Count})");
        for (var i = 0; i < all.Count; i++)
        {
            if (i == all.Count / 2) CutConnections();
            yield return all[i];
        }
    }
}
