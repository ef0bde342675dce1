using System.Numerics;

namespace Minerva.Privacy.Noise;

/// <summary>
/// Exact samplers over the integers after Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
/// Privacy" (NeurIPS 2020), Algorithms 1–3. Every decision is a comparison of a uniform random integer with an
/// exact rational, so the output distribution is exactly the stated one — unlike textbook floating-point Laplace or
/// Gaussian noise, whose rounding leaks through the low bits (Mironov 2012).
/// </summary>
public sealed class ExactSampler(RandomSource random)
{
    /// <summary>Whether the draws are reproducible (test mode).</summary>
    public bool IsDeterministic => random.IsDeterministic;

    /// <summary>Bernoulli(p) for rational p in [0, 1].</summary>
    public bool Bernoulli(Rational p) => random.Below(p.Denominator) < p.Numerator;

    /// <summary>Bernoulli(exp(−γ)) for rational γ ≥ 0 (Algorithm 1).</summary>
    public bool BernoulliExp(Rational gamma)
    {
        // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)).
        var whole = gamma.Floor;
        for (var k = BigInteger.Zero; k < whole; k++)
            if (!BernoulliExpUnit(new Rational(1, 1))) return false;
        return BernoulliExpUnit(new Rational(gamma.Numerator - whole * gamma.Denominator, gamma.Denominator));
    }

    /// <summary>Discrete Laplace with scale t: P(x) ∝ exp(−|x|/t) (Algorithm 2, for rational t = s/u &gt; 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is zero.</exception>
    public BigInteger DiscreteLaplace(Rational scale)
    {
        if (scale.Numerator.IsZero) throw new ArgumentOutOfRangeException(nameof(scale), "the scale must be positive");
        var (s, t) = (scale.Numerator, scale.Denominator); // scale = s/t
        while (true)
        {
            var u = random.Below(s);
            if (!BernoulliExp(new Rational(u, s))) continue;
            var v = BigInteger.Zero;
            while (BernoulliExp(new Rational(1, 1))) v++;
            var x = (u + s * v) / t;
            var negative = random.Below(2).IsOne;
            if (negative && x.IsZero) continue;
            return negative ? -x : x;
        }
    }

    /// <summary>Discrete Gaussian with variance parameter σ²: P(x) ∝ exp(−x²/(2σ²)) (Algorithm 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ² is zero.</exception>
    public BigInteger DiscreteGaussian(Rational sigma2)
    {
        if (sigma2.Numerator.IsZero) throw new ArgumentOutOfRangeException(nameof(sigma2), "σ² must be positive");
        var t = Sqrt(sigma2) + 1; // ⌊σ⌋ + 1
        var laplace = new Rational(t, 1);
        while (true)
        {
            var y = DiscreteLaplace(laplace);
            // Accept with probability exp(−(|y| − σ²/t)² / (2σ²)); all terms exact rationals.
            var a = BigInteger.Abs(y) * t * sigma2.Denominator - sigma2.Numerator; // (|y| − σ²/t) · t · den
            var numerator = a * a;
            var denominator = 2 * sigma2.Numerator * t * t * sigma2.Denominator; // (t·den)² · 2σ² = 2·num·den·t²
            if (BernoulliExp(new Rational(numerator, denominator))) return y;
        }
    }

    /// <summary>
    /// The exponential mechanism: index i with probability exactly ∝ exp(<paramref name="scale"/> · scores[i]), by rejection —
    /// a uniform index, kept with probability exp(−scale · (max − scores[i])), which is at most the number of candidates
    /// tries on average. With scale ε/(2Δ) for scores of sensitivity Δ it is ε-DP and, having bounded range, ε²/8-zCDP
    /// (Cesar and Rogers 2021) — a quarter of what report-noisy-max with Laplace noise costs for the same ε.
    /// </summary>
    /// <exception cref="ArgumentException">No scores.</exception>
    public int Exponential(IReadOnlyList<long> scores, Rational scale)
    {
        if (scores.Count == 0) throw new ArgumentException("the exponential mechanism needs at least one candidate", nameof(scores));
        var best = scores.Max();
        while (true)
        {
            var i = (int)random.Below(scores.Count);
            var gap = new BigInteger(best) - scores[i];
            if (gap.IsZero || BernoulliExp(new Rational(scale.Numerator * gap, scale.Denominator))) return i;
        }
    }

    /// <summary>Bernoulli(exp(−γ)) for γ in [0, 1]: the parity of the first K with a failed Bernoulli(γ/K).</summary>
    private bool BernoulliExpUnit(Rational gamma)
    {
        var k = BigInteger.One;
        while (Bernoulli(new Rational(gamma.Numerator, gamma.Denominator * k))) k++;
        return !k.IsEven;
    }

    /// <summary>⌊√(n/d)⌋ exactly.</summary>
    private static BigInteger Sqrt(Rational value)
    {
        var floor = value.Floor;
        if (floor.IsZero) return BigInteger.Zero;
        var x = (BigInteger)Math.Sqrt((double)floor);
        while (x * x > floor) x--;
        while ((x + 1) * (x + 1) <= floor) x++;
        return x; // ⌊√⌊v⌋⌋ = ⌊√v⌋ for v ≥ 0
    }
}
