using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Minerva.Storage;

/// <summary>
/// The audit trail's hash chain, the same for every backend: how an entry is hashed, and how a chain read back is checked.
/// No I/O: a backend reads its entries and head and hands them here.
/// </summary>
public static class AuditChain
{
    /// <summary>
    /// The entry that follows the chain's head (<paramref name="headSeq"/> and <paramref name="headHash"/>: 0 and empty
    /// before the first). The time is cut to the microsecond, which
    /// every backend stores exactly (PostgreSQL's timestamps hold no more), so a hash computed now matches the row read back.
    /// </summary>
    public static AuditEntry Next(long headSeq, string headHash, AuditEvent audited, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audited.Action);
        ArgumentException.ThrowIfNullOrWhiteSpace(audited.Actor);
        var entry = new AuditEntry(headSeq + 1, StoredTime.Microseconds(at), audited.Action, audited.Actor, audited.Target, audited.Detail, headHash, "");
        return entry with { Hash = Hash(entry) };
    }

    /// <summary>SHA-256 over the previous hash and the entry's fields, as JSON (unambiguous however the fields read).</summary>
    public static string Hash(AuditEntry entry)
    {
        var text = JsonSerializer.Serialize(new object[]
        {
            entry.Seq, Stamp(entry.At),
            entry.Action, entry.Actor, entry.Target, entry.Detail,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.Previous + "\n" + text)));
    }

    /// <summary>A time as the chain hashes it, and as a backend without a time type stores it: UTC, to the microsecond.</summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks a chain read back in <see cref="AuditEntry.Seq"/> order against the head the store kept apart from it
    /// (<paramref name="headSeq"/> and <paramref name="headHash"/>; 0 and empty for an empty trail). An edited entry fails its
    /// hash; a deleted or inserted one breaks the numbering or the link to the one before; entries cut off the end leave
    /// the chain short of its head.
    /// </summary>
    public static AuditCheck Check(IEnumerable<AuditEntry> entries, long headSeq, string headHash)
    {
        var (count, previous, seq) = (0L, "", 0L);
        foreach (var entry in entries)
        {
            count++;
            if (entry.Seq != seq + 1) return new AuditCheck(count, previous, $"entry {seq + 1} is missing (the next one is {entry.Seq})");
            if (entry.Previous != previous) return new AuditCheck(count, previous, $"entry {entry.Seq} does not follow entry {seq}");
            if (entry.Hash != Hash(entry)) return new AuditCheck(count, previous, $"entry {entry.Seq} was changed after it was written");
            (previous, seq) = (entry.Hash, entry.Seq);
        }
        if (seq != headSeq || previous != headHash)
            return new AuditCheck(count, previous, seq < headSeq
                ? $"entries {seq + 1} to {headSeq} are missing from the end"
                : $"the chain does not end where its head says (entry {headSeq})");
        return new AuditCheck(count, previous, null);
    }
}
