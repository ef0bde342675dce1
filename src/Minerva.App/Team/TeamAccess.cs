using Minerva.Storage;

namespace Minerva.App.Team;

/// <summary>A login or a token refused, with the reason to show; <see cref="RetryAfter"/> when attempts must wait.</summary>
public sealed class AccessRefusedException(string message, TimeSpan? retryAfter = null) : Exception(message)
{
    /// <summary>How long before another attempt is read.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Who may use the team server: logins checked against the accounts (throttled, each audited in the account's tenant),
/// API tokens checked against their stored hash, expiry and revocation, and a session's account read again so that a
/// user disabled or given another role is held to it within a minute.
/// </summary>
/// <param name="directory">The accounts and tokens.</param>
/// <param name="trailOf">Each tenant's audit trail.</param>
/// <param name="clock">The time (a test's clock moves on its own).</param>
public sealed class TeamAccess(IAccountDirectory directory, Func<long, IAuditTrail> trailOf, TimeProvider clock)
{
    private const string Wrong = "wrong name or password";

    /// <summary>The throttle logins pass through.</summary>
    public LoginThrottle Throttle { get; } = new(clock);

    /// <summary>Checks a login from <paramref name="address"/>.</summary>
    /// <exception cref="AccessRefusedException">Wrong name or password (which of the two is not said), a disabled account, or
    /// too many failures lately.</exception>
    public TeamPrincipal SignIn(string name, string password, string address)
    {
        if (Throttle.Wait(name, address) is { } wait)
            throw new AccessRefusedException($"too many failed logins: try again in {Math.Ceiling(wait.TotalSeconds):N0} s", wait);
        var account = name.Length is > 0 and <= 200 ? directory.FindAccount(name) : null;
        if (account is null)
        {
            Passwords.VerifyNothing(password);
            Throttle.Failed(name, address);
            throw new AccessRefusedException(Wrong);
        }
        var audit = new Auditing(trailOf(account.Tenant));
        if (!Passwords.Verify(password, account.PasswordHash))
        {
            Throttle.Failed(name, address);
            audit.Write("login failed", account.Name, "", $"from {address}");
            throw new AccessRefusedException(Wrong);
        }
        if (account.Disabled)
        {
            audit.Write("login refused", account.Name, "", $"from {address}: the account is disabled");
            throw new AccessRefusedException("this account is disabled: ask your team's lead");
        }
        Throttle.Succeeded(name);
        audit.Write("login", account.Name, "", $"from {address}");
        return Principal(account, null);
    }

    /// <summary>The principal a presented API token acts as.</summary>
    /// <exception cref="AccessRefusedException">Not a token, unknown, wrong, revoked, expired, or its account is disabled.</exception>
    public TeamPrincipal Token(string? presented)
    {
        if (ApiTokens.Parse(presented) is not var (id, secret)) throw new AccessRefusedException("the token is not a Minerva API token (mnv_…)");
        var stored = directory.FindToken(id) ?? throw new AccessRefusedException("the token is not valid");
        if (ApiTokens.Refusal(stored, secret, clock.GetUtcNow()) is { } refusal) throw new AccessRefusedException(refusal);
        var account = directory.GetAccount(stored.Account);
        if (account is null || account.Disabled) throw new AccessRefusedException("the token's account is disabled");
        return Principal(account, stored.Scopes.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>A session's principal as its account stands now; null when the account is gone or disabled.</summary>
    public TeamPrincipal? Refresh(TeamPrincipal principal) =>
        directory.GetAccount(principal.Account) is { Disabled: false } account && account.Tenant == principal.Tenant ? Principal(account, principal.Scopes) : null;

    private static TeamPrincipal Principal(Account account, IReadOnlySet<string>? scopes) =>
        new(account.Id, account.Tenant, account.Name, TeamRoles.Parse(account.Role), scopes);
}
