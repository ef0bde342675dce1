using System.Text.RegularExpressions;
using Npgsql;

namespace Minerva.Storage.Postgres;

/// <summary>
/// The team database as its administrator sees it: the schema and its migrations, the application's role, and the
/// tenants. Connects as the schema's owner (a database owner or superuser); the team server itself never does, it uses
/// <see cref="TeamStore"/> as the application's role.
/// </summary>
public sealed partial class TeamDatabase : IDisposable
{
    /// <summary>The application role's name unless told otherwise.</summary>
    public const string DefaultAppRole = "minerva_app";

    private readonly NpgsqlDataSource _source;

    private TeamDatabase(NpgsqlDataSource source) => _source = source;

    /// <summary>Opens the database as its owner.</summary>
    /// <exception cref="WorkspaceException">The server cannot be reached; the message says where, without the password.</exception>
    public static TeamDatabase Connect(string ownerConnectionString) => new(Reach(ownerConnectionString, _ => { }));

    /// <summary>
    /// A data source for <paramref name="connectionString"/>, once a first connection was opened and passed
    /// <paramref name="check"/>; disposed again when either fails. A server that cannot be reached is a
    /// <see cref="WorkspaceException"/> naming host and database, never the password.
    /// </summary>
    internal static NpgsqlDataSource Reach(string connectionString, Action<NpgsqlConnection> check)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        try
        {
            using var connection = source.OpenConnection();
            check(connection);
            return source;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            source.Dispose();
            throw new WorkspaceException($"cannot reach the team database at {Where(connectionString)}: {e.Message}", e);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Host and database of a connection string, never its password: what messages may say.</summary>
    public static string Where(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}/{builder.Database}";
    }

    /// <summary>
    /// Brings the schema to <see cref="PostgresMigrations.Latest"/>, each migration in its own transaction, under a lock so
    /// that two servers starting together do not both migrate; creates <paramref name="appRole"/> (able to log in, nothing
    /// else) when it does not exist. Returns the version before.
    /// </summary>
    /// <exception cref="ArgumentException">A role name that is not a plain lower-case identifier.</exception>
    public int Migrate(string appRole = DefaultAppRole)
    {
        if (!RoleName().IsMatch(appRole)) throw new ArgumentException($"'{appRole}' is not a role name Minerva uses (a-z, 0-9, _; at most 63)", nameof(appRole));
        using var connection = _source.OpenConnection();
        Execute(connection, null, "SELECT pg_advisory_lock(hashtext('minerva.migrate'))");
        try
        {
            Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations(version int PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())");
            using (var role = new NpgsqlCommand($"""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{appRole}') THEN
                        CREATE ROLE "{appRole}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION;
                    END IF;
                END $$
                """, connection))
                role.ExecuteNonQuery();
            var before = Version(connection);
            for (var version = before + 1; version <= PostgresMigrations.Latest; version++)
            {
                using var tx = connection.BeginTransaction();
                Execute(connection, tx, PostgresMigrations.All[version - 1].Replace("{app}", $"\"{appRole}\"", StringComparison.Ordinal));
                using var mark = new NpgsqlCommand("INSERT INTO schema_migrations(version) VALUES(@v)", connection, tx);
                mark.Parameters.AddWithValue("v", version);
                mark.ExecuteNonQuery();
                tx.Commit();
            }
            return before;
        }
        finally
        {
            Execute(connection, null, "SELECT pg_advisory_unlock(hashtext('minerva.migrate'))");
        }
    }

    /// <summary>The schema version (0 before the first migration).</summary>
    public int SchemaVersion()
    {
        using var connection = _source.OpenConnection();
        return Version(connection);
    }

    private static int Version(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM schema_migrations) END", connection);
        return (int)command.ExecuteScalar()!;
    }

    /// <summary>Adds a tenant (an agency or a team); returns its id, or null when the name is taken.</summary>
    public long? CreateTenant(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var connection = _source.OpenConnection();
        using var insert = new NpgsqlCommand("INSERT INTO tenants(name) VALUES(@name) ON CONFLICT(name) DO NOTHING RETURNING id", connection);
        insert.Parameters.AddWithValue("name", name);
        return insert.ExecuteScalar() is long id ? id : null;
    }

    /// <summary>Every tenant, by id.</summary>
    public IReadOnlyList<(long Id, string Name)> Tenants()
    {
        using var connection = _source.OpenConnection();
        using var command = new NpgsqlCommand("SELECT id, name FROM tenants ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var tenants = new List<(long, string)>();
        while (reader.Read()) tenants.Add((reader.GetInt64(0), reader.GetString(1)));
        return tenants;
    }

    /// <summary>Adds a user to a tenant, in any role (admin too: only the owner makes one); returns its id, or null when the
    /// name is taken.</summary>
    /// <exception cref="WorkspaceException">There is no such tenant, or no such role.</exception>
    public long? AddAccount(long tenant, string name, string role, string passwordHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var connection = _source.OpenConnection();
        using var insert = new NpgsqlCommand("""
            INSERT INTO accounts(tenant, name, name_key, role, password_hash) VALUES(@tenant, @name, lower(@name), @role, @hash)
            ON CONFLICT(name_key) DO NOTHING RETURNING id
            """, connection);
        insert.Parameters.AddWithValue("tenant", tenant);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("role", role);
        insert.Parameters.AddWithValue("hash", passwordHash);
        try
        {
            return insert.ExecuteScalar() is long id ? id : null;
        }
        catch (PostgresException e) when (e.SqlState is "23503" or "23514")
        {
            throw new WorkspaceException(e.SqlState == "23503" ? $"there is no tenant {tenant}: 'minerva team tenant list' shows them" : $"'{role}' is not a role", e);
        }
    }

    /// <summary>Runs SQL as the owner, with no tenant set: for tests and tools that must see what the database holds.</summary>
    public NpgsqlConnection OpenOwnerConnection() => _source.OpenConnection();

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        command.ExecuteNonQuery();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();
}
