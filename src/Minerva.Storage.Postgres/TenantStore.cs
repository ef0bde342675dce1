using Npgsql;

namespace Minerva.Storage.Postgres;

/// <summary>
/// One tenant's part of the team database: its records, resolutions, case work, privacy ledger and audit trail. Each call runs in its own transaction
/// whose first statement binds it to the tenant (<c>set_config('app.tenant', …, true)</c>, the parameterised form of
/// <c>SET LOCAL</c>), so the setting ends with the transaction and a pooled connection never carries it to another tenant.
/// </summary>
public sealed partial class TenantStore
{
    private readonly NpgsqlDataSource _source;

    internal TenantStore(NpgsqlDataSource source, long tenant) => (_source, Id) = (source, tenant);

    /// <summary>The tenant.</summary>
    public long Id { get; }

    /// <summary>Host and database, for messages (never the password).</summary>
    public string Where => TeamDatabase.Where(_source.ConnectionString);

    /// <summary>Whether the tenant exists (the application sees its own row of the tenants table only while bound to it).</summary>
    public bool Exists() => InTenant((c, tx) => Command(c, tx, "SELECT count(*) FROM tenants WHERE id = minerva_tenant()").ExecuteScalarDisposed() is 1L);

    /// <summary>The tenant's cases, notes and tags.</summary>
    public ICaseStore Cases => new PostgresCaseStore(this);

    /// <summary>The tenant's records.</summary>
    public IRecordStore Records => new PostgresRecordStore(this);

    /// <summary>The tenant's privacy ledger.</summary>
    public IPrivacyLedger Ledger => new PostgresPrivacyLedger(this);

    /// <summary>The tenant's audit trail.</summary>
    public IAuditTrail Audit => new PostgresAuditTrail(this);

    /// <summary>The tenant's users and API tokens.</summary>
    public ITenantAccounts Accounts => new PostgresTenantAccounts(this);

    /// <summary>The tenant's decisions and resolutions.</summary>
    public IResolutionStore Resolution => new PostgresResolutionStore(this);

    /// <summary>All of the tenant's stores as one workspace: what the resolver, the search index and the workbench use.</summary>
    public IWorkspace Workspace() => new PostgresWorkspace(this, null);

    /// <summary>Runs <paramref name="work"/> in a transaction bound to the tenant and commits it.</summary>
    internal T InTenant<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> work, System.Data.IsolationLevel isolation = System.Data.IsolationLevel.ReadCommitted)
    {
        using var scope = Open(isolation);
        return Guarded(scope.Connection, () =>
        {
            var result = work(scope.Connection, scope.Transaction);
            scope.Transaction.Commit();
            return result;
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/> on <paramref name="connection"/>; the connection lost meanwhile (the server restarted
    /// or stopped, the network cut) becomes a <see cref="WorkspaceException"/> that says what it means: the transaction
    /// under way was rolled back whole, and running the same command again is safe.
    /// </summary>
    internal T Guarded<T>(NpgsqlConnection connection, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is NpgsqlException or ObjectDisposedException or InvalidOperationException
                                  && (connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || connection.State == System.Data.ConnectionState.Closed
                                      || e is PostgresException { SqlState: "57P01" or "57P02" or "57P03" } || e is NpgsqlException { IsTransient: true }))
        {
            var cause = (e as PostgresException ?? e.InnerException as PostgresException)?.MessageText ?? e.Message;
            throw new WorkspaceException($"the connection to the team database at {Where} was lost ({cause}): " +
                "nothing of the transaction under way was stored. Run the same command again once the server is back: what was stored before counts as duplicates", e);
        }
    }

    /// <summary>A connection with a transaction bound to the tenant, for work that outlives one call (a scan, an ingest
    /// batch); disposing it without a commit rolls back.</summary>
    internal Scope Open(System.Data.IsolationLevel isolation = System.Data.IsolationLevel.ReadCommitted)
    {
        var connection = _source.OpenConnection();
        try
        {
            var tx = connection.BeginTransaction(isolation);
            using (var bind = new NpgsqlCommand("SELECT set_config('app.tenant', @tenant, true)", connection, tx))
            {
                bind.Parameters.AddWithValue("tenant", Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                bind.ExecuteNonQuery();
            }
            return new Scope(connection, tx);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A tenant-bound connection and its transaction.</summary>
    internal sealed record Scope(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IDisposable
    {
        public void Dispose()
        {
            Transaction.Dispose();
            Connection.Dispose();
        }
    }

    /// <summary>A command with its parameters, in the tenant's transaction.</summary>
    internal static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>The rows of a query read one by one, in one repeatable-read transaction held until the reader stops: a scan
    /// sees the tenant as of its start however long it is read, in constant memory.</summary>
    internal IEnumerable<T> Stream<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var scan = Open(System.Data.IsolationLevel.RepeatableRead);
        using var command = Command(scan.Connection, scan.Transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return read(reader);
    }

    /// <summary>Every row of a query, read by <paramref name="read"/>.</summary>
    internal static List<T> Rows<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read)
    {
        using (command)
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(read(reader));
            return rows;
        }
    }
}

/// <summary>Npgsql commands used once.</summary>
internal static class CommandExtensions
{
    /// <summary>Runs a command for its one value and disposes of it.</summary>
    public static object? ExecuteScalarDisposed(this NpgsqlCommand command)
    {
        using (command) return command.ExecuteScalar();
    }

    /// <summary>Runs a command for its effect and disposes of it; returns the rows it changed.</summary>
    public static int ExecuteNonQueryDisposed(this NpgsqlCommand command)
    {
        using (command) return command.ExecuteNonQuery();
    }
}
