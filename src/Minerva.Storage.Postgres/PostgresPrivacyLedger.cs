using System.Globalization;
using Npgsql;

namespace Minerva.Storage.Postgres;

/// <summary>
/// One tenant's privacy ledger (<see cref="IPrivacyLedger"/>): the same chain as the workstation's (<see cref="LedgerChain"/>),
/// replayed against the tables on every read, so an edited row refuses releases here too.
/// </summary>
internal sealed class PostgresPrivacyLedger(TenantStore tenant) : IPrivacyLedger
{
    /// <summary>A team server's data are real: its releases always use private noise.</summary>
    public bool ForTestsOnly => false;

    private string Location => $"tenant {tenant.Id}";

    private static string Stamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public PrivacyBudget? GetBudget(string dataset) => tenant.InTenant((c, tx) =>
    {
        Verify(c, tx);
        return TenantStore.Rows(TenantStore.Command(c, tx, "SELECT epsilon, delta, set_at FROM privacy_budgets WHERE dataset = @d", ("d", dataset)),
            r => new PrivacyBudget(dataset, r.GetDouble(0), r.GetDouble(1), r.GetFieldValue<DateTimeOffset>(2))).SingleOrDefault();
    }, System.Data.IsolationLevel.RepeatableRead);

    public void SetBudget(PrivacyBudget budget, string reason) => tenant.InTenant((c, tx) =>
    {
        var head = LockHead(c, tx);
        Verify(c, tx);
        var at = StoredTime.Microseconds(budget.SetAt);
        Append(c, tx, head, new LedgerEntry("budget", budget.Dataset, null, null, budget.Epsilon, budget.Delta, reason, null, Stamp(at)));
        TenantStore.Command(c, tx, """
            INSERT INTO privacy_budget_changes(dataset, epsilon, delta, previous_epsilon, previous_delta, reason, at)
                SELECT @d, @e, @dl, (SELECT epsilon FROM privacy_budgets WHERE dataset = @d), (SELECT delta FROM privacy_budgets WHERE dataset = @d), @reason, @at;
            INSERT INTO privacy_budgets(dataset, epsilon, delta, set_at) VALUES(@d, @e, @dl, @at)
                ON CONFLICT(tenant, dataset) DO UPDATE SET epsilon = excluded.epsilon, delta = excluded.delta, set_at = excluded.set_at;
            """, ("d", budget.Dataset), ("e", budget.Epsilon), ("dl", budget.Delta), ("reason", reason), ("at", at)).ExecuteNonQueryDisposed();
        return true;
    });

    public IReadOnlyList<PrivacyBudgetChange> GetBudgetChanges(string dataset) => tenant.InTenant((c, tx) =>
    {
        Verify(c, tx);
        return TenantStore.Rows(TenantStore.Command(c, tx, """
            SELECT epsilon, delta, previous_epsilon, previous_delta, reason, at FROM privacy_budget_changes WHERE dataset = @d ORDER BY id
            """, ("d", dataset)), r => new PrivacyBudgetChange(dataset, r.GetDouble(0), r.GetDouble(1), r.IsDBNull(2) ? null : r.GetDouble(2),
                r.IsDBNull(3) ? null : r.GetDouble(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)));
    }, System.Data.IsolationLevel.RepeatableRead);

    public IReadOnlyList<PrivacySpend> GetSpends(string dataset) => tenant.InTenant((c, tx) =>
    {
        Verify(c, tx);
        return TenantStore.Rows(TenantStore.Command(c, tx, "SELECT id, rho, delta, purpose, at, status, manifest_sha256 FROM privacy_spends WHERE dataset = @d ORDER BY id",
            ("d", dataset)), r => new PrivacySpend(r.GetInt64(0), dataset, r.GetDouble(1), r.GetDouble(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4),
                r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
    }, System.Data.IsolationLevel.RepeatableRead);

    public PrivacySpend? TrySpend(string dataset, double rho, double delta, string purpose, Func<double, double, bool> allow)
    {
        if (!(rho > 0) || !double.IsFinite(rho)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "a spend's ρ must be positive and finite");
        if (!(delta >= 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "a spend's δ must be in [0, 1)");
        return tenant.InTenant((c, tx) =>
        {
            // The head row, locked before the total is read: a second release of the tenant waits, then sees this spend.
            var head = LockHead(c, tx);
            Verify(c, tx);
            var (rhoSpent, deltaSpent) = TenantStore.Rows(TenantStore.Command(c, tx,
                "SELECT coalesce(sum(rho), 0), coalesce(sum(delta), 0) FROM privacy_spends WHERE dataset = @d", ("d", dataset)),
                r => (r.GetDouble(0), r.GetDouble(1))).Single();
            if (!allow(rhoSpent, deltaSpent)) return null;
            var at = StoredTime.Microseconds(DateTimeOffset.UtcNow);
            var id = (long)TenantStore.Command(c, tx, "INSERT INTO privacy_spends(dataset, rho, delta, purpose, at, status) VALUES(@d, @r, @dl, @p, @at, 'spent') RETURNING id",
                ("d", dataset), ("r", rho), ("dl", delta), ("p", purpose), ("at", at)).ExecuteScalarDisposed()!;
            var hash = Append(c, tx, head, new LedgerEntry("spend", dataset, id, rho, null, delta > 0 ? delta : null, purpose, null, Stamp(at)));
            return new PrivacySpend(id, dataset, rho, delta, purpose, at, "spent", null) { ChainHash = hash };
        });
    }

    public void MarkWritten(long spend, string manifestSha256) => tenant.InTenant((c, tx) =>
    {
        var head = LockHead(c, tx);
        var dataset = TenantStore.Command(c, tx, "UPDATE privacy_spends SET status = 'written', manifest_sha256 = @h WHERE id = @id RETURNING dataset",
            ("h", manifestSha256), ("id", spend)).ExecuteScalarDisposed() as string ?? throw new WorkspaceException($"no privacy ledger entry {spend} in {Location}");
        Append(c, tx, head, new LedgerEntry("written", dataset, spend, null, null, null, null, manifestSha256, Stamp(StoredTime.Microseconds(DateTimeOffset.UtcNow))));
        return true;
    });

    /// <summary>The tenant's chain head, locked for this transaction (made on the tenant's first ledger write).</summary>
    private static (long Id, string Hash) LockHead(NpgsqlConnection c, NpgsqlTransaction tx)
    {
        TenantStore.Command(c, tx, "INSERT INTO ledger_heads(id, hash) VALUES(0, '') ON CONFLICT(tenant) DO NOTHING").ExecuteNonQueryDisposed();
        return TenantStore.Rows(TenantStore.Command(c, tx, "SELECT id, hash FROM ledger_heads FOR UPDATE"), r => (r.GetInt64(0), r.GetString(1))).Single();
    }

    /// <summary>Appends an event after the locked head and moves the head; returns the new hash.</summary>
    private static string Append(NpgsqlConnection c, NpgsqlTransaction tx, (long Id, string Hash) head, LedgerEntry entry)
    {
        var text = LedgerChain.Serialize(entry);
        var hash = LedgerChain.Hash(head.Hash, text);
        TenantStore.Command(c, tx, "INSERT INTO ledger_chain(id, entry, previous, hash) VALUES(@id, @e, @p, @h); UPDATE ledger_heads SET id = @id, hash = @h",
            ("id", head.Id + 1), ("e", text), ("p", head.Hash), ("h", hash)).ExecuteNonQueryDisposed();
        return hash;
    }

    /// <summary>Replays the chain against its head and the tables (see <see cref="LedgerChain"/>).</summary>
    /// <exception cref="WorkspaceException">The ledger was altered.</exception>
    private void Verify(NpgsqlConnection c, NpgsqlTransaction tx)
    {
        var chain = TenantStore.Rows(TenantStore.Command(c, tx, "SELECT id, entry, previous, hash FROM ledger_chain ORDER BY id"),
            r => (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        var replay = LedgerChain.Replay(chain, what => new WorkspaceException(LedgerChain.Altered(Location, what)));
        var head = TenantStore.Rows(TenantStore.Command(c, tx, "SELECT id, hash FROM ledger_heads"), r => (r.GetInt64(0), r.GetString(1))).SingleOrDefault((0L, ""));
        var last = chain.Count == 0 ? (0L, "") : (chain[^1].Item1, chain[^1].Item4);
        if (head != last) Fail("the chain does not end where its head says");
        Match(TenantStore.Rows(TenantStore.Command(c, tx, "SELECT dataset, epsilon, delta FROM privacy_budgets"),
            r => replay.BudgetProblem(r.GetString(0), r.GetDouble(1), r.GetDouble(2))), replay.Budgets.Count, "a budget the chain recorded is missing");
        Match(TenantStore.Rows(TenantStore.Command(c, tx, "SELECT dataset, count(*) FROM privacy_budget_changes GROUP BY dataset"),
            r => replay.ChangesProblem(r.GetString(0), r.GetInt64(1))), replay.Changes.Count, "budget changes the chain recorded are missing");
        Match(TenantStore.Rows(TenantStore.Command(c, tx, "SELECT id, dataset, rho, delta, purpose, at, status, manifest_sha256 FROM privacy_spends"),
            r => replay.SpendProblem(r.GetInt64(0), new ReplayedSpend(r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetString(4),
                Stamp(r.GetFieldValue<DateTimeOffset>(5)), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)))), replay.Spends.Count,
            "a spend the chain recorded is missing");

        void Match(List<string?> problems, int expected, string missing)
        {
            if (problems.FirstOrDefault(p => p is not null) is { } problem) Fail(problem);
            if (problems.Count != expected) Fail(missing);
        }
    }

    private void Fail(string what) => throw new WorkspaceException(LedgerChain.Altered(Location, what));
}
