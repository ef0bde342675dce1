using System.Runtime.InteropServices;

namespace Minerva.Vips;

/// <summary>
/// Decodes JPEG, PNG, WebP and GIF (first frame) files to luminance through libvips, within
/// <see cref="DecodeLimits"/>. Thread-safe: call it from as many threads as there are cores.
/// </summary>
public static class ImageDecoder
{
    private const int BandFormatUChar = 0;

    /// <summary>Decodes <paramref name="path"/>, shrunk to fit <see cref="DecodeLimits.MaxSide"/>.</summary>
    /// <exception cref="ImageRejectedException">Missing, empty, too large, not an allowed image format, corrupt, truncated or too slow.</exception>
    /// <exception cref="VipsUnavailableException">libvips is not installed.</exception>
    public static LumaImage DecodeLuma(string path, DecodeLimits? limits = null)
    {
        limits ??= DecodeLimits.Default;
        var file = new FileInfo(path);
        if (!file.Exists) throw new ImageRejectedException("file not found");
        if (file.Length == 0) throw new ImageRejectedException("empty file");
        if (limits.SizeRefusal(file.Length) is { } tooLarge) throw new ImageRejectedException(tooLarge);
        VipsLibrary.Ensure();
        var loader = Native.ForeignFindLoad(file.FullName);
        if (loader == IntPtr.Zero) Errors.Take();
        var format = loader == IntPtr.Zero ? null : FormatOf(Marshal.PtrToStringUTF8(loader) ?? "");
        if (format is null) throw new ImageRejectedException("not a JPEG, PNG, WebP or GIF image");
        try
        {
            var (width, height) = Header(loader, file.FullName);
            if ((long)width * height > limits.MaxPixels)
                throw new ImageRejectedException($"{width}×{height} pixels is over the {limits.MaxPixels:N0}-pixel limit (decompression bomb?)");
            var (outWidth, outHeight, luma) = Luma(file.FullName, format, Math.Max(width, height), limits);
            return new LumaImage(outWidth, outHeight, luma, width, height, format);
        }
        catch (VipsException e)
        {
            throw new ImageRejectedException($"unreadable {format}: {e.Message}");
        }
    }

    private static (int Width, int Height) Header(IntPtr loader, string path)
    {
        // Opening an image reads only its header; pixels are decoded when first asked for.
        var image = Operation.Run(Marshal.PtrToStringUTF8(loader)!, filename: path);
        try
        {
            return (Native.ImageGetWidth(image), Native.ImageGetHeight(image));
        }
        finally
        {
            Native.ObjectUnref(image);
        }
    }

    private static (int Width, int Height, float[] Luma) Luma(string path, string format, int sourceSide, DecodeLimits limits)
    {
        var oriented = format == "jpeg" ? LoadJpeg(path, sourceSide, limits) : Thumbnail(path, limits);
        var srgb = Operation.Consume(oriented, "colourspace", "space=srgb");
        try
        {
            var (width, height, bands) = (Native.ImageGetWidth(srgb), Native.ImageGetHeight(srgb), Native.ImageGetBands(srgb));
            if (Native.ImageGetFormat(srgb) != BandFormatUChar || bands is < 3 or > 4)
                throw new VipsException($"unexpected pixel layout ({bands} bands, format {Native.ImageGetFormat(srgb)})");
            var memory = WriteWithTimeout(srgb, limits.Timeout, out var size);
            try
            {
                return (width, height, ToLuma(memory, size, bands));
            }
            finally
            {
                Native.Free(memory);
            }
        }
        finally
        {
            Native.ObjectUnref(srgb);
        }
    }

    /// <summary>
    /// thumbnail: shrink-on-load where the format allows, EXIF orientation applied, CMYK and ICC profiles
    /// converted. fail-on=truncated turns a cut-off file into an error instead of a half-grey picture.
    /// </summary>
    private static IntPtr Thumbnail(string path, DecodeLimits limits) =>
        Operation.Run("thumbnail", filename: path,
            options: $"width={limits.MaxSide},height={limits.MaxSide},size=down,fail-on=truncated");

    /// <summary>
    /// JPEG scaled by 1/2, 1/4 or 1/8 while decoding (in the DCT domain, far cheaper than decoding in full and
    /// resampling, which thumbnail does for reductions under 2×), then turned upright. The scale is the smallest
    /// that keeps the longest side at least MaxSide, so under 2× MaxSide: PDQ's own tent filter does the
    /// antialiasing, and scaling further moved hashes of the reference vectors by up to 10 bits instead of 8. A
    /// JPEG still longer than that after 1/8 is resampled the rest of the way.
    /// </summary>
    private static IntPtr LoadJpeg(string path, int sourceSide, DecodeLimits limits)
    {
        var shrink = 1;
        while (shrink < 8 && sourceSide >= limits.MaxSide * shrink * 2) shrink *= 2;
        var upright = Operation.Consume(Operation.Run("jpegload", filename: path, options: $"shrink={shrink},fail-on=truncated"), "autorot");
        var side = Math.Max(Native.ImageGetWidth(upright), Native.ImageGetHeight(upright));
        return side < limits.MaxSide * 2
            ? upright
            : Operation.Consume(upright, "thumbnail_image", $"width={limits.MaxSide},height={limits.MaxSide},size=down");
    }

    /// <summary>
    /// Decoding happens here; the <see cref="Watchdog"/> sets libvips' kill flag when it takes too long, which
    /// stops the evaluation with an error.
    /// </summary>
    private static IntPtr WriteWithTimeout(IntPtr image, TimeSpan timeout, out nuint size)
    {
        var watch = Watchdog.Start(image, timeout);
        var memory = Native.ImageWriteToMemory(image, out size);
        Watchdog.Stop(watch);
        var killed = watch.Killed;
        if (memory == IntPtr.Zero)
        {
            var reason = Errors.Take();
            throw killed
                ? new ImageRejectedException($"decoding took longer than {timeout.TotalSeconds:0.#} s")
                : new VipsException(reason);
        }
        return memory;
    }

    /// <summary>PDQ's luminance from 8-bit sRGB; a fourth (alpha) band is ignored, as the reference does.</summary>
    private static unsafe float[] ToLuma(IntPtr memory, nuint size, int bands)
    {
        var pixels = new ReadOnlySpan<byte>((void*)memory, checked((int)size)); // read in place: no managed copy
        var luma = new float[pixels.Length / bands];
        for (int i = 0, p = 0; i < luma.Length; i++, p += bands)
            luma[i] = 0.299f * pixels[p] + 0.587f * pixels[p + 1] + 0.114f * pixels[p + 2];
        return luma;
    }

    /// <summary>The format of an allowed loader, or null for the formats libvips reads but Minerva refuses.</summary>
    private static string? FormatOf(string loader) =>
        Array.Find(["jpeg", "png", "webp", "gif"], f => loader.Contains(f, StringComparison.OrdinalIgnoreCase));

}
