namespace Minerva.Storage;

/// <summary>
/// The privacy ledger of a store's datasets: budgets, every change of them, and every release's spend, kept so that the
/// guarantee holds across releases. Its own contract, apart from the records: the workstation keeps it in the workspace
/// file, the team server per tenant. Backends keep it tamper-evident (a hash chain replayed on every read), so a ledger
/// edited by hand refuses releases instead of handing budget back.
/// </summary>
public interface IPrivacyLedger
{
    /// <summary>Whether the store was created for tests only: releases from it may use reproducible, non-private noise.</summary>
    bool ForTestsOnly { get; }

    /// <summary>A dataset's privacy budget, or null when none is set.</summary>
    PrivacyBudget? GetBudget(string dataset);

    /// <summary>Sets (or replaces) a dataset's privacy budget and records the change with <paramref name="reason"/>, in one transaction.</summary>
    void SetBudget(PrivacyBudget budget, string reason);

    /// <summary>Every change of a dataset's budget, oldest first.</summary>
    IReadOnlyList<PrivacyBudgetChange> GetBudgetChanges(string dataset);

    /// <summary>Every spend recorded for a dataset, oldest first.</summary>
    IReadOnlyList<PrivacySpend> GetSpends(string dataset);

    /// <summary>
    /// Records a spend of <paramref name="rho"/> and <paramref name="delta"/> if <paramref name="allow"/>, given the ρ and δ already
    /// spent, agrees — both in one exclusive transaction, so two releases cannot both pass the check. Returns the entry, or null when refused.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">ρ not positive and finite, or δ outside [0, 1).</exception>
    PrivacySpend? TrySpend(string dataset, double rho, double delta, string purpose, Func<double, double, bool> allow);

    /// <summary>Marks a spend's release as written, with its manifest's hash.</summary>
    void MarkWritten(long spend, string manifestSha256);
}
