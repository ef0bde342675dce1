using System.Runtime.InteropServices;

namespace Minerva.Vips;

/// <summary>
/// Writes 8-bit sRGB pixels to an image file, the format chosen by the extension (.jpg, .png, .webp, .gif).
/// For the corpus generator and tests, which need real files in every format the decoder reads.
/// </summary>
public static class ImageEncoder
{
    /// <summary>
    /// Saves <paramref name="rgb"/> (width × height × 3 bytes, row-major) to <paramref name="path"/>, with an EXIF
    /// orientation tag (1–8) when <paramref name="orientation"/> is given (JPEG and WebP keep it).
    /// </summary>
    /// <exception cref="ArgumentException">The buffer size does not match, or the extension names no format libvips can write.</exception>
    /// <exception cref="IOException">libvips could not write the file.</exception>
    /// <exception cref="VipsUnavailableException">libvips is not installed.</exception>
    public static void Save(ReadOnlySpan<byte> rgb, int width, int height, string path, int quality = 85, int? orientation = null)
    {
        if (width < 1 || height < 1 || rgb.Length != width * height * 3)
            throw new ArgumentException($"a {width}×{height} RGB image needs {width * height * 3} bytes, not {rgb.Length}", nameof(rgb));
        VipsLibrary.Ensure();
        var full = Path.GetFullPath(path);
        var saver = Native.ForeignFindSave(full);
        if (saver == IntPtr.Zero)
        {
            Errors.Take();
            throw new ArgumentException($"{path}: no image format for this extension", nameof(path));
        }
        IntPtr image;
        unsafe
        {
            fixed (byte* p = rgb) image = Native.ImageNewFromMemoryCopy((IntPtr)p, (nuint)rgb.Length, width, height, 3, 0);
        }
        if (image == IntPtr.Zero) throw new IOException($"{path}: {Errors.Take()}");
        if (orientation is { } o) Native.ImageSetInt(image, "orientation", o);
        try
        {
            var name = Marshal.PtrToStringUTF8(saver)!;
            var options = name.Contains("Jpeg", StringComparison.Ordinal) || name.Contains("Webp", StringComparison.Ordinal) ? $"Q={quality}" : null;
            Operation.Save(name, image, full, options);
        }
        catch (VipsException e)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }
        finally
        {
            Native.ObjectUnref(image);
        }
    }
}
