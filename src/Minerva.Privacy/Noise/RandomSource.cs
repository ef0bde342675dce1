using System.Numerics;
using System.Security.Cryptography;

namespace Minerva.Privacy.Noise;

/// <summary>Uniform random bits for noise. Production noise comes from <see cref="Cryptographic"/>; a seeded source exists for tests only.</summary>
public abstract class RandomSource
{
    /// <summary>The operating system's cryptographic generator: what every release uses.</summary>
    public static RandomSource Cryptographic { get; } = new CryptographicSource();

    /// <summary>A reproducible source for the explicit test mode; never use it for a real release.</summary>
    public static RandomSource Seeded(int seed) => new SeededSource(seed);

    /// <summary>Whether draws are reproducible (written into a release's manifest).</summary>
    public abstract bool IsDeterministic { get; }

    /// <summary>Fills <paramref name="buffer"/> with uniform random bytes.</summary>
    protected abstract void Fill(Span<byte> buffer);

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), by rejection so that no value is favoured.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bound is not positive.</exception>
    public BigInteger Below(BigInteger bound)
    {
        if (bound.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "the bound must be positive");
        if (bound.IsOne) return BigInteger.Zero;
        var bits = (bound - 1).GetBitLength();
        var bytes = (int)((bits + 7) / 8);
        Span<byte> buffer = bytes <= 64 ? stackalloc byte[bytes + 1] : new byte[bytes + 1];
        var excess = bytes * 8 - bits;
        while (true)
        {
            Fill(buffer[..bytes]);
            buffer[bytes - 1] &= (byte)(0xFF >> (int)excess); // little-endian: the top byte holds the high bits
            buffer[bytes] = 0; // keep it non-negative
            var value = new BigInteger(buffer, isUnsigned: true);
            if (value < bound) return value;
        }
    }

    private sealed class CryptographicSource : RandomSource
    {
        public override bool IsDeterministic => false;

        protected override void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
    }

    private sealed class SeededSource(int seed) : RandomSource
    {
        private readonly Random _random = new(seed);

        public override bool IsDeterministic => true;

        protected override void Fill(Span<byte> buffer) => _random.NextBytes(buffer);
    }
}
