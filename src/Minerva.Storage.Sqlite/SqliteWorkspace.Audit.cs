using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

/// <summary>The audit trail (<see cref="IAuditTrail"/>) in the workspace file: one investigator's own record of what was done.</summary>
public sealed partial class SqliteWorkspace : IAuditTrail
{
    /// <inheritdoc/>
    public IAuditTrail Audit => this;

    private const string AuditColumns = "seq, at, action, actor, target, detail, previous, hash";

    private static AuditEntry ReadAudit(SqliteDataReader reader) => new(reader.GetInt64(0),
        DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7));

    /// <inheritdoc/>
    public AuditEntry? Append(AuditEvent audited)
    {
        if (ReadOnly) return null;
        // IMMEDIATE: the write lock is taken before the head is read, so two appends cannot both follow the same entry.
        using var tx = _connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        var (seq, hash) = AuditHead(tx);
        var entry = AuditChain.Next(seq, hash, audited, DateTimeOffset.UtcNow);
        using (var insert = Command("INSERT INTO audit_log VALUES($seq, $at, $action, $actor, $target, $detail, $previous, $hash)", tx))
        {
            insert.Parameters.AddWithValue("$seq", entry.Seq);
            insert.Parameters.AddWithValue("$at", AuditChain.Stamp(entry.At));
            insert.Parameters.AddWithValue("$action", entry.Action);
            insert.Parameters.AddWithValue("$actor", entry.Actor);
            insert.Parameters.AddWithValue("$target", entry.Target);
            insert.Parameters.AddWithValue("$detail", entry.Detail);
            insert.Parameters.AddWithValue("$previous", entry.Previous);
            insert.Parameters.AddWithValue("$hash", entry.Hash);
            insert.ExecuteNonQuery();
        }
        using (var head = Command("INSERT INTO audit_head(one, seq, hash) VALUES(1, $seq, $hash) ON CONFLICT(one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash", tx))
        {
            head.Parameters.AddWithValue("$seq", entry.Seq);
            head.Parameters.AddWithValue("$hash", entry.Hash);
            head.ExecuteNonQuery();
        }
        tx.Commit();
        return entry;
    }

    /// <inheritdoc/>
    public byte[] SelectorKey()
    {
        using var read = Command("SELECT key FROM audit_key");
        if (read.ExecuteScalar() is byte[] key) return key;
        if (ReadOnly) return System.Security.Cryptography.RandomNumberGenerator.GetBytes(32); // nothing is audited on read-only media
        using var insert = Command("INSERT INTO audit_key(key) SELECT $key WHERE NOT EXISTS (SELECT 1 FROM audit_key)");
        insert.Parameters.AddWithValue("$key", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        insert.ExecuteNonQuery();
        return (byte[])read.ExecuteScalar()!;
    }

    /// <summary>Where the chain ends (0 and empty before the first entry).</summary>
    private (long Seq, string Hash) AuditHead(SqliteTransaction tx)
    {
        using var head = Command("SELECT seq, hash FROM audit_head WHERE one = 1", tx);
        using var reader = head.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, "");
    }

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> Read(long after, int limit)
    {
        using var command = Command($"SELECT {AuditColumns} FROM audit_log WHERE seq > $after ORDER BY seq LIMIT $limit");
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read()) entries.Add(ReadAudit(reader));
        return entries;
    }

    /// <inheritdoc/>
    public AuditCheck Verify()
    {
        using var tx = _connection.BeginTransaction(deferred: true); // one snapshot: the entries and the head as of one moment
        var (seq, hash) = AuditHead(tx);
        using var command = Command($"SELECT {AuditColumns} FROM audit_log ORDER BY seq", tx);
        using var rows = command.ExecuteReader();
        return AuditChain.Check(Entries(rows), seq, hash);

        static IEnumerable<AuditEntry> Entries(SqliteDataReader rows)
        {
            while (rows.Read()) yield return ReadAudit(rows);
        }
    }
}
