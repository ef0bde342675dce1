using Npgsql;

namespace Minerva.Storage.Postgres;

/// <summary>
/// One tenant's audit trail (<see cref="IAuditTrail"/>): a chain per tenant, so each tenant's lead can verify their own
/// without reading anyone else's. The application role may insert entries but not change or delete them (no grant, and a
/// trigger for the owner); the head row it does update is what shows entries cut off the end.
/// </summary>
internal sealed class PostgresAuditTrail(TenantStore tenant) : IAuditTrail
{
    private const string Columns = "seq, at, action, actor, target, detail, previous, hash";

    private static AuditEntry Read(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3),
        r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7));

    public AuditEntry? Append(AuditEvent audited) => tenant.InTenant((c, tx) =>
    {
        // The head row, locked: appends of one tenant queue here, those of different tenants do not meet.
        TenantStore.Command(c, tx, "INSERT INTO audit_heads(seq, hash) VALUES(0, '') ON CONFLICT(tenant) DO NOTHING").ExecuteNonQueryDisposed();
        var (seq, hash) = TenantStore.Rows(TenantStore.Command(c, tx, "SELECT seq, hash FROM audit_heads FOR UPDATE"), r => (r.GetInt64(0), r.GetString(1))).Single();
        var entry = AuditChain.Next(seq, hash, audited, DateTimeOffset.UtcNow);
        TenantStore.Command(c, tx, $"INSERT INTO audit_log({Columns}) VALUES(@seq, @at, @action, @actor, @target, @detail, @previous, @hash)",
            ("seq", entry.Seq), ("at", entry.At), ("action", entry.Action), ("actor", entry.Actor), ("target", entry.Target), ("detail", entry.Detail),
            ("previous", entry.Previous), ("hash", entry.Hash)).ExecuteNonQueryDisposed();
        TenantStore.Command(c, tx, "UPDATE audit_heads SET seq = @seq, hash = @hash", ("seq", entry.Seq), ("hash", entry.Hash)).ExecuteNonQueryDisposed();
        return entry;
    });

    public byte[] SelectorKey() => tenant.InTenant((c, tx) =>
    {
        TenantStore.Command(c, tx, "INSERT INTO audit_keys(key) VALUES(@key) ON CONFLICT(tenant) DO NOTHING",
            ("key", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))).ExecuteNonQueryDisposed();
        return (byte[])TenantStore.Command(c, tx, "SELECT key FROM audit_keys").ExecuteScalarDisposed()!;
    });

    public IReadOnlyList<AuditEntry> Read(long after, int limit) => tenant.InTenant((c, tx) =>
        TenantStore.Rows(TenantStore.Command(c, tx, $"SELECT {Columns} FROM audit_log WHERE seq > @after ORDER BY seq LIMIT @limit", ("after", after), ("limit", limit)), Read));

    public AuditCheck Verify() => tenant.InTenant((c, tx) =>
    {
        var head = TenantStore.Rows(TenantStore.Command(c, tx, "SELECT seq, hash FROM audit_heads"), r => (Seq: r.GetInt64(0), Hash: r.GetString(1))).SingleOrDefault((0, ""));
        using var command = TenantStore.Command(c, tx, $"SELECT {Columns} FROM audit_log ORDER BY seq");
        using var reader = command.ExecuteReader();
        return AuditChain.Check(Entries(reader), head.Seq, head.Hash);

        static IEnumerable<AuditEntry> Entries(NpgsqlDataReader reader)
        {
            while (reader.Read()) yield return Read(reader);
        }
    }, System.Data.IsolationLevel.RepeatableRead); // the head and the entries as of one moment, however many appends go on meanwhile
}
