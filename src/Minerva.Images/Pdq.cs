namespace Minerva.Images;

/// <summary>A PDQ hash and its quality (0–100; PDQ calls hashes of quality ≤ 49 unreliable).</summary>
/// <param name="Hash">256 bits.</param>
/// <param name="Quality">Gradient-based quality of the image content.</param>
public readonly record struct PdqHash(Hash256 Hash, int Quality);

/// <summary>
/// Meta's PDQ perceptual hash, to the published algorithm (pdqhash-2017-10-09): luminance, two X/Y passes of
/// 1-D box filters (Jarosz: together a tent filter) with windows of 1/128 of each side, decimation to 64×64,
/// the 16×16 lowest non-constant DCT coefficients, and one bit per coefficient above their median. Pure and
/// thread-safe.
/// </summary>
public static class Pdq
{
    private const int Passes = 2;
    private const int WindowDivisor = 128;
    private static readonly float[,] Dct = DctMatrix();

    /// <summary>Hashes a row-major luminance image.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold width × height values.</exception>
    public static PdqHash Hash(ReadOnlySpan<float> luma, int width, int height) =>
        Dihedral(luma, width, height, DihedralForm.Original)[0];

    /// <summary>The hashes of the image as if rotated or flipped into each of <paramref name="forms"/>, in enum order.</summary>
    public static PdqHash[] Dihedral(ReadOnlySpan<float> luma, int width, int height, DihedralForm forms = DihedralForm.All)
    {
        if (width < 1 || height < 1 || luma.Length != width * height)
            throw new ArgumentException($"a {width}×{height} image needs {(long)width * height} values, not {luma.Length}", nameof(luma));
        var block = TentSample(luma, width, height);
        var quality = Quality(block);
        var dct = Dct64To16(block);
        var result = new List<PdqHash>(8);
        foreach (var form in Enum.GetValues<DihedralForm>())
            if (form is not DihedralForm.All && (forms & form) != 0) result.Add(new PdqHash(Bits(Transform(dct, form)), quality));
        return [.. result];
    }

    /// <summary>
    /// Two X-then-Y passes of box filters (a tent filter that averages each 64th of the image), sampled at the
    /// centres of a 64×64 grid. The passes along rows and along columns are separate linear filters, so they
    /// commute: both row passes run first, and the column passes only on the 64 columns that are sampled —
    /// a quarter of the work of filtering everything, and all of it along contiguous memory.
    /// </summary>
    private static float[,] TentSample(ReadOnlySpan<float> luma, int width, int height)
    {
        var alongRows = (width + WindowDivisor - 1) / WindowDivisor;
        var alongColumns = (height + WindowDivisor - 1) / WindowDivisor;
        var first = new float[Math.Max(width, height)];
        var second = new float[first.Length];
        var columns = new float[64 * height]; // the 64 sampled columns, each contiguous
        for (var row = 0; row < height; row++)
        {
            Box(luma.Slice(row * width, width), first, alongRows);
            Box(first.AsSpan(0, width), second, alongRows);
            for (var j = 0; j < 64; j++) columns[j * height + row] = second[Centre(j, width)];
        }
        var block = new float[64, 64];
        for (var j = 0; j < 64; j++)
        {
            Box(columns.AsSpan(j * height, height), first, alongColumns);
            Box(first.AsSpan(0, height), second, alongColumns);
            for (var i = 0; i < 64; i++) block[i, j] = second[Centre(i, height)];
        }
        return block;
    }

    /// <summary>The pixel at the centre of the <paramref name="cell"/>th of 64 cells along a side.</summary>
    private static int Centre(int cell, int side) => (int)((cell + 0.5) * side / 64);

    /// <summary>
    /// A centred moving average over <paramref name="window"/> values, with the window shrinking at the ends
    /// (sums divided by how many values they hold), as the reference computes it.
    /// </summary>
    private static void Box(ReadOnlySpan<float> input, Span<float> output, int window)
    {
        var length = input.Length;
        var half = (window + 2) / 2;
        float sum = 0;
        var count = 0;
        int read = 0, drop = 0, write = 0;
        for (var i = 0; i < half - 1; i++, read++, count++) sum += input[read];
        for (var i = 0; i < window - half + 1; i++, read++, write++)
        {
            sum += input[read];
            count++;
            output[write] = sum / count;
        }
        for (var i = 0; i < length - window; i++, read++, drop++, write++)
        {
            sum += input[read] - input[drop];
            output[write] = sum / count;
        }
        for (var i = 0; i < half - 1; i++, drop++, write++)
        {
            sum -= input[drop];
            count--;
            output[write] = sum / count;
        }
    }

    /// <summary>Sum of quantised gradients between neighbouring cells, scaled and capped at 100 (the reference's heuristic).</summary>
    private static int Quality(float[,] block)
    {
        var sum = 0;
        for (var i = 0; i < 63; i++)
            for (var j = 0; j < 64; j++)
                sum += Math.Abs((int)((block[i, j] - block[i + 1, j]) * 100 / 255));
        for (var i = 0; i < 64; i++)
            for (var j = 0; j < 63; j++)
                sum += Math.Abs((int)((block[i, j] - block[i, j + 1]) * 100 / 255));
        return Math.Min(100, sum / 90);
    }

    /// <summary>Rows 1–16 of the 64-point DCT-II basis (row 0, the constant, carries no shape).</summary>
    private static float[,] DctMatrix()
    {
        var d = new float[16, 64];
        var scale = Math.Sqrt(2.0 / 64.0);
        for (var i = 0; i < 16; i++)
            for (var j = 0; j < 64; j++)
                d[i, j] = (float)(scale * Math.Cos(Math.PI / 2 / 64.0 * (i + 1) * (2 * j + 1)));
        return d;
    }

    /// <summary>D·A·Dᵀ restricted to the 16×16 coefficients PDQ keeps.</summary>
    private static float[,] Dct64To16(float[,] a)
    {
        var t = new float[16, 64];
        for (var i = 0; i < 16; i++)
            for (var j = 0; j < 64; j++)
            {
                float sum = 0;
                for (var k = 0; k < 64; k++) sum += Dct[i, k] * a[k, j];
                t[i, j] = sum;
            }
        var b = new float[16, 16];
        for (var i = 0; i < 16; i++)
            for (var j = 0; j < 16; j++)
            {
                float sum = 0;
                for (var k = 0; k < 64; k++) sum += t[i, k] * Dct[j, k];
                b[i, j] = sum;
            }
        return b;
    }

    /// <summary>
    /// The DCT of a rotated or flipped image is the original's with rows and columns swapped and odd or even
    /// frequencies negated, so all eight hashes come from one decode.
    /// </summary>
    private static float[,] Transform(float[,] a, DihedralForm form)
    {
        var b = new float[16, 16];
        for (var i = 0; i < 16; i++)
            for (var j = 0; j < 16; j++)
            {
                var (oddI, oddJ) = ((i & 1) != 0, (j & 1) != 0);
                var (negate, transpose) = form switch
                {
                    DihedralForm.Original => (false, false),
                    DihedralForm.Rotate90 => (!oddJ, true),
                    DihedralForm.Rotate180 => (oddI != oddJ, false),
                    DihedralForm.Rotate270 => (!oddI, true),
                    DihedralForm.FlipX => (!oddI, false),
                    DihedralForm.FlipY => (!oddJ, false),
                    DihedralForm.FlipPlus1 => (false, true),
                    _ => (oddI != oddJ, true),
                };
                var v = negate ? -a[i, j] : a[i, j];
                if (transpose) b[j, i] = v;
                else b[i, j] = v;
            }
        return b;
    }

    /// <summary>Bit i·16 + j is set when coefficient (i, j) is above the median (the 128th smallest of 256).</summary>
    private static Hash256 Bits(float[,] coefficients)
    {
        Span<float> sorted = stackalloc float[256];
        for (var k = 0; k < 256; k++) sorted[k] = coefficients[k >> 4, k & 15];
        sorted.Sort();
        var median = sorted[127];
        Span<ulong> words = stackalloc ulong[4];
        for (var k = 0; k < 256; k++)
            if (coefficients[k >> 4, k & 15] > median) words[k >> 6] |= 1UL << (k & 63);
        return new Hash256(words[0], words[1], words[2], words[3]);
    }
}

/// <summary>The eight rotations and flips of an image (the dihedral group of the square), as flags.</summary>
[Flags]
public enum DihedralForm
{
    /// <summary>As stored.</summary>
    Original = 1,
    /// <summary>Rotated 90° (the reference's naming).</summary>
    Rotate90 = 2,
    /// <summary>Rotated 180°.</summary>
    Rotate180 = 4,
    /// <summary>Rotated 270°.</summary>
    Rotate270 = 8,
    /// <summary>Mirrored top to bottom.</summary>
    FlipX = 16,
    /// <summary>Mirrored left to right.</summary>
    FlipY = 32,
    /// <summary>Mirrored about the main diagonal.</summary>
    FlipPlus1 = 64,
    /// <summary>Mirrored about the anti-diagonal.</summary>
    FlipMinus1 = 128,
    /// <summary>All eight.</summary>
    All = 255,
}
