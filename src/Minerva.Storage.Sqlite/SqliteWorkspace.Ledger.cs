using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    /// <summary>
    /// Appends an event to the chain in <paramref name="tx"/>: its text, the previous entry's hash, and the hash of both.
    /// Returns the new hash.
    /// </summary>
    private string AppendLedger(LedgerEntry entry, SqliteTransaction tx)
    {
        var text = LedgerChain.Serialize(entry);
        using var last = Command("SELECT coalesce((SELECT hash FROM ledger_chain ORDER BY id DESC LIMIT 1), '')", tx);
        var previous = (string)last.ExecuteScalar()!;
        var hash = LedgerChain.Hash(previous, text);
        using var insert = Command("INSERT INTO ledger_chain(entry, previous, hash) VALUES($e, $p, $h)", tx);
        insert.Parameters.AddWithValue("$e", text);
        insert.Parameters.AddWithValue("$p", previous);
        insert.Parameters.AddWithValue("$h", hash);
        insert.ExecuteNonQuery();
        return hash;
    }

    /// <summary>
    /// Checks the ledger: every link of the chain, every spend's ρ positive and finite, and the budget, spend and
    /// budget-change tables exactly as the chain replays them. An edited ρ ("0", 1e-12, −0.02), a deleted or renamed row,
    /// a status or manifest hash changed, a budget raised by hand: each handed budget back without a trace before.
    /// </summary>
    /// <exception cref="WorkspaceException">The ledger was altered; the message names the first difference.</exception>
    private void VerifyLedger(SqliteTransaction? tx = null)
    {
        List<(long, string, string, string)> rows = [];
        using (var chain = Command("SELECT id, entry, previous, hash FROM ledger_chain ORDER BY id", tx))
        using (var reader = chain.ExecuteReader())
            while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        var replay = LedgerChain.Replay(rows, what => new WorkspaceException(Altered(what)));
        MatchRows("SELECT dataset, epsilon, delta FROM privacy_budgets", tx, replay.Budgets.Count, "a budget the chain recorded is missing",
            reader => replay.BudgetProblem(reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
        MatchRows("SELECT dataset, count(*) FROM privacy_budget_changes GROUP BY dataset", tx, replay.Changes.Count, "budget changes the chain recorded are missing",
            reader => replay.ChangesProblem(reader.GetString(0), reader.GetInt64(1)));
        MatchRows("SELECT id, dataset, rho, delta, purpose, at, status, manifest_sha256, typeof(rho), typeof(delta) FROM privacy_spends", tx, replay.Spends.Count,
            "a spend the chain recorded is missing", reader => reader.GetString(8) != "real" || reader.GetString(9) != "real" // ρ or δ stored as text or an integer
                ? $"spend {reader.GetInt64(0)} is not the one the chain recorded"
                : replay.SpendProblem(reader.GetInt64(0), new ReplayedSpend(reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), Text(reader, 7))));
    }

    /// <summary>Checks every row of <paramref name="sql"/> against the replayed chain, and that there are as many as it has.</summary>
    private void MatchRows(string sql, SqliteTransaction? tx, int expected, string missing, Func<SqliteDataReader, string?> problem)
    {
        using var rows = Command(sql, tx);
        using var reader = rows.ExecuteReader();
        var seen = 0;
        for (; reader.Read(); seen++)
            if (problem(reader) is { } what) throw new WorkspaceException(Altered(what));
        if (seen != expected) throw new WorkspaceException(Altered(missing));
    }

    private string Altered(string what) => LedgerChain.Altered(Location, what);

    /// <summary>The schema version that added the chain (migration 11).</summary>
    private const int LedgerChainVersion = 11;

    /// <summary>
    /// A workspace from before the chain: its ledger rows become the chain's first entries, trusted as they are now
    /// (nothing earlier can be checked). Done once, by the open that migrates it past <see cref="LedgerChainVersion"/>.
    /// </summary>
    private void ChainExistingLedger()
    {
        if (Scalar<long>("SELECT (SELECT count(*) FROM privacy_spends) + (SELECT count(*) FROM privacy_budget_changes)") == 0) return;
        using var tx = _connection.BeginTransaction();
        var entries = new List<(string At, int Order, LedgerEntry Entry)>();
        using (var rows = Command("SELECT dataset, epsilon, delta, reason, at FROM privacy_budget_changes ORDER BY id", tx))
        using (var reader = rows.ExecuteReader())
            while (reader.Read())
                entries.Add((reader.GetString(4), entries.Count, new LedgerEntry("budget", reader.GetString(0), null, null, reader.GetDouble(1), reader.GetDouble(2), reader.GetString(3), null, reader.GetString(4))));
        using (var rows = Command("SELECT id, dataset, rho, purpose, at, status, manifest_sha256 FROM privacy_spends ORDER BY id", tx))
        using (var reader = rows.ExecuteReader())
            while (reader.Read())
            {
                var (id, dataset, at) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(4));
                entries.Add((at, entries.Count, new LedgerEntry("spend", dataset, id, reader.GetDouble(2), null, null, reader.GetString(3), null, at)));
                if (reader.GetString(5) == "written")
                    entries.Add((at, entries.Count, new LedgerEntry("written", dataset, id, null, null, null, null, Text(reader, 6), at)));
            }
        foreach (var (_, _, entry) in entries.OrderBy(e => e.At, StringComparer.Ordinal).ThenBy(e => e.Order)) AppendLedger(entry, tx);
        tx.Commit();
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
