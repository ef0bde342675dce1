using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Minerva.Storage;

/// <summary>One event of the privacy ledger as the chain holds it (serialised as JSON; the names are part of the format).</summary>
/// <param name="Kind"><c>budget</c>, <c>spend</c> or <c>written</c>.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Spend">The spend's ledger id (spend, written).</param>
/// <param name="Rho">ρ spent (spend).</param>
/// <param name="Epsilon">ε set (budget).</param>
/// <param name="Delta">δ set (budget), or δ used up outright (spend; absent when 0).</param>
/// <param name="Text">The spend's purpose, or the budget's reason.</param>
/// <param name="Manifest">The written release's manifest hash.</param>
/// <param name="At">When, ISO 8601.</param>
public sealed record LedgerEntry(string Kind, string Dataset, long? Spend, double? Rho, double? Epsilon, double? Delta, string? Text, string? Manifest, string At);

/// <summary>A spend as the chain replays it.</summary>
/// <param name="Dataset">Dataset.</param>
/// <param name="Rho">ρ.</param>
/// <param name="Delta">δ used up outright.</param>
/// <param name="Purpose">Purpose.</param>
/// <param name="At">When, as the chain wrote it.</param>
/// <param name="Status"><c>spent</c> or <c>written</c>.</param>
/// <param name="Manifest">The manifest hash once written.</param>
public sealed record ReplayedSpend(string Dataset, double Rho, double Delta, string Purpose, string At, string Status, string? Manifest);

/// <summary>
/// The privacy ledger's hash chain, the same for every backend: how an event is written into it, and what the tables
/// must hold once it is replayed. No I/O: a backend reads its chain and rows and hands them here; <c>broken</c> makes the
/// exception it throws when something does not add up (naming its store).
/// </summary>
public sealed class LedgerChain
{
    private LedgerChain() { }

    /// <summary>Budgets per dataset as the chain last set them.</summary>
    public Dictionary<string, (double Epsilon, double Delta)> Budgets { get; } = new(StringComparer.Ordinal);

    /// <summary>How many times each dataset's budget was set.</summary>
    public Dictionary<string, int> Changes { get; } = new(StringComparer.Ordinal);

    /// <summary>Every spend by its ledger id.</summary>
    public Dictionary<long, ReplayedSpend> Spends { get; } = [];

    /// <summary>The event as the chain stores it.</summary>
    public static string Serialize(LedgerEntry entry) => JsonSerializer.Serialize(entry);

    /// <summary>The hash of an entry that follows <paramref name="previous"/>.</summary>
    public static string Hash(string previous, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + "\n" + text)));

    /// <summary>
    /// Replays the chain in order: every link, every spend's ρ positive and finite and δ in [0, 1), every entry well formed.
    /// </summary>
    public static LedgerChain Replay(IEnumerable<(long Id, string Entry, string Previous, string Hash)> chain, Func<string, Exception> broken)
    {
        var replay = new LedgerChain();
        var previous = "";
        foreach (var (id, text, linked, hash) in chain)
        {
            if (linked != previous || hash != Hash(previous, text)) throw broken($"chain entry {id} does not follow the one before it");
            previous = hash;
            LedgerEntry? e;
            try
            {
                e = JsonSerializer.Deserialize<LedgerEntry>(text);
            }
            catch (JsonException)
            {
                e = null;
            }
            if (e is null) throw broken($"chain entry {id} is unreadable");
            switch (e.Kind)
            {
                case "budget" when e.Epsilon is not null && e.Delta is not null:
                    replay.Budgets[e.Dataset] = (e.Epsilon.Value, e.Delta.Value);
                    replay.Changes[e.Dataset] = replay.Changes.GetValueOrDefault(e.Dataset) + 1;
                    break;
                case "spend" when e.Spend is not null && e.Rho is > 0 and < double.PositiveInfinity && e.Delta is null or (>= 0 and < 1):
                    replay.Spends[e.Spend.Value] = new ReplayedSpend(e.Dataset, e.Rho.Value, e.Delta ?? 0, e.Text!, e.At, "spent", null);
                    break;
                case "written" when e.Spend is not null && replay.Spends.TryGetValue(e.Spend.Value, out var s):
                    replay.Spends[e.Spend.Value] = s with { Status = "written", Manifest = e.Manifest };
                    break;
                default:
                    throw broken($"chain entry {id} is not a valid {e.Kind} entry");
            }
        }
        return replay;
    }

    /// <summary>What a backend says of an altered ledger.</summary>
    public static string Altered(string location, string what) =>
        $"the privacy ledger of {location} was altered: {what}. Releases are refused until it is restored from a copy; " +
        "published manifests carry the chain hash of their spend to compare with.";

    /// <summary>The problem with one budget row, or null when it is the chain's.</summary>
    public string? BudgetProblem(string dataset, double epsilon, double delta) =>
        Budgets.TryGetValue(dataset, out var b) && b == (epsilon, delta) ? null : $"the budget of '{dataset}' is not the one the chain recorded";

    /// <summary>The problem with one dataset's count of budget changes, or null when it is the chain's.</summary>
    public string? ChangesProblem(string dataset, long count) =>
        Changes.GetValueOrDefault(dataset) == count ? null : $"the budget changes of '{dataset}' are not the chain's";

    /// <summary>The problem with one spend row, or null when it is the chain's.</summary>
    public string? SpendProblem(long id, ReplayedSpend row) =>
        Spends.TryGetValue(id, out var s) && s == row ? null : $"spend {id} is not the one the chain recorded";
}
