using Minerva.Storage.Contracts;
using Npgsql;

namespace Minerva.Storage.Postgres.Tests;

/// <summary>A new tenant of the test database for each test of a contract, reached as the application role.</summary>
public abstract class PostgresContractFixture : IDisposable
{
    private TeamStore _team = TeamStore.Connect(TestDatabase.App);

    protected long TenantId { get; } = TestDatabase.NewTenant();

    protected TenantStore Tenant => _team.Tenant(TenantId);

    protected void Reconnect()
    {
        _team.Dispose();
        NpgsqlConnection.ClearAllPools();
        _team = TeamStore.Connect(TestDatabase.App);
    }

    /// <summary>Runs SQL as the schema's owner, with the append-only triggers off: what a database administrator could do,
    /// and the chains must show. RLS is forced, so the owner too sees only the tenant it names: tests running beside this
    /// one, in other tenants, are not touched.</summary>
    protected void AsOwner(string sql, params (string Name, object Value)[] parameters)
    {
        using var database = TeamDatabase.Connect(TestDatabase.Owner);
        using var connection = database.OpenOwnerConnection();
        using var tx = connection.BeginTransaction();
        using (var bind = new NpgsqlCommand($"SELECT set_config('app.tenant', '{TenantId}', true)", connection, tx)) bind.ExecuteNonQuery();
        using (var off = new NpgsqlCommand("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only", connection, tx)) off.ExecuteNonQuery();
        using (var command = new NpgsqlCommand(sql, connection, tx))
        {
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            command.ExecuteNonQuery();
        }
        using (var on = new NpgsqlCommand("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only", connection, tx)) on.ExecuteNonQuery();
        tx.Commit();
    }

    public void Dispose()
    {
        _team.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class PostgresCaseStoreContractTests : CaseStoreContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override ICaseStore Store => _fixture.Store;

    protected override void Reconnect() => _fixture.Again();

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : PostgresContractFixture
    {
        public ICaseStore Store => Tenant.Cases;

        public void Again() => Reconnect();
    }
}

public sealed class PostgresRecordStoreContractTests : RecordStoreContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override IRecordStore Records => _fixture.Records;

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : PostgresContractFixture
    {
        public IRecordStore Records => Tenant.Records;
    }
}

public sealed class PostgresResolutionStoreContractTests : ResolutionStoreContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override IWorkspace Workspace => _fixture.Whole;

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : PostgresContractFixture
    {
        public IWorkspace Whole => Tenant.Workspace();
    }
}

public sealed class PostgresPrivacyLedgerContractTests : PrivacyLedgerContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override IPrivacyLedger Ledger => _fixture.Ledger;

    protected override void Tamper(string sql) => _fixture.Tamper(sql);

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : PostgresContractFixture
    {
        public IPrivacyLedger Ledger => Tenant.Ledger;

        public void Tamper(string sql) => AsOwner(sql);
    }
}

public sealed class PostgresAuditTrailContractTests : AuditTrailContract, IDisposable
{
    private readonly Fixture _fixture = new();

    protected override IAuditTrail Trail => _fixture.Trail;

    protected override void EditDetail(long seq, string detail) => _fixture.Tamper("UPDATE audit_log SET detail = @detail WHERE seq = @seq", ("detail", detail), ("seq", seq));

    protected override void Delete(long seq, bool withHead)
    {
        _fixture.Tamper("DELETE FROM audit_log WHERE seq = @seq", ("seq", seq));
        if (withHead) _fixture.Tamper("UPDATE audit_heads SET seq = @seq, hash = (SELECT hash FROM audit_log WHERE seq = @seq)", ("seq", seq - 1));
    }

    public void Dispose() => _fixture.Dispose();

    private sealed class Fixture : PostgresContractFixture
    {
        public IAuditTrail Trail => Tenant.Audit;

        public void Tamper(string sql, params (string Name, object Value)[] parameters) => AsOwner(sql, parameters);
    }
}
