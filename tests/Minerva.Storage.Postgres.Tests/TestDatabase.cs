using Minerva.Testing;
using Npgsql;

namespace Minerva.Storage.Postgres.Tests;

/// <summary>
/// One team database for the whole test run, migrated once, on the server <c>tools/test</c> started
/// (<c>MINERVA_TEST_POSTGRES</c>) or, when the tests run on their own, on one they start with <c>tools/postgres</c>.
/// Tests keep apart by tenant: each takes a new one, which is itself what isolation must make safe. The database is
/// dropped when the run ends.
/// </summary>
internal static class TestDatabase
{
    private static readonly Lazy<(string Superuser, string Owner, string App)> Strings = new(Create);

    /// <summary>The role that owns the schema: the database's owner, no superuser, so RLS binds it as well.</summary>
    public const string OwnerRole = "minerva_test_owner";

    /// <summary>The server's superuser's connection string, to the test database.</summary>
    public static string Superuser => Strings.Value.Superuser;

    /// <summary>The schema owner's connection string.</summary>
    public static string Owner => Strings.Value.Owner;

    /// <summary>The application role's connection string.</summary>
    public static string App => Strings.Value.App;

    /// <summary>A new tenant with a name of its own; returns its id.</summary>
    public static long NewTenant(string name = "agency")
    {
        using var database = TeamDatabase.Connect(Owner);
        return database.CreateTenant($"{name}-{Guid.NewGuid():N}")!.Value;
    }

    private static (string, string, string) Create()
    {
        var server = PostgresServer.Superuser;
        var name = $"minerva_test_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        var admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false };
        using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            connection.Open();
            // The owner may create the application's role when it does not exist yet (CREATEROLE), and nothing more.
            using var create = new NpgsqlCommand($"""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OwnerRole}') THEN
                        CREATE ROLE {OwnerRole} LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE;
                    END IF;
                END $$
                """, connection);
            create.ExecuteNonQuery();
            using var database = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER {OwnerRole}", connection);
            database.ExecuteNonQuery();
        }
        var superuser = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var owner = new NpgsqlConnectionStringBuilder(server) { Database = name, Username = OwnerRole }.ConnectionString;
        using (var database = TeamDatabase.Connect(owner)) database.Migrate();
        var app = new NpgsqlConnectionStringBuilder(server) { Database = name, Username = TeamDatabase.DefaultAppRole, Password = null }.ConnectionString;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Drop(admin.ConnectionString, name);
        return (superuser, owner, app);
    }

    private static void Drop(string admin, string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
