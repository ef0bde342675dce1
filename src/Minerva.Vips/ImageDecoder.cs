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
        if (file.Length > limits.MaxBytes)
            throw new ImageRejectedException($"file is {Megabytes(file.Length)}, over the {Megabytes(limits.MaxBytes)} limit");
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
            var pixels = Pixels(file.FullName, limits, out var outWidth, out var outHeight, out var bands);
            return new LumaImage(outWidth, outHeight, ToLuma(pixels, bands), width, height, format);
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

    private static byte[] Pixels(string path, DecodeLimits limits, out int width, out int height, out int bands)
    {
        // thumbnail: shrink-on-load, EXIF orientation applied, CMYK and ICC profiles converted to sRGB.
        // fail-on=truncated turns a cut-off file into an error instead of a half-grey picture.
        var thumbnail = Operation.Run("thumbnail", filename: path,
            options: $"width={limits.MaxSide},height={limits.MaxSide},size=down,fail-on=truncated");
        IntPtr srgb;
        try
        {
            srgb = Operation.Run("colourspace", input: thumbnail, options: "space=srgb");
        }
        finally
        {
            Native.ObjectUnref(thumbnail);
        }
        try
        {
            (width, height, bands) = (Native.ImageGetWidth(srgb), Native.ImageGetHeight(srgb), Native.ImageGetBands(srgb));
            if (Native.ImageGetFormat(srgb) != BandFormatUChar || bands is < 3 or > 4)
                throw new VipsException($"unexpected pixel layout ({bands} bands, format {Native.ImageGetFormat(srgb)})");
            return WriteWithTimeout(srgb, limits.Timeout);
        }
        finally
        {
            Native.ObjectUnref(srgb);
        }
    }

    /// <summary>
    /// Decoding happens here; a watchdog sets libvips' kill flag, which stops the evaluation with an error. The
    /// gate keeps the watchdog from touching the image once the write has returned and the caller may free it.
    /// </summary>
    private static byte[] WriteWithTimeout(IntPtr image, TimeSpan timeout)
    {
        var gate = new Lock();
        bool finished = false, killed = false;
        using var watchdog = new Timer(_ =>
        {
            lock (gate)
            {
                if (finished) return;
                killed = true;
                Native.ImageSetKill(image, true);
            }
        }, null, timeout, Timeout.InfiniteTimeSpan);
        var memory = Native.ImageWriteToMemory(image, out var size);
        lock (gate) finished = true;
        if (memory == IntPtr.Zero)
        {
            var reason = Errors.Take();
            throw killed
                ? new ImageRejectedException($"decoding took longer than {timeout.TotalSeconds:0.#} s")
                : new VipsException(reason);
        }
        try
        {
            var bytes = new byte[(int)size];
            Marshal.Copy(memory, bytes, 0, bytes.Length);
            return bytes;
        }
        finally
        {
            Native.Free(memory);
        }
    }

    /// <summary>PDQ's luminance from 8-bit sRGB; a fourth (alpha) band is ignored, as the reference does.</summary>
    private static float[] ToLuma(byte[] pixels, int bands)
    {
        var luma = new float[pixels.Length / bands];
        for (int i = 0, p = 0; i < luma.Length; i++, p += bands)
            luma[i] = 0.299f * pixels[p] + 0.587f * pixels[p + 1] + 0.114f * pixels[p + 2];
        return luma;
    }

    /// <summary>The format of an allowed loader, or null for the formats libvips reads but Minerva refuses.</summary>
    private static string? FormatOf(string loader) =>
        Array.Find(["jpeg", "png", "webp", "gif"], f => loader.Contains(f, StringComparison.OrdinalIgnoreCase));

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:0.#} MB";
}
