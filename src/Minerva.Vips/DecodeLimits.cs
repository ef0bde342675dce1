namespace Minerva.Vips;

/// <summary>
/// Limits that keep a hostile file from exhausting the machine: a decompression bomb declares a huge size in a
/// small file, so pixels are checked from the header before anything is decoded.
/// </summary>
/// <param name="MaxBytes">Largest file read.</param>
/// <param name="MaxPixels">Largest width × height decoded.</param>
/// <param name="Timeout">Longest one decode may take before it is stopped.</param>
/// <param name="MaxSide">Size to decode at: larger images come out with their longest side at MaxSide, except JPEGs, which are
/// scaled by 1/2, 1/4 or 1/8 while decoding and so come out with their longest side from MaxSide up to twice that.</param>
public sealed record DecodeLimits(long MaxBytes, long MaxPixels, TimeSpan Timeout, int MaxSide)
{
    /// <summary>64 MB, 120 megapixels (a 200 MP phone photo is refused; a 108 MP one is not), 20 s, 512 pixels.</summary>
    public static DecodeLimits Default { get; } = new(64L << 20, 120_000_000, TimeSpan.FromSeconds(20), 512);

    /// <summary>Why a file of <paramref name="bytes"/> is not read, or null when its size is within the limit.</summary>
    public string? SizeRefusal(long bytes) =>
        bytes > MaxBytes ? $"file is {Megabytes(bytes)}, over the {Megabytes(MaxBytes)} limit" : null;

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:0.#} MB";
}

/// <summary>A file that is not a readable image within the limits; <see cref="Exception.Message"/> is the reason.</summary>
public sealed class ImageRejectedException(string reason) : Exception(reason);

/// <summary>
/// A decoded image as luminance (0.299 R + 0.587 G + 0.114 B, 0–255, row-major), EXIF orientation applied.
/// </summary>
/// <param name="Width">Width of <paramref name="Luma"/>.</param>
/// <param name="Height">Height of <paramref name="Luma"/>.</param>
/// <param name="Luma">Width × height values.</param>
/// <param name="SourceWidth">The file's own width, before orientation and shrinking.</param>
/// <param name="SourceHeight">The file's own height.</param>
/// <param name="Format">jpeg, png, webp or gif.</param>
public sealed record LumaImage(int Width, int Height, float[] Luma, int SourceWidth, int SourceHeight, string Format);
