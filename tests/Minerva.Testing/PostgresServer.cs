using System.Diagnostics;
using Npgsql;

namespace Minerva.Testing;

/// <summary>
/// The PostgreSQL server the team server's tests use: the one <c>tools/test</c> started (<c>MINERVA_TEST_POSTGRES</c>, a
/// superuser's connection string) or, when tests run on their own, the private one <c>tools/postgres start</c> starts
/// (or finds running). Tests that cannot have one fail with its message: none is skipped.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string> Server = new(Find);

    /// <summary>A superuser's connection string to the server's <c>postgres</c> database.</summary>
    public static string Superuser => Server.Value;

    /// <summary>
    /// A new database owned by <paramref name="owner"/>, a role made (when missing) able to log in and to create the
    /// application's role, and nothing more: no superuser, so the forced row-level security binds it too. Returns the
    /// owner's connection string to it.
    /// </summary>
    public static string CreateDatabase(string name, string owner)
    {
        // Test classes and test projects make databases at once; two creating the role, or copying template1, together fail.
        // A session lock taken on this connection puts them one after the other (it ends with the connection).
        using var connection = Open();
        Execute(connection, "SELECT pg_advisory_lock(72230415)");
        Execute(connection, $"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{owner}') THEN
                    CREATE ROLE {owner} LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE;
                END IF;
            END $$
            """);
        Execute(connection, $"CREATE DATABASE \"{name}\" OWNER {owner}"); // not in a transaction: a statement of its own
        return new NpgsqlConnectionStringBuilder(Superuser) { Database = name, Username = owner }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, ending the connections to it (this process's pools first).</summary>
    public static void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        Run($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Runs SQL as the superuser on the server's <c>postgres</c> database, on a connection of its own.</summary>
    public static void Run(string sql)
    {
        using var connection = Open();
        Execute(connection, sql);
    }

    private static NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Superuser) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("MINERVA_TEST_POSTGRES") is { Length: > 0 } given) return given;
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "tools", "postgres"), "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the team server's tests need PostgreSQL: tools/postgres start failed (exit {process.ExitCode}): {error.Result.Trim()}");
        return output.Trim();
    }
}
