using Minerva.Storage;

namespace Minerva.App.Team;

/// <summary>A user as a list shows it.</summary>
/// <param name="Name">Login name.</param>
/// <param name="Role">Role.</param>
/// <param name="Disabled">Whether it is disabled.</param>
public sealed record UserView(string Name, string Role, bool Disabled);

/// <summary>A user just made, with the password to hand over when none was given (shown once, never stored).</summary>
/// <param name="User">The user.</param>
/// <param name="Password">The generated password, or null.</param>
public sealed record NewUser(UserView User, string? Password);

/// <summary>A token as a list shows it: never its secret.</summary>
/// <param name="Id">Its public id.</param>
/// <param name="User">Whose.</param>
/// <param name="Scopes">What it may do.</param>
/// <param name="Label">What it is for.</param>
/// <param name="CreatedAt">Made.</param>
/// <param name="ExpiresAt">Expires.</param>
/// <param name="RevokedAt">Revoked, if so.</param>
public sealed record TokenView(string Id, string User, IReadOnlyList<string> Scopes, string Label, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt);

/// <summary>A token just made: its text, shown once.</summary>
/// <param name="Token">The token to give with each request (Authorization: Bearer …).</param>
/// <param name="About">What it is.</param>
public sealed record NewToken(string Token, TokenView About);

/// <summary>
/// A tenant's users and tokens, as its lead manages them and each user their own tokens. A lead gives no role above their
/// own and never admin; a user makes tokens for themselves only, and sees and revokes their own (a lead, everyone's in the
/// tenant). Every change is audited.
/// </summary>
/// <param name="accounts">The tenant's accounts.</param>
/// <param name="directory">Account lookups (a token's owner).</param>
/// <param name="audit">The tenant's trail.</param>
/// <param name="who">Who asks.</param>
/// <param name="clock">The time.</param>
public sealed class TenantUsers(ITenantAccounts accounts, IAccountDirectory directory, Auditing audit, TeamPrincipal who, TimeProvider clock)
{
    /// <summary>The tenant's users.</summary>
    /// <exception cref="ForbiddenException">Not a lead.</exception>
    public IReadOnlyList<UserView> List()
    {
        Need(TeamRole.Lead, "list the team's users");
        return [.. accounts.Accounts().Select(View)];
    }

    /// <summary>Adds a user with <paramref name="password"/>, or a generated one when null.</summary>
    /// <exception cref="ForbiddenException">Not a lead, or a role above the lead's own.</exception>
    /// <exception cref="BadRequestException">A bad name, role or password, or the name is taken.</exception>
    public NewUser Add(string name, string role, string? password)
    {
        Need(TeamRole.Lead, "add users");
        name = name.Trim();
        if (name.Length is 0 or > 100 || name.Any(char.IsControl)) throw new BadRequestException("a user name has 1 to 100 characters, none of them control characters");
        var given = Given(role);
        var chosen = password ?? Passwords.Generate();
        if (accounts.AddAccount(name, given.Name(), Passwords.Hash(chosen)) is null) throw new BadRequestException($"the name '{name}' is taken");
        audit.Write("user added", who.Name, name, $"role {given.Name()}");
        return new NewUser(new UserView(name, given.Name(), false), password is null ? chosen : null);
    }

    /// <summary>Gives a user another role, or disables or enables it.</summary>
    /// <exception cref="ForbiddenException">Not a lead, or a role above the lead's own.</exception>
    /// <exception cref="BadRequestException">The tenant has no such user.</exception>
    public void Set(string name, string? role, bool? disabled)
    {
        Need(TeamRole.Lead, "change users");
        var given = role is null ? (TeamRole?)null : Given(role);
        if (string.Equals(name, who.Name, StringComparison.OrdinalIgnoreCase) && (disabled == true || given < who.Role))
            throw new BadRequestException("a lead does not lower or disable their own account: another lead does");
        if (!accounts.SetAccount(name, given?.Name(), disabled)) throw new BadRequestException($"the team has no user '{name}'");
        audit.Write("user changed", who.Name, name, string.Join(' ', new[] { given is { } g ? $"role {g.Name()}" : null, disabled is { } d ? d ? "disabled" : "enabled" : null }.OfType<string>()));
    }

    /// <summary>Makes a token for the asker.</summary>
    /// <exception cref="BadRequestException">Bad scopes or lifetime, or the request itself came with a token.</exception>
    public NewToken MakeToken(IReadOnlyCollection<string> scopes, string label, int days)
    {
        if (who.Scopes is not null) throw new BadRequestException("a token cannot make tokens: log in to make one");
        var account = directory.GetAccount(who.Account) ?? throw new BadRequestException("your account is gone");
        var (text, stored) = ApiTokens.Make(account, scopes, label.Trim() is { Length: > 0 } l ? l[..Math.Min(l.Length, 100)] : "token", TimeSpan.FromDays(days), clock.GetUtcNow());
        if (!accounts.AddToken(stored)) throw new BadRequestException("your account is not this team's");
        audit.Write("token made", who.Name, stored.Id, $"scopes {string.Join(',', stored.Scopes)}, expires {stored.ExpiresAt:yyyy-MM-dd}");
        return new NewToken(text, View(stored, who.Name));
    }

    /// <summary>The asker's tokens (a lead's: the whole team's).</summary>
    public IReadOnlyList<TokenView> Tokens()
    {
        var names = accounts.Accounts().ToDictionary(a => a.Id, a => a.Name);
        return [.. accounts.Tokens().Where(t => who.Role >= TeamRole.Lead || t.Account == who.Account).Select(t => View(t, names.GetValueOrDefault(t.Account, "?")))];
    }

    /// <summary>Revokes one of the asker's tokens (a lead: any of the team's).</summary>
    /// <exception cref="BadRequestException">No such token among those the asker may revoke, or revoked already.</exception>
    public void Revoke(string id)
    {
        var token = accounts.Tokens().FirstOrDefault(t => t.Id == id && (who.Role >= TeamRole.Lead || t.Account == who.Account));
        if (token is null || !accounts.RevokeToken(id)) throw new BadRequestException($"you have no token '{id}' to revoke (or it was revoked already)");
        audit.Write("token revoked", who.Name, id);
    }

    private TeamRole Given(string role)
    {
        var given = TeamRoles.Parse(role);
        if (given == TeamRole.Admin) throw new ForbiddenException("an admin is made by the database's owner ('minerva team user add')");
        if (given > who.Role) throw new ForbiddenException($"a {who.Role.Name()} gives no role above their own");
        return given;
    }

    private void Need(TeamRole role, string what)
    {
        if (!who.May(role, "write")) throw new ForbiddenException($"only a {role.Name()} may {what}");
    }

    private static UserView View(Account a) => new(a.Name, a.Role, a.Disabled);

    private static TokenView View(StoredToken t, string user) => new(t.Id, user, t.Scopes, t.Label, t.CreatedAt, t.ExpiresAt, t.RevokedAt);
}

/// <summary>A request the asker's role or token does not allow (a 403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);
