using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Minerva.App;
using Minerva.App.Team;

namespace Minerva.Web;

/// <summary>
/// The team server's own endpoints: a tenant's users and tokens (<see cref="TenantUsers"/>), and its audit trail for its
/// leads. Every one acts in the caller's tenant only; which tenant is never read from the request.
/// </summary>
internal static class TeamApi
{
    public static void Map(WebApplication app, TeamSite site, TenantDesks desks, TimeProvider clock)
    {
        TenantUsers Users(HttpContext context)
        {
            var who = TenantDesks.Principal(context);
            return new TenantUsers(site.TenantAccounts(who.Tenant), site.Accounts, desks.For(context).Workbench.Audit, who, clock);
        }

        async Task<IResult> With<T>(HttpContext context, Func<T, IResult> work) where T : class =>
            await WebServer.Body<T>(context) is { } body ? Answer(() => work(body)) : Results.Json(new ErrorBody("a JSON body is required"), statusCode: 400);

        app.MapGet("/api/team/users", (HttpContext context) => Answer(() => Results.Json(Users(context).List())))
            .Needs(TeamRole.Lead, "read").WithSummary("The tenant's users (leads)");

        app.MapPost("/api/team/users", (HttpRequest request) => With<UserBody>(request.HttpContext, body =>
            Results.Json(Users(request.HttpContext).Add(body.Name ?? "", body.Role ?? "viewer", body.Password), statusCode: StatusCodes.Status201Created)))
            .Needs(TeamRole.Lead, "write").WithSummary("Adds a user (name, role, password; a password is generated and shown once when none is given)");

        app.MapPost("/api/team/users/set", (HttpRequest request) => With<UserBody>(request.HttpContext, body =>
        {
            Users(request.HttpContext).Set(body.Name ?? "", body.Role, body.Disabled);
            return Results.NoContent();
        })).Needs(TeamRole.Lead, "write").WithSummary("Gives a user another role, or disables (disabled=true) or enables them");

        app.MapGet("/api/team/tokens", (HttpContext context) => Answer(() => Results.Json(Users(context).Tokens())))
            .Needs(TeamRole.Viewer, "read").WithSummary("Your API tokens (a lead's: the team's), never their secrets");

        app.MapPost("/api/team/tokens", (HttpRequest request) => With<TokenBody>(request.HttpContext, body =>
            Results.Json(Users(request.HttpContext).MakeToken(body.Scopes ?? [], body.Label ?? "", body.Days ?? 90), statusCode: StatusCodes.Status201Created)))
            .Needs(TeamRole.Viewer, "write").WithSummary("Makes an API token for you (scopes, label, days): its text is shown this once");

        app.MapPost("/api/team/tokens/revoke", (HttpRequest request) => With<TokenBody>(request.HttpContext, body =>
        {
            Users(request.HttpContext).Revoke(body.Id ?? "");
            return Results.NoContent();
        })).Needs(TeamRole.Viewer, "write").WithSummary("Revokes one of your tokens (a lead: any of the team's)");

        app.MapGet("/api/team/audit", (HttpContext context, long? after, int? limit) => Answer(() =>
        {
            var audit = desks.For(context).Workbench.Audit;
            return Results.Json(new { entries = audit.Entries(after ?? 0, limit ?? 100), check = audit.Verify() });
        })).Needs(TeamRole.Lead, "read").WithSummary("The tenant's audit trail (leads), with whether its chain is whole");
    }

    private static IResult Answer(Func<IResult> work)
    {
        try
        {
            return work();
        }
        catch (BadRequestException e)
        {
            return Results.Json(new ErrorBody(e.Message), statusCode: StatusCodes.Status400BadRequest);
        }
        catch (ForbiddenException e)
        {
            return Results.Json(new ErrorBody(e.Message), statusCode: StatusCodes.Status403Forbidden);
        }
        catch (Minerva.Storage.WorkspaceException e)
        {
            return Results.Json(new ErrorBody(e.Message), statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private sealed record UserBody(string? Name, string? Role, string? Password, bool? Disabled);

    private sealed record TokenBody(string? Id, IReadOnlyList<string>? Scopes, string? Label, int? Days);
}
