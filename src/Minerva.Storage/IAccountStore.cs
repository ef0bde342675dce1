namespace Minerva.Storage;

/// <summary>A user of the team server: one tenant's, with one role.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Tenant">The tenant it belongs to.</param>
/// <param name="Name">The name it logs in with (unique across tenants, in any letter case).</param>
/// <param name="Role">viewer, analyst, lead, data_owner or admin.</param>
/// <param name="PasswordHash">The password's hash in PHC form (<c>$argon2id$…</c>); empty where a list leaves it out.</param>
/// <param name="Disabled">Whether it may log in and use its tokens.</param>
public sealed record Account(long Id, long Tenant, string Name, string Role, string PasswordHash, bool Disabled);

/// <summary>An API token as stored: its public id, whose it is, what it may do, and the SHA-256 of its secret.</summary>
/// <param name="Id">The public part (the token's prefix), its key.</param>
/// <param name="Tenant">The tenant of its account.</param>
/// <param name="Account">The account it acts as.</param>
/// <param name="Hash">SHA-256 of the secret part; empty where a list leaves it out.</param>
/// <param name="Scopes">What it may do (read, ingest, resolve, export).</param>
/// <param name="Label">What its maker called it ("laptop connector").</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record StoredToken(string Id, long Tenant, long Account, byte[] Hash, IReadOnlyList<string> Scopes, string Label, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>What a login or a token is checked against before any tenant is known: one account by name or id, one token by id.</summary>
public interface IAccountDirectory
{
    /// <summary>The account with this name (any letter case), or null.</summary>
    Account? FindAccount(string name);

    /// <summary>The account with this id, or null.</summary>
    Account? GetAccount(long id);

    /// <summary>The token with this id, or null.</summary>
    StoredToken? FindToken(string id);
}

/// <summary>One tenant's users and tokens: what its lead manages. Nothing here reaches another tenant's.</summary>
public interface ITenantAccounts
{
    /// <summary>Adds a user to the tenant; returns its id, or null when the name is taken (in any tenant).</summary>
    /// <exception cref="WorkspaceException">The role is admin: only the database's owner makes one.</exception>
    long? AddAccount(string name, string role, string passwordHash);

    /// <summary>The tenant's users, by name, without their hashes.</summary>
    IReadOnlyList<Account> Accounts();

    /// <summary>Changes a user's role or disables (or enables) it; false when the tenant has no such user (or it is an admin).</summary>
    bool SetAccount(string name, string? role, bool? disabled);

    /// <summary>Stores a token for one of the tenant's accounts; false when the account is not the tenant's.</summary>
    bool AddToken(StoredToken token);

    /// <summary>Revokes one of the tenant's tokens; false when it has none by that id (or it was revoked already).</summary>
    bool RevokeToken(string id);

    /// <summary>The tenant's tokens, oldest first, without their hashes.</summary>
    IReadOnlyList<StoredToken> Tokens();
}
