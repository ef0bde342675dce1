namespace Minerva.Privacy.Accounting;

/// <summary>What a dataset has spent and has left, in zCDP and in (ε, δ).</summary>
/// <param name="Epsilon">The total budget's ε.</param>
/// <param name="Delta">The total budget's δ.</param>
/// <param name="SpentRho">ρ spent so far (releases compose by addition).</param>
public sealed record Budget(double Epsilon, double Delta, double SpentRho)
{
    /// <summary>ρ the whole budget allows: the largest ρ whose tight conversion stays within (ε, δ).</summary>
    public double TotalRho => Zcdp.RhoFor(Epsilon, Delta);

    /// <summary>ρ left.</summary>
    public double RemainingRho => Math.Max(0, TotalRho - SpentRho);

    /// <summary>ε spent so far at the budget's δ.</summary>
    public double SpentEpsilon => Zcdp.Epsilon(SpentRho, Delta);

    /// <summary>Whether a release costing <paramref name="rho"/> fits; exact ties are allowed.</summary>
    public bool Allows(double rho) => rho > 0 && Zcdp.Epsilon(SpentRho + rho, Delta) <= Epsilon * (1 + 1e-12);
}
