using Minerva.App;
using Minerva.Search;
using Minerva.Storage;

namespace Minerva.Web;

/// <summary>
/// What a team server serves: the accounts, each tenant's users and tokens, each tenant's workspace (the team database
/// bound to it), and the folder that holds one search index per tenant. Given by whoever opens the database (the command
/// line, a test), so this assembly needs no database driver.
/// </summary>
/// <param name="accounts">Accounts and tokens by name or id.</param>
/// <param name="tenantAccounts">A tenant's users and tokens.</param>
/// <param name="workspace">A tenant's workspace.</param>
/// <param name="indexRoot">The folder of the tenants' search indexes (one folder each, <c>tenant-N</c>).</param>
public sealed class TeamSite(IAccountDirectory accounts, Func<long, ITenantAccounts> tenantAccounts, Func<long, IWorkspace> workspace, string indexRoot)
{
    /// <summary>Accounts and tokens by name or id.</summary>
    public IAccountDirectory Accounts { get; } = accounts;

    /// <summary>The clock sessions, tokens and throttling go by (the system's unless a test gives its own).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>A tenant's users and tokens.</summary>
    public ITenantAccounts TenantAccounts(long tenant) => tenantAccounts(tenant);

    /// <summary>A tenant's workspace.</summary>
    public IWorkspace Workspace(long tenant) => workspace(tenant);

    /// <summary>A tenant's desk: its workspace, its own search index (brought up to date from the tenant's change log), and a
    /// workbench that names the request's user in the trail.</summary>
    internal Desk Desk(long tenant, Func<string> actor, CancellationToken stopping)
    {
        var store = workspace(tenant);
        RecordIndex? index = null;
        try
        {
            index = RecordIndex.Open(store, Path.Combine(indexRoot, $"tenant-{tenant}"), cancellation: stopping);
            var opened = index;
            return new Desk(new Workbench(store, opened) { ActorOf = actor }, stopping, () =>
            {
                opened.Dispose();
                store.Dispose();
            }, store, opened);
        }
        catch
        {
            index?.Dispose();
            store.Dispose();
            throw;
        }
    }
}
