using Minerva.Privacy.Accounting;
using Minerva.Storage;

namespace Minerva.App;

/// <summary>What a dataset's spends add up to: releases compose by adding their ρ and the δ they used up outright.</summary>
public static class Ledger
{
    /// <summary>The ρ and the δ used up outright of <paramref name="spends"/>, summed.</summary>
    public static (double Rho, double Delta) Totals(IReadOnlyList<PrivacySpend> spends) => (spends.Sum(s => s.Rho), spends.Sum(s => s.Delta));

    /// <summary>The budget with what <paramref name="spends"/> spent.</summary>
    public static Budget State(PrivacyBudget budget, IReadOnlyList<PrivacySpend> spends)
    {
        var (rho, delta) = Totals(spends);
        return new Budget(budget.Epsilon, budget.Delta, rho, delta);
    }
}

/// <summary>A dataset's privacy ledger, read-only: its budget, every release's spend, every budget change, what is left.</summary>
/// <param name="Dataset">The dataset the budget protects.</param>
/// <param name="Budget">Its total budget, or null when none is set (releases are then refused).</param>
/// <param name="TotalRho">The budget in zCDP ρ.</param>
/// <param name="SpentRho">ρ spent by every release together.</param>
/// <param name="SpentDelta">δ used up outright.</param>
/// <param name="SpentEpsilon">The ε that ρ is at the budget's δ.</param>
/// <param name="RemainingRho">ρ left.</param>
/// <param name="Releases">Every spend, oldest first, with its manifest's hash.</param>
/// <param name="Changes">Every setting of the budget, with its reason.</param>
public sealed record LedgerView(string Dataset, PrivacyBudget? Budget, double? TotalRho, double SpentRho, double SpentDelta, double? SpentEpsilon,
    double? RemainingRho, IReadOnlyList<PrivacySpend> Releases, IReadOnlyList<PrivacyBudgetChange> Changes);

/// <summary>What the workspace holds and how it got there: counts, the latest ingest runs, the latest quarantined inputs.</summary>
/// <param name="Location">The workspace file.</param>
/// <param name="Stats">Records, selectors and quarantined inputs, by source and kind.</param>
/// <param name="Runs">Ingest runs, newest first.</param>
/// <param name="Quarantine">Rejected inputs, newest first, each with its file, place and reason.</param>
public sealed record WorkspaceOverview(string Location, WorkspaceStats Stats, IReadOnlyList<IngestRun> Runs, IReadOnlyList<QuarantineEntry> Quarantine);
