namespace Minerva.App.Team;

/// <summary>Who makes a request to the team server: an account of one tenant, logged in or acting through a token.</summary>
/// <param name="Account">The account's id.</param>
/// <param name="Tenant">Its tenant: every request is bound to it, and the database sees nothing else.</param>
/// <param name="Name">Its name, as the audit trail and notes give it.</param>
/// <param name="Role">Its role.</param>
/// <param name="Scopes">A token's scopes (null for a logged-in session: the role alone decides).</param>
public sealed record TeamPrincipal(long Account, long Tenant, string Name, TeamRole Role, IReadOnlySet<string>? Scopes = null)
{
    /// <summary>Whether it may do what needs <paramref name="role"/> and, through a token, <paramref name="scope"/>.</summary>
    public bool May(TeamRole role, string scope) => Role >= role && (Scopes is null || Scopes.Contains(scope));
}
