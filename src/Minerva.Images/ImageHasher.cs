using Minerva.Vips;

namespace Minerva.Images;

/// <summary>An image file's PDQ hashes: as stored and in its seven other rotations and flips.</summary>
/// <param name="Format">jpeg, png, webp or gif.</param>
/// <param name="Width">Width of the file's pixels.</param>
/// <param name="Height">Height of the file's pixels.</param>
/// <param name="Pdq">The hash of the image as shown (EXIF orientation applied) and its quality.</param>
/// <param name="Variants">Hashes of the seven other dihedral forms, in <see cref="DihedralForm"/> order after the original.</param>
public sealed record ImageHashes(string Format, int Width, int Height, PdqHash Pdq, IReadOnlyList<Hash256> Variants)
{
    /// <summary>PDQ's threshold: hashes of quality at or below this are unreliable and link nothing.</summary>
    public const int MinimumQuality = 50;

    /// <summary>The original hash followed by its variants.</summary>
    public IEnumerable<Hash256> AllForms => Variants.Prepend(Pdq.Hash);
}

/// <summary>Decodes an image file through libvips and hashes it with PDQ. Thread-safe.</summary>
public static class ImageHasher
{
    /// <summary>Hashes <paramref name="path"/>.</summary>
    /// <exception cref="ImageRejectedException">Not a readable image within <paramref name="limits"/>; the message is the reason.</exception>
    /// <exception cref="VipsUnavailableException">libvips is not installed.</exception>
    public static ImageHashes Hash(string path, DecodeLimits? limits = null)
    {
        var image = ImageDecoder.DecodeLuma(path, limits);
        var hashes = Pdq.Dihedral(image.Luma, image.Width, image.Height);
        return new ImageHashes(image.Format, image.SourceWidth, image.SourceHeight, hashes[0], hashes.Skip(1).Select(h => h.Hash).ToList());
    }
}
