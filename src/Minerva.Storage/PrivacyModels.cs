namespace Minerva.Storage;

/// <summary>The total privacy a dataset may ever spend across releases, as (ε, δ).</summary>
/// <param name="Dataset">Dataset name (e.g. the case source).</param>
/// <param name="Epsilon">Total ε.</param>
/// <param name="Delta">δ of the total.</param>
/// <param name="SetAt">When it was set.</param>
public sealed record PrivacyBudget(string Dataset, double Epsilon, double Delta, DateTimeOffset SetAt);

/// <summary>One setting of a dataset's budget, kept for ever: raising a budget after releases is a decision someone must
/// own, so every change is listed with its reason beside the spends.</summary>
/// <param name="Dataset">Dataset.</param>
/// <param name="Epsilon">ε set.</param>
/// <param name="Delta">δ set.</param>
/// <param name="PreviousEpsilon">ε before, or null for the first budget.</param>
/// <param name="PreviousDelta">δ before, or null.</param>
/// <param name="Reason">Why (required for a raise).</param>
/// <param name="At">When.</param>
public sealed record PrivacyBudgetChange(string Dataset, double Epsilon, double Delta, double? PreviousEpsilon, double? PreviousDelta, string Reason, DateTimeOffset At);

/// <summary>One release's spend in approximate zCDP: ρ, and the δ used up outright (0 for a pure zCDP release).</summary>
/// <param name="Id">Ledger entry.</param>
/// <param name="Dataset">Dataset.</param>
/// <param name="Rho">ρ spent.</param>
/// <param name="Delta">δ used up outright (categories selected from the data by a noisy threshold fail with at most this
/// probability); releases compose by adding it, and the budget's δ left for converting ρ to ε shrinks by it.</param>
/// <param name="Purpose">What the release was.</param>
/// <param name="At">When the spend was recorded (before any noise was drawn).</param>
/// <param name="Status"><c>spent</c> when recorded; <c>written</c> once the release's files exist.</param>
/// <param name="ManifestSha256">SHA-256 of the release manifest, once written.</param>
public sealed record PrivacySpend(long Id, string Dataset, double Rho, double Delta, string Purpose, DateTimeOffset At, string Status, string? ManifestSha256)
{
    /// <summary>The ledger chain's hash once this spend was appended (set by <see cref="IPrivacyLedger.TrySpend"/>): a release
    /// publishes it, so a ledger rewritten later cannot match the manifests already out.</summary>
    public string? ChainHash { get; init; }
}
