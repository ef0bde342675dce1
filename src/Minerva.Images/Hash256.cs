using System.Globalization;
using System.Numerics;

namespace Minerva.Images;

/// <summary>A 256-bit perceptual hash (PDQ), as four 64-bit words; word 0 holds the last 16 hex digits as printed.</summary>
public readonly record struct Hash256(ulong W0, ulong W1, ulong W2, ulong W3)
{
    /// <summary>Number of differing bits.</summary>
    public int Distance(Hash256 other) =>
        BitOperations.PopCount(W0 ^ other.W0) + BitOperations.PopCount(W1 ^ other.W1) +
        BitOperations.PopCount(W2 ^ other.W2) + BitOperations.PopCount(W3 ^ other.W3);

    /// <summary>The 16-bit chunk <paramref name="i"/> (0–15).</summary>
    public ushort Chunk(int i) => (ushort)((i >> 2) switch { 0 => W0, 1 => W1, 2 => W2, _ => W3 } >> (16 * (i & 3)));

    /// <summary>64 hex digits, most significant first (the reference's printing order).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{W3:x16}{W2:x16}{W1:x16}{W0:x16}");

    /// <summary>A stored photo's forms as <see cref="NearDuplicates.Find"/> takes them: the original, then its variants.</summary>
    /// <exception cref="FormatException">A value is not 64 hex digits.</exception>
    public static Hash256[] ParseForms(string original, IEnumerable<string> variants) => [.. variants.Prepend(original).Select(Parse)];

    /// <summary>Parses 64 hex digits.</summary>
    /// <exception cref="FormatException">Not 64 hex digits.</exception>
    public static Hash256 Parse(string hex)
    {
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit)) throw new FormatException($"'{hex}' is not a 256-bit hash (64 hex digits)");
        ulong Word(int i) => ulong.Parse(hex.AsSpan(i * 16, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new Hash256(Word(3), Word(2), Word(1), Word(0));
    }
}
