using Minerva.Privacy.Accounting;

namespace Minerva.Privacy.Tests;

public sealed class ZcdpTests
{
    [Theory]
    [InlineData(0.01, 1e-6, 0.6216927)] // expected values: the same bound minimised over a fine grid of α, computed separately
    [InlineData(0.5, 1e-6, 5.2215347)]
    [InlineData(2.0, 1e-9, 14.1501476)]
    [InlineData(1.0, 1e-5, 7.0771974)]
    public void The_conversion_matches_the_bound_and_is_tighter_than_the_classic_one(double rho, double delta, double expected)
    {
        var classic = rho + 2 * Math.Sqrt(rho * Math.Log(1 / delta)); // Bun and Steinke 2016, Proposition 1.3
        var tight = Zcdp.Epsilon(rho, delta);
        Assert.Equal(expected, tight, 1e-5);
        Assert.True(tight < classic && tight >= rho, $"{tight} vs classic {classic}");
    }

    [Fact]
    public void Epsilon_grows_with_rho_and_shrinks_with_delta()
    {
        var rhos = new[] { 0.001, 0.01, 0.1, 0.5, 1, 4 };
        var eps = rhos.Select(r => Zcdp.Epsilon(r, 1e-6)).ToArray();
        Assert.True(eps.Zip(eps.Skip(1)).All(p => p.Second > p.First));
        Assert.True(Zcdp.Epsilon(0.5, 1e-9) > Zcdp.Epsilon(0.5, 1e-5));
        Assert.Equal(0, Zcdp.Epsilon(0, 1e-6));
    }

    [Theory]
    [InlineData(1.0, 1e-6)]
    [InlineData(0.1, 1e-5)]
    [InlineData(8.0, 1e-8)]
    public void Rho_for_a_budget_converts_back_to_that_budget(double epsilon, double delta)
    {
        var rho = Zcdp.RhoFor(epsilon, delta);
        Assert.Equal(epsilon, Zcdp.Epsilon(rho, delta), 6);
    }

    [Fact]
    public void Gaussian_cost_and_variance_are_inverse()
    {
        Assert.Equal(0.125, Zcdp.RhoOfGaussian(1, 4), 12);
        Assert.Equal(4, Zcdp.Sigma2For(1, 0.125), 12);
        Assert.Equal(0.5, Zcdp.RhoOfGaussian(Math.Sqrt(2), 2), 12); // a victim in two rows: Δ = √2 in L2
        Assert.Throws<ArgumentOutOfRangeException>(() => Zcdp.Epsilon(0.5, 1.5));
    }

    [Fact]
    public void A_budget_allows_releases_until_their_composed_cost_reaches_it()
    {
        var budget = new Budget(Epsilon: 2, Delta: 1e-6, SpentRho: 0);
        var perRelease = Zcdp.RhoFor(1, 1e-6); // what a single ε = 1 release costs
        Assert.True(budget.Allows(perRelease));
        var after = budget with { SpentRho = perRelease };
        // Composing in zCDP, two ε = 1 releases cost less than ε = 2: a second one fits, a third does not.
        Assert.True(after.Allows(perRelease));
        Assert.False((after with { SpentRho = 3 * perRelease }).Allows(perRelease));
        Assert.Equal(1, after.SpentEpsilon, 1e-6);
        Assert.Equal(budget.TotalRho - perRelease, after.RemainingRho, 12);
        Assert.False(budget.Allows(0));
    }

    [Fact]
    public void Delta_used_up_outright_adds_up_across_releases_and_shrinks_what_converts_rho()
    {
        var budget = new Budget(Epsilon: 2, Delta: 1e-6, SpentRho: 0);
        var (rho, delta) = Minerva.Privacy.Synthesis.PrivateSynthesis.Cost(1, 1e-6, selects: true);
        Assert.Equal(1e-8, delta, 1e-20);
        Assert.Equal(1, Zcdp.Epsilon(rho, 1e-6 - delta), 1e-6); // the release's own claim: (ε, δ) with δ split
        Assert.True(rho < Zcdp.RhoFor(1, 1e-6));
        var after = budget with { SpentRho = rho, SpentDelta = delta };
        Assert.True(after.TotalRho < budget.TotalRho);
        Assert.True(after.Allows(rho, delta));
        // A δ used up whole leaves nothing to convert ρ with, however little ρ was spent.
        var exhausted = budget with { SpentDelta = 1e-6 };
        Assert.False(exhausted.Allows(1e-9));
        Assert.Equal(0, exhausted.TotalRho);
        Assert.False(budget.Allows(rho, 1e-6));
    }
}
