namespace Minerva.Storage;

/// <summary>
/// The audit trail: who logged in, searched, viewed, exported, shared, corrected or released what, and when. Append-only
/// and hash-chained (<see cref="AuditChain"/>): every entry carries the hash of the one before it, and the store keeps the
/// chain's head apart from the entries, so <see cref="Verify"/> finds an entry edited, deleted (at the end too) or slipped
/// in. Its own contract: the workstation keeps it in the workspace file, the team server per tenant. What is written is
/// already fit to keep: the application layer replaces selector values in query text by their keyed hash first.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends an event as the next entry of the chain and returns it; null when the store cannot be written at
    /// all (a workspace on read-only media, where nothing else can be changed either).</summary>
    /// <exception cref="ArgumentException">An empty action or actor.</exception>
    AuditEntry? Append(AuditEvent audited);

    /// <summary>The trail's secret key for hashing selector values (32 random bytes, made on first use): the trail says
    /// which selector was searched by its keyed hash, so that whoever reads the trail without the store cannot list the
    /// numbers and addresses in it, nor guess them from a plain hash (a phone number has few enough values to try all).</summary>
    byte[] SelectorKey();

    /// <summary>The entries after <paramref name="after"/>, oldest first, at most <paramref name="limit"/>: a page of the trail.</summary>
    IReadOnlyList<AuditEntry> Read(long after, int limit);

    /// <summary>Replays the whole chain against its head.</summary>
    AuditCheck Verify();
}

/// <summary>An action to keep in the audit trail.</summary>
/// <param name="Action">What was done: <c>login</c>, <c>search</c>, <c>view</c>, <c>export</c>, <c>share</c>, <c>correction</c>, <c>release</c>…</param>
/// <param name="Actor">Who did it (a user name).</param>
/// <param name="Target">What it was done to (a record key, an entity, a case; empty when nothing in particular).</param>
/// <param name="Detail">What else matters (a search's query, with selector values hashed).</param>
public sealed record AuditEvent(string Action, string Actor, string Target, string Detail);

/// <summary>One entry of the audit trail.</summary>
/// <param name="Seq">Its place in the chain, from 1 with no gaps.</param>
/// <param name="At">When (UTC, to the microsecond: what every backend stores exactly).</param>
/// <param name="Action">What was done.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Target">What it was done to.</param>
/// <param name="Detail">What else matters.</param>
/// <param name="Previous">The hash of the entry before (empty for the first).</param>
/// <param name="Hash">This entry's hash, over <paramref name="Previous"/> and everything above.</param>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Action, string Actor, string Target, string Detail, string Previous, string Hash);

/// <summary>What replaying an audit chain found.</summary>
/// <param name="Entries">Entries read.</param>
/// <param name="Head">The hash the chain ends in (publish it, or keep it elsewhere, to compare later copies with).</param>
/// <param name="Problem">The first thing that does not add up, naming the entry; null when the chain is intact.</param>
public sealed record AuditCheck(long Entries, string Head, string? Problem)
{
    /// <summary>Whether the chain is intact.</summary>
    public bool Intact => Problem is null;
}
