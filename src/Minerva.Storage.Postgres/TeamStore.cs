using Npgsql;

namespace Minerva.Storage.Postgres;

/// <summary>
/// The team server's connection to its database, as the application's role: hands out one store per tenant. It refuses
/// a role that could see past row-level security (a superuser, a role with BYPASSRLS, or one that owns or may become the
/// owner of a table), since tenant isolation is only as strong as the role the server connects as.
/// </summary>
public sealed class TeamStore : IDisposable
{
    private readonly NpgsqlDataSource _source;

    private TeamStore(NpgsqlDataSource source) => _source = source;

    /// <summary>Connects as the application's role and checks the role and the schema.</summary>
    /// <exception cref="WorkspaceException">The server cannot be reached, the role is too strong, or the schema is not this build's.</exception>
    public static TeamStore Connect(string appConnectionString) => new(TeamDatabase.Reach(appConnectionString, connection =>
    {
        using var check = new NpgsqlCommand("""
            SELECT r.rolname, r.rolsuper OR r.rolbypassrls,
                   EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND pg_has_role(current_user, c.relowner, 'MEMBER')),
                   CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0
                        WHEN has_table_privilege('schema_migrations', 'SELECT') THEN (SELECT coalesce(max(version), 0) FROM schema_migrations)
                        ELSE -1 END
            FROM pg_roles r WHERE r.rolname = current_user
            """, connection);
        using var reader = check.ExecuteReader();
        reader.Read();
        var (role, bypasses, owns, version) = (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetInt32(3));
        if (bypasses || owns)
            throw new WorkspaceException($"the team server connects to {TeamDatabase.Where(appConnectionString)} as '{role}', which " +
                (bypasses ? "is a superuser or may bypass row-level security" : "owns (or may become the owner of) its tables") +
                $": tenants would not be kept apart. Connect as the application's role ('{TeamDatabase.DefaultAppRole}' unless set otherwise), which 'minerva team migrate' creates");
        if (version != PostgresMigrations.Latest)
            throw new WorkspaceException($"the team database at {TeamDatabase.Where(appConnectionString)} " + (version <= 0
                ? "has no schema yet (or the role may not read it)"
                : $"is at schema {version} and this build needs {PostgresMigrations.Latest}") + ": run 'minerva team migrate' as its owner");
    }));

    /// <summary>Accounts and tokens by name or id, for logins and API calls, before a tenant is known.</summary>
    public IAccountDirectory Accounts => new PostgresAccountDirectory(_source);

    /// <summary>One tenant's stores. Every statement they run is in a transaction bound to that tenant.</summary>
    public TenantStore Tenant(long tenant) => new(_source, tenant);

    /// <summary>A connection as the application's role with no tenant set: what tests use to show that raw SQL, too, sees nothing.</summary>
    public NpgsqlConnection OpenConnection() => _source.OpenConnection();

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();
}
