using System.Security.Cryptography;
using System.Text;
using Minerva.Storage;

namespace Minerva.App.Team;

/// <summary>
/// API tokens for the command line and scripts: <c>mnv_ID_SECRET</c>. The id is public (it names the token in lists and
/// the audit trail); only the SHA-256 of the secret is stored — 32 random bytes need no slow hash, as a password does. A
/// token acts as its account, never above the account's role, and only within its scopes; it expires, and can be revoked.
/// </summary>
public static class ApiTokens
{
    /// <summary>Scopes a token may carry: read (search, records, entities, charts), write (notes, cases, decisions),
    /// ingest, resolve, export.</summary>
    public static readonly IReadOnlyList<string> Scopes = ["read", "write", "ingest", "resolve", "export"];

    /// <summary>The longest a token may live.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    /// <summary>A new token for <paramref name="account"/>: the text to hand to its user (shown once) and what is stored.</summary>
    /// <exception cref="BadRequestException">An unknown scope, no scope, or a lifetime out of range.</exception>
    public static (string Token, StoredToken Stored) Make(Account account, IReadOnlyCollection<string> scopes, string label, TimeSpan lifetime, DateTimeOffset now)
    {
        if (scopes.Count == 0) throw new BadRequestException($"a token needs at least one scope: {string.Join(", ", Scopes)}");
        if (scopes.FirstOrDefault(s => !Scopes.Contains(s)) is { } unknown) throw new BadRequestException($"'{unknown}' is not a scope: {string.Join(", ", Scopes)}");
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime) throw new BadRequestException($"a token lives between a minute and {MaxLifetime.TotalDays:N0} days");
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ($"mnv_{id}_{secret}", new StoredToken(id, account.Tenant, account.Id, Digest(secret), [.. scopes.Distinct().Order(StringComparer.Ordinal)],
            label, now, now + lifetime, null));
    }

    /// <summary>The id and secret of a presented token, or null when it is not in the token form.</summary>
    public static (string Id, string Secret)? Parse(string? token) =>
        token?.Split('_', 3) is ["mnv", { Length: 12 } id, { Length: > 20 } secret] ? (id, secret) : null;

    /// <summary>Why a presented secret does not open <paramref name="stored"/> at <paramref name="now"/>, or null when it does.</summary>
    public static string? Refusal(StoredToken stored, string secret, DateTimeOffset now) =>
        !CryptographicOperations.FixedTimeEquals(Digest(secret), stored.Hash) ? "the token is not valid"
        : stored.RevokedAt is not null ? "the token was revoked"
        : stored.ExpiresAt <= now ? $"the token expired on {stored.ExpiresAt:yyyy-MM-dd HH:mm} UTC"
        : null;

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
