namespace Minerva.Privacy.Accounting;

/// <summary>
/// Zero-concentrated differential privacy (Bun and Steinke 2016): a Gaussian-mechanism release with L2 sensitivity Δ
/// and noise variance σ² costs ρ = Δ²/(2σ²); releases compose by adding their ρ. Conversion to (ε, δ)-DP uses the
/// tight bound of Canonne, Kamath and Steinke (2020, Proposition 12 / Corollary 13):
/// ε(ρ, δ) = inf over α &gt; 1 of αρ + (ln(1/δ) + (α−1)·ln(1−1/α) − ln α) / (α−1).
/// </summary>
public static class Zcdp
{
    /// <summary>ρ of a Gaussian mechanism.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive sensitivity or variance.</exception>
    public static double RhoOfGaussian(double sensitivity, double sigma2)
    {
        if (!(sensitivity > 0)) throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "sensitivity must be positive");
        if (!(sigma2 > 0)) throw new ArgumentOutOfRangeException(nameof(sigma2), sigma2, "variance must be positive");
        return sensitivity * sensitivity / (2 * sigma2);
    }

    /// <summary>The variance that makes a Gaussian mechanism cost exactly ρ.</summary>
    public static double Sigma2For(double sensitivity, double rho)
    {
        if (!(rho > 0)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ must be positive");
        return sensitivity * sensitivity / (2 * rho);
    }

    /// <summary>The smallest ε such that ρ-zCDP implies (ε, δ)-DP, by the tight conversion.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ρ negative, or δ outside (0, 1).</exception>
    public static double Epsilon(double rho, double delta)
    {
        if (rho < 0 || !double.IsFinite(rho)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ must be non-negative");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1)");
        if (rho == 0) return 0;
        // The bound is convex in α on (1, ∞); search ln(α − 1) by golden section over a wide bracket.
        double Bound(double logAlphaMinusOne)
        {
            var alpha = 1 + Math.Exp(logAlphaMinusOne);
            return alpha * rho + (Math.Log(1 / delta) + (alpha - 1) * Math.Log(1 - 1 / alpha) - Math.Log(alpha)) / (alpha - 1);
        }
        double a = -20, b = 20;
        var phi = (Math.Sqrt(5) - 1) / 2;
        double c = b - phi * (b - a), d = a + phi * (b - a);
        double fc = Bound(c), fd = Bound(d);
        for (var i = 0; i < 200; i++)
        {
            if (fc < fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - phi * (b - a);
                fc = Bound(c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + phi * (b - a);
                fd = Bound(d);
            }
        }
        return Math.Max(0, Math.Min(fc, fd));
    }

    /// <summary>The largest ρ whose (ε, δ) conversion stays within <paramref name="epsilon"/>: turns an (ε, δ) budget into ρ.</summary>
    public static double RhoFor(double epsilon, double delta)
    {
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive");
        double lo = 0, hi = epsilon; // ρ ≤ ε always suffices as an upper bracket for δ < 1
        while (Epsilon(hi, delta) < epsilon) hi *= 2;
        for (var i = 0; i < 100; i++)
        {
            var mid = (lo + hi) / 2;
            if (Epsilon(mid, delta) <= epsilon) lo = mid;
            else hi = mid;
        }
        return lo;
    }
}
