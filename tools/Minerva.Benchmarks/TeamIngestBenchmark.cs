using System.Diagnostics;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Storage;
using Minerva.Storage.Postgres;
using Minerva.Storage.Sqlite;
using Npgsql;

namespace Minerva.Benchmarks;

/// <summary>
/// Ingest into the team server's store (one tenant of a PostgreSQL database, as the application role, over a Unix
/// socket) next to the workstation's (a SQLite file) in the same run, on the same corpus: records and selectors stored,
/// no search index on either side, so the stores themselves are compared. The server is MINERVA_BENCH_POSTGRES's (a
/// superuser's connection string) or the private one of tools/postgres.
/// </summary>
internal static class TeamIngestBenchmark
{
    public static void Run(string corpus, string work)
    {
        var definition = DefinitionLoader.Load(IngestBenchmark.FindConnector("generated-ads.yaml"));
        var (owner, app) = Database(Environment.GetEnvironmentVariable("MINERVA_BENCH_POSTGRES") is { Length: > 0 } given ? given : StartServer());
        for (var round = 0; round < 2; round++) // alternated, so neither side has the warmer machine
        {
            var path = Path.Combine(work, "team-bench.minerva");
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
            using (var workspace = SqliteWorkspace.Create(path)) Measure("workstation (SQLite file)", workspace, definition, corpus);

            long tenant;
            using (var database = TeamDatabase.Connect(owner)) tenant = database.CreateTenant($"bench-{Guid.NewGuid():N}")!.Value;
            using var team = TeamStore.Connect(app);
            Measure($"team server (PostgreSQL {ServerVersion(owner)}, tenant {tenant})", team.Tenant(tenant).Records, definition, corpus);
        }
    }

    private static void Measure(string name, IRecordStore store, ConnectorDefinition definition, string corpus)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = new Ingestor(store).Run(definition, [corpus]);
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine($"  {name}: {result.Read:N0} ads in {watch.Elapsed.TotalSeconds:N1} s = {result.Read / watch.Elapsed.TotalSeconds:N0} ads/s " +
                          $"(store {result.StoreTime.TotalSeconds:N1} s, this process's CPU {cpu.TotalSeconds:N1} s); {store.GetStats().Selectors:N0} selectors");
    }

    private static string ServerVersion(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection.PostgreSqlVersion.ToString();
    }

    /// <summary>A database of its own for this run, owned by a role that is no superuser, migrated; the owner's and the application's connection strings.</summary>
    internal static (string Owner, string App) Database(string superuser)
    {
        const string OwnerRole = "minerva_bench_owner";
        var name = $"minerva_bench_{Environment.ProcessId}";
        using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(superuser) { Pooling = false }.ConnectionString))
        {
            connection.Open();
            foreach (var sql in new[]
                     {
                         $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OwnerRole}') THEN CREATE ROLE {OwnerRole} LOGIN CREATEROLE; END IF; END $$",
                         $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", $"CREATE DATABASE {name} OWNER {OwnerRole}",
                     })
            {
                using var command = new NpgsqlCommand(sql, connection);
                command.ExecuteNonQuery();
            }
        }
        var owner = new NpgsqlConnectionStringBuilder(superuser) { Database = name, Username = OwnerRole }.ConnectionString;
        using (var database = TeamDatabase.Connect(owner)) database.Migrate();
        return (owner, new NpgsqlConnectionStringBuilder(superuser) { Database = name, Username = TeamDatabase.DefaultAppRole }.ConnectionString);
    }

    internal static string StartServer()
    {
        var script = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(IngestBenchmark.FindConnector("generated-ads.yaml"))!, "..", "tools", "postgres"));
        using var process = Process.Start(new ProcessStartInfo("bash", [script, "start"]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"team ingest benchmark: {script} start failed (exit {process.ExitCode})");
        return output;
    }
}
