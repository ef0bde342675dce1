using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Minerva.App;
using Minerva.App.Team;

namespace Minerva.Web;

/// <summary>What an endpoint needs of a team server's user: a role, and a scope when the request comes with a token.</summary>
/// <param name="Role">The least role.</param>
/// <param name="Scope">The token scope (read, write, ingest, resolve, export).</param>
internal sealed record Need(TeamRole Role, string Scope);

internal static class NeedExtensions
{
    /// <summary>Marks what the endpoint needs on a team server. A team server refuses a request other than GET to an endpoint
    /// without it, so that one forgotten on a new endpoint closes it rather than opening it to viewers.</summary>
    public static RouteHandlerBuilder Needs(this RouteHandlerBuilder builder, TeamRole role, string scope) => builder.WithMetadata(new Need(role, scope));
}

/// <summary>One workspace's use cases as the web serves them: the workbench, the gate that lets one request at a time use it,
/// and its background resolution.</summary>
internal sealed class Desk
{
    private readonly Action? _close;

    public Desk(Workbench workbench, CancellationToken stopping, Action? close = null, Minerva.Storage.IWorkspace? store = null, Minerva.Search.RecordIndex? index = null)
    {
        Workbench = workbench;
        Store = store;
        Index = index;
        Resolving = new ResolveJob(workbench, Gate, stopping);
        _close = close;
    }

    /// <summary>Closes what the desk opened for itself (a tenant's index and store).</summary>
    public void Close()
    {
        Workbench.Dispose();
        _close?.Invoke();
    }

    public Workbench Workbench { get; }

    /// <summary>The workspace itself, where the server writes to it directly (a team tenant's pushed ingest).</summary>
    public Minerva.Storage.IWorkspace? Store { get; }

    /// <summary>Its search index, brought up to date after such a write.</summary>
    public Minerva.Search.RecordIndex? Index { get; }

    // One request at a time per workspace: a SQLite connection is not for two threads at once, and the workbench's caches
    // (the network a chart is drawn from) are built once by whoever comes first.
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ResolveJob Resolving { get; }
}

/// <summary>Which desk a request works at, and who it writes as.</summary>
internal abstract class Desks
{
    public abstract Desk For(HttpContext context);

    /// <summary>Who a decision or note is by.</summary>
    public abstract string Author(HttpContext context, string? by);
}

/// <summary>The workstation: one workspace, one investigator, who may write a colleague's name as the author.</summary>
internal sealed class OneDesk(Desk desk) : Desks
{
    public override Desk For(HttpContext context) => desk;

    public override string Author(HttpContext context, string? by) => string.IsNullOrWhiteSpace(by) ? Environment.UserName : by;
}

/// <summary>The team server: a desk per tenant, made at its first request; the author is always the logged-in user, whatever
/// the body says, so nobody writes in another's name.</summary>
internal sealed class TenantDesks(Func<long, Desk> open) : Desks, IDisposable
{
    private readonly ConcurrentDictionary<long, Lazy<Desk>> _desks = new();

    public override Desk For(HttpContext context) => _desks.GetOrAdd(Principal(context).Tenant, t => new Lazy<Desk>(() => open(t))).Value;

    public override string Author(HttpContext context, string? by) => Principal(context).Name;

    /// <summary>The request's user, for what reads it without the request at hand (the workbench naming who it audits; a
    /// resolution started by a request and running on after it).</summary>
    public static readonly AsyncLocal<TeamPrincipal?> Current = new();

    public static TeamPrincipal Principal(HttpContext context) =>
        context.Items[typeof(TeamPrincipal)] as TeamPrincipal ?? throw new InvalidOperationException("a team request reached an endpoint without a principal");

    public void Dispose()
    {
        foreach (var desk in _desks.Values.Where(d => d.IsValueCreated)) desk.Value.Close();
    }
}
