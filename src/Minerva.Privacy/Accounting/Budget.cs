namespace Minerva.Privacy.Accounting;

/// <summary>
/// What a dataset has spent and has left, in approximate zCDP and in (ε, δ). Releases compose by adding their ρ and adding
/// the δ they use up outright (a noisy-threshold selection of categories fails with at most that probability); the
/// budget's δ less what was used up outright is what is left for converting the total ρ to ε.
/// </summary>
/// <param name="Epsilon">The total budget's ε.</param>
/// <param name="Delta">The total budget's δ.</param>
/// <param name="SpentRho">ρ spent so far.</param>
/// <param name="SpentDelta">δ used up outright so far.</param>
public sealed record Budget(double Epsilon, double Delta, double SpentRho, double SpentDelta = 0)
{
    /// <summary>ρ the whole budget allows: the largest ρ whose tight conversion stays within (ε, δ) with the δ left.</summary>
    public double TotalRho => ConversionDelta(0) is var d && d > 0 ? Zcdp.RhoFor(Epsilon, d) : 0;

    /// <summary>ρ left.</summary>
    public double RemainingRho => Math.Max(0, TotalRho - SpentRho);

    /// <summary>ε spent so far at the budget's δ (less what was used up outright).</summary>
    public double SpentEpsilon => ConversionDelta(0) is var d && d > 0 ? Zcdp.Epsilon(SpentRho, d) : double.PositiveInfinity;

    /// <summary>Whether a release costing <paramref name="rho"/> and using up <paramref name="delta"/> fits; exact ties are allowed.</summary>
    public bool Allows(double rho, double delta = 0) =>
        rho > 0 && delta >= 0 && ConversionDelta(delta) is var d && d > 0 && Zcdp.Epsilon(SpentRho + rho, d) <= Epsilon * (1 + 1e-12);

    private double ConversionDelta(double more) => Delta - SpentDelta - more;
}
