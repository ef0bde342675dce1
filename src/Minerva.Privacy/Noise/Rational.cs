using System.Numerics;

namespace Minerva.Privacy.Noise;

/// <summary>A non-negative rational number held exactly, for noise parameters: no floating point ever decides a draw.</summary>
public readonly record struct Rational
{
    /// <summary>Creates n/d in lowest terms.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative numerator or non-positive denominator.</exception>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.Sign < 0) throw new ArgumentOutOfRangeException(nameof(numerator), numerator, "noise parameters are non-negative");
        if (denominator.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "the denominator must be positive");
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (gcd.IsZero) gcd = BigInteger.One;
        Numerator = numerator / gcd;
        Denominator = denominator / gcd;
    }

    /// <summary>Numerator.</summary>
    public BigInteger Numerator { get; }

    /// <summary>Denominator (positive).</summary>
    public BigInteger Denominator { get; }

    /// <summary>The smallest rational with denominator 2^40 that is at least <paramref name="value"/>: rounding a variance up only adds privacy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, infinite or not a number.</exception>
    public static Rational AtLeast(double value)
    {
        if (!double.IsFinite(value) || value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "expected a finite non-negative number");
        var scale = BigInteger.One << 40;
        var scaled = value * (double)(1L << 40);
        var numerator = new BigInteger(Math.Ceiling(scaled));
        return new Rational(numerator, scale);
    }

    /// <summary>The largest rational with denominator 2^40 that is at most <paramref name="value"/>: rounding an exponential
    /// mechanism's ε down only adds privacy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, infinite or not a number.</exception>
    public static Rational AtMost(double value)
    {
        if (!double.IsFinite(value) || value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "expected a finite non-negative number");
        return new Rational(new BigInteger(Math.Floor(value * (double)(1L << 40))), BigInteger.One << 40);
    }

    /// <summary>Largest integer not above the value.</summary>
    public BigInteger Floor => BigInteger.Divide(Numerator, Denominator);

    /// <summary>The value as a double (for reports only).</summary>
    public double ToDouble() => (double)Numerator / (double)Denominator;
}
