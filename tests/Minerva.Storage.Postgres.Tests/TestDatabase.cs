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
        var name = $"minerva_test_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        var owner = PostgresServer.CreateDatabase(name, OwnerRole);
        using (var database = TeamDatabase.Connect(owner)) database.Migrate();
        var superuser = new NpgsqlConnectionStringBuilder(PostgresServer.Superuser) { Database = name }.ConnectionString;
        var app = new NpgsqlConnectionStringBuilder(owner) { Username = TeamDatabase.DefaultAppRole }.ConnectionString;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => PostgresServer.DropDatabase(name);
        return (superuser, owner, app);
    }
}
