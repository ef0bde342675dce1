using Npgsql;

namespace Minerva.Storage.Postgres;

/// <summary>
/// Accounts and tokens through the functions of migration 5 (the application has no grant on their tables): lookups by
/// name or id on any connection, everything else in a transaction bound to one tenant, which the functions keep to.
/// </summary>
internal sealed class PostgresAccountDirectory(NpgsqlDataSource source) : IAccountDirectory
{
    private const string AccountColumns = "id, tenant, name, role, password_hash, disabled";

    public Account? FindAccount(string name) => One($"SELECT {AccountColumns} FROM minerva_find_account(@p)", name, ReadAccount);

    public Account? GetAccount(long id) => One($"SELECT {AccountColumns} FROM minerva_get_account(@p)", id, ReadAccount);

    public StoredToken? FindToken(string id) => One("SELECT id, tenant, account, hash, scopes, label, created_at, expires_at, revoked_at FROM minerva_find_token(@p)",
        id, r => new StoredToken(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetFieldValue<byte[]>(3), r.GetFieldValue<string[]>(4), r.GetString(5),
            r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8)));

    internal static Account ReadAccount(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5));

    private T? One<T>(string sql, object value, Func<NpgsqlDataReader, T> read) where T : class
    {
        try
        {
            using var connection = source.OpenConnection();
            using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("p", value);
            using var reader = command.ExecuteReader();
            return reader.Read() ? read(reader) : null;
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            throw new WorkspaceException($"cannot reach the team database at {TeamDatabase.Where(source.ConnectionString)} to check a login: {e.Message}", e);
        }
    }
}

/// <summary>One tenant's users and tokens (<see cref="ITenantAccounts"/>).</summary>
internal sealed class PostgresTenantAccounts(TenantStore tenant) : ITenantAccounts
{
    public long? AddAccount(string name, string role, string passwordHash) => tenant.InTenant((c, tx) =>
    {
        try
        {
            return TenantStore.Command(c, tx, "SELECT minerva_add_account(@name, @role, @hash)", ("name", name), ("role", role), ("hash", passwordHash))
                .ExecuteScalarDisposed() as long?;
        }
        catch (PostgresException e) when (e.SqlState is "P0001" or "23514")
        {
            throw new WorkspaceException($"cannot add '{name}' as {role}: {e.MessageText}", e);
        }
    });

    public IReadOnlyList<Account> Accounts() => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx,
        "SELECT id, tenant, name, role, '', disabled FROM minerva_tenant_accounts()"), PostgresAccountDirectory.ReadAccount));

    public bool SetAccount(string name, string? role, bool? disabled) => tenant.InTenant((c, tx) =>
    {
        try
        {
            return TenantStore.Command(c, tx, "SELECT minerva_set_account(@name, @role, @disabled)", ("name", name), ("role", role), ("disabled", disabled))
                .ExecuteScalarDisposed() is true;
        }
        catch (PostgresException e) when (e.SqlState is "P0001" or "23514")
        {
            throw new WorkspaceException($"cannot change '{name}': {e.MessageText}", e);
        }
    });

    public bool AddToken(StoredToken token) => tenant.InTenant((c, tx) => TenantStore.Command(c, tx,
        "SELECT minerva_add_token(@id, @account, @hash, @scopes, @label, @expires)", ("id", token.Id), ("account", token.Account), ("hash", token.Hash),
        ("scopes", token.Scopes.ToArray()), ("label", token.Label), ("expires", token.ExpiresAt.ToUniversalTime())).ExecuteScalarDisposed() is true);

    public bool RevokeToken(string id) => tenant.InTenant((c, tx) =>
        TenantStore.Command(c, tx, "SELECT minerva_revoke_token(@id)", ("id", id)).ExecuteScalarDisposed() is true);

    public IReadOnlyList<StoredToken> Tokens() => tenant.InTenant((c, tx) => TenantStore.Rows(TenantStore.Command(c, tx,
        "SELECT id, tenant, account, scopes, label, created_at, expires_at, revoked_at FROM minerva_tenant_tokens()"),
        r => new StoredToken(r.GetString(0), r.GetInt64(1), r.GetInt64(2), [], r.GetFieldValue<string[]>(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5),
            r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7))));
}
