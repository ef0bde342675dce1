using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    /// <summary>One event of the privacy ledger as the chain holds it.</summary>
    /// <param name="Kind"><c>budget</c>, <c>spend</c> or <c>written</c>.</param>
    /// <param name="Dataset">The dataset.</param>
    /// <param name="Spend">The spend's ledger id (spend, written).</param>
    /// <param name="Rho">ρ spent (spend).</param>
    /// <param name="Epsilon">ε set (budget).</param>
    /// <param name="Delta">δ set (budget), or δ used up outright (spend; absent when 0).</param>
    /// <param name="Text">The spend's purpose, or the budget's reason.</param>
    /// <param name="Manifest">The written release's manifest hash.</param>
    /// <param name="At">When, ISO 8601.</param>
    private sealed record LedgerEntry(string Kind, string Dataset, long? Spend, double? Rho, double? Epsilon, double? Delta, string? Text, string? Manifest, string At);

    /// <summary>
    /// Appends an event to the chain in <paramref name="tx"/>: its text, the previous entry's hash, and the hash of both.
    /// Returns the new hash.
    /// </summary>
    private string AppendLedger(LedgerEntry entry, SqliteTransaction tx)
    {
        var text = JsonSerializer.Serialize(entry);
        using var last = Command("SELECT coalesce((SELECT hash FROM ledger_chain ORDER BY id DESC LIMIT 1), '')", tx);
        var previous = (string)last.ExecuteScalar()!;
        var hash = ChainHash(previous, text);
        using var insert = Command("INSERT INTO ledger_chain(entry, previous, hash) VALUES($e, $p, $h)", tx);
        insert.Parameters.AddWithValue("$e", text);
        insert.Parameters.AddWithValue("$p", previous);
        insert.Parameters.AddWithValue("$h", hash);
        insert.ExecuteNonQuery();
        return hash;
    }

    private static string ChainHash(string previous, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + "\n" + text)));

    /// <summary>
    /// Checks the ledger: every link of the chain, every spend's ρ positive and finite, and the budget, spend and
    /// budget-change tables exactly as the chain replays them. An edited ρ ("0", 1e-12, −0.02), a deleted or renamed row,
    /// a status or manifest hash changed, a budget raised by hand: each handed budget back without a trace before.
    /// </summary>
    /// <exception cref="WorkspaceException">The ledger was altered; the message names the first difference.</exception>
    private void VerifyLedger(SqliteTransaction? tx = null)
    {
        var budgets = new Dictionary<string, (double Epsilon, double Delta)>(StringComparer.Ordinal);
        var changes = new Dictionary<string, int>(StringComparer.Ordinal);
        var spends = new Dictionary<long, (string Dataset, double Rho, double Delta, string Purpose, string At, string Status, string? Manifest)>();
        var previous = "";
        using (var chain = Command("SELECT id, entry, previous, hash FROM ledger_chain ORDER BY id", tx))
        using (var reader = chain.ExecuteReader())
        {
            while (reader.Read())
            {
                var (id, text) = (reader.GetInt64(0), reader.GetString(1));
                if (reader.GetString(2) != previous || reader.GetString(3) != ChainHash(previous, text)) Broken($"chain entry {id} does not follow the one before it");
                previous = reader.GetString(3);
                var e = JsonSerializer.Deserialize<LedgerEntry>(text) ?? Broken<LedgerEntry>($"chain entry {id} is unreadable");
                switch (e.Kind)
                {
                    case "budget":
                        budgets[e.Dataset] = (e.Epsilon!.Value, e.Delta!.Value);
                        changes[e.Dataset] = changes.GetValueOrDefault(e.Dataset) + 1;
                        break;
                    case "spend" when e.Rho is > 0 and < double.PositiveInfinity && e.Delta is null or (>= 0 and < 1):
                        spends[e.Spend!.Value] = (e.Dataset, e.Rho.Value, e.Delta ?? 0, e.Text!, e.At, "spent", null);
                        break;
                    case "written" when spends.TryGetValue(e.Spend!.Value, out var s):
                        spends[e.Spend.Value] = s with { Status = "written", Manifest = e.Manifest };
                        break;
                    default:
                        Broken($"chain entry {id} is not a valid {e.Kind} entry");
                        break;
                }
            }
        }
        MatchRows("SELECT dataset, epsilon, delta FROM privacy_budgets", tx, budgets.Count, "a budget the chain recorded is missing", reader =>
        {
            var dataset = reader.GetString(0);
            if (!budgets.TryGetValue(dataset, out var b) || b != (reader.GetDouble(1), reader.GetDouble(2)))
                Broken($"the budget of '{dataset}' is not the one the chain recorded");
        });
        MatchRows("SELECT dataset, count(*) FROM privacy_budget_changes GROUP BY dataset", tx, changes.Count, "budget changes the chain recorded are missing", reader =>
        {
            if (changes.GetValueOrDefault(reader.GetString(0)) != reader.GetInt64(1)) Broken($"the budget changes of '{reader.GetString(0)}' are not the chain's");
        });
        MatchRows("SELECT id, dataset, rho, delta, purpose, at, status, manifest_sha256, typeof(rho), typeof(delta) FROM privacy_spends", tx, spends.Count,
            "a spend the chain recorded is missing", reader =>
            {
                var id = reader.GetInt64(0);
                if (reader.GetString(8) != "real" || reader.GetString(9) != "real" || !spends.TryGetValue(id, out var s)
                    || s != (reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), Text(reader, 7)))
                    Broken($"spend {id} is not the one the chain recorded");
            });
    }

    /// <summary>Checks every row of <paramref name="sql"/> against the replayed chain, and that there are as many as it has.</summary>
    private void MatchRows(string sql, SqliteTransaction? tx, int expected, string missing, Action<SqliteDataReader> check)
    {
        using var rows = Command(sql, tx);
        using var reader = rows.ExecuteReader();
        var seen = 0;
        for (; reader.Read(); seen++) check(reader);
        if (seen != expected) Broken(missing);
    }

    private void Broken(string what) => Broken<bool>(what);

    private T Broken<T>(string what) => throw new WorkspaceException(
        $"the privacy ledger of {Location} was altered: {what}. Releases are refused until it is restored from a copy; " +
        "published manifests carry the chain hash of their spend to compare with.");

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
