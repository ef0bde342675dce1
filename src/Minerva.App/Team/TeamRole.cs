namespace Minerva.App.Team;

/// <summary>What a team server's user may do; each role may do everything the ones before it may.</summary>
public enum TeamRole
{
    /// <summary>Search and read.</summary>
    Viewer,

    /// <summary>And ingest, resolve, write notes and make corrections.</summary>
    Analyst,

    /// <summary>And share, and manage the tenant's users and tokens.</summary>
    Lead,

    /// <summary>And make private releases and set their budgets.</summary>
    DataOwner,

    /// <summary>And manage tenants (made by the database's owner only).</summary>
    Admin,
}

/// <summary>Role names as stored and typed.</summary>
public static class TeamRoles
{
    /// <summary>The stored name: viewer, analyst, lead, data_owner, admin.</summary>
    public static string Name(this TeamRole role) => role switch
    {
        TeamRole.DataOwner => "data_owner",
        _ => role.ToString().ToLowerInvariant(),
    };

    /// <summary>The role of a stored or typed name (data-owner and data_owner alike).</summary>
    /// <exception cref="BadRequestException">No such role.</exception>
    public static TeamRole Parse(string? name) => name?.Trim().ToLowerInvariant().Replace('-', '_') switch
    {
        "viewer" => TeamRole.Viewer,
        "analyst" => TeamRole.Analyst,
        "lead" => TeamRole.Lead,
        "data_owner" => TeamRole.DataOwner,
        "admin" => TeamRole.Admin,
        _ => throw new BadRequestException($"'{name}' is not a role: viewer, analyst, lead, data_owner or admin"),
    };
}
