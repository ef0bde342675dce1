using System.Globalization;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    /// <inheritdoc/>
    public PrivacyBudget? GetBudget(string dataset)
    {
        VerifyLedger();
        using var command = Command("SELECT epsilon, delta, set_at FROM privacy_budgets WHERE dataset = $d");
        command.Parameters.AddWithValue("$d", dataset);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new PrivacyBudget(dataset, reader.GetDouble(0), reader.GetDouble(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture))
            : null;
    }

    /// <inheritdoc/>
    public void SetBudget(PrivacyBudget budget, string reason)
    {
        using var tx = _connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        VerifyLedger(tx);
        AppendLedger(new LedgerEntry("budget", budget.Dataset, null, null, budget.Epsilon, budget.Delta, reason, null, Stamp(budget.SetAt)), tx);
        using var command = Command("""
            INSERT INTO privacy_budget_changes(dataset, epsilon, delta, previous_epsilon, previous_delta, reason, at)
                SELECT $d, $e, $dl, (SELECT epsilon FROM privacy_budgets WHERE dataset = $d), (SELECT delta FROM privacy_budgets WHERE dataset = $d), $reason, $at;
            INSERT OR REPLACE INTO privacy_budgets(dataset, epsilon, delta, set_at) VALUES($d, $e, $dl, $at);
            """, tx);
        command.Parameters.AddWithValue("$d", budget.Dataset);
        command.Parameters.AddWithValue("$e", budget.Epsilon);
        command.Parameters.AddWithValue("$dl", budget.Delta);
        command.Parameters.AddWithValue("$reason", reason);
        command.Parameters.AddWithValue("$at", budget.SetAt.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        tx.Commit();
    }

    /// <inheritdoc/>
    public IReadOnlyList<PrivacyBudgetChange> GetBudgetChanges(string dataset)
    {
        VerifyLedger();
        using var command = Command("""
            SELECT epsilon, delta, previous_epsilon, previous_delta, reason, at FROM privacy_budget_changes WHERE dataset = $d ORDER BY id
            """);
        command.Parameters.AddWithValue("$d", dataset);
        using var reader = command.ExecuteReader();
        var changes = new List<PrivacyBudgetChange>();
        while (reader.Read())
            changes.Add(new PrivacyBudgetChange(dataset, reader.GetDouble(0), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.GetString(4), DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
        return changes;
    }

    /// <inheritdoc/>
    public IReadOnlyList<PrivacySpend> GetSpends(string dataset)
    {
        VerifyLedger();
        using var command = Command("SELECT id, rho, delta, purpose, at, status, manifest_sha256 FROM privacy_spends WHERE dataset = $d ORDER BY id");
        command.Parameters.AddWithValue("$d", dataset);
        using var reader = command.ExecuteReader();
        var spends = new List<PrivacySpend>();
        while (reader.Read())
            spends.Add(new PrivacySpend(reader.GetInt64(0), dataset, reader.GetDouble(1), reader.GetDouble(2), reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.GetString(5), Text(reader, 6)));
        return spends;
    }

    /// <inheritdoc/>
    public PrivacySpend? TrySpend(string dataset, double rho, double delta, string purpose, Func<double, double, bool> allow)
    {
        if (!(rho > 0) || !double.IsFinite(rho)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "a spend's ρ must be positive and finite");
        if (!(delta >= 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "a spend's δ must be in [0, 1)");
        // BEGIN IMMEDIATE takes the write lock before reading the total: a second writer waits, then sees this spend.
        using var tx = _connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        VerifyLedger(tx); // an altered ledger could hand budget back: no spend on one
        using var total = Command("SELECT coalesce(sum(rho), 0), coalesce(sum(delta), 0) FROM privacy_spends WHERE dataset = $d", tx);
        total.Parameters.AddWithValue("$d", dataset);
        using (var sums = total.ExecuteReader())
        {
            sums.Read();
            if (!allow(sums.GetDouble(0), sums.GetDouble(1))) return null;
        }
        var at = DateTimeOffset.UtcNow;
        using var insert = Command("""
            INSERT INTO privacy_spends(dataset, rho, delta, purpose, at, status) VALUES($d, $r, $dl, $p, $at, 'spent') RETURNING id
            """, tx);
        insert.Parameters.AddWithValue("$d", dataset);
        insert.Parameters.AddWithValue("$r", rho);
        insert.Parameters.AddWithValue("$dl", delta);
        insert.Parameters.AddWithValue("$p", purpose);
        insert.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
        var id = (long)insert.ExecuteScalar()!;
        var hash = AppendLedger(new LedgerEntry("spend", dataset, id, rho, null, delta > 0 ? delta : null, purpose, null, Stamp(at)), tx);
        tx.Commit();
        return new PrivacySpend(id, dataset, rho, delta, purpose, at, "spent", null) { ChainHash = hash };
    }

    /// <inheritdoc/>
    public void MarkWritten(long spend, string manifestSha256)
    {
        using var tx = _connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        using var command = Command("UPDATE privacy_spends SET status = 'written', manifest_sha256 = $h WHERE id = $id RETURNING dataset", tx);
        command.Parameters.AddWithValue("$h", manifestSha256);
        command.Parameters.AddWithValue("$id", spend);
        var dataset = command.ExecuteScalar() as string ?? throw new WorkspaceException($"no privacy ledger entry {spend}");
        AppendLedger(new LedgerEntry("written", dataset, spend, null, null, null, null, manifestSha256, Stamp(DateTimeOffset.UtcNow)), tx);
        tx.Commit();
    }
}
