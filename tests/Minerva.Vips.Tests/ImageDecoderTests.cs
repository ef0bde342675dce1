using System.Buffers.Binary;
using Minerva.Generator;
using Minerva.Testing;

namespace Minerva.Vips.Tests;

/// <summary>Decoding real files of every allowed format, and every kind of hostile file the decoder must refuse.</summary>
public sealed class ImageDecoderTests : IDisposable
{
    private const int Width = 240, Height = 180;
    private readonly TempFolder _folder = new();
    private readonly byte[] _photo = SyntheticPhoto.Render(7, Width, Height);

    public void Dispose() => _folder.Dispose();

    private float[] SourceLuma() =>
        Enumerable.Range(0, Width * Height).Select(i => 0.299f * _photo[3 * i] + 0.587f * _photo[3 * i + 1] + 0.114f * _photo[3 * i + 2]).ToArray();

    private static double MeanAbsoluteError(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    private static string Reason(string path, DecodeLimits? limits = null) =>
        Assert.Throws<ImageRejectedException>(() => ImageDecoder.DecodeLuma(path, limits)).Message;

    [Theory]
    [InlineData("png", 0.6)]
    [InlineData("jpg", 3.0)]
    [InlineData("webp", 3.0)]
    [InlineData("gif", 8.0)]
    public void Decodes_every_allowed_format_to_the_pictures_luminance(string extension, double tolerance)
    {
        var path = _folder.File("photo." + extension);
        ImageEncoder.Save(_photo, Width, Height, path, quality: 92);
        var image = ImageDecoder.DecodeLuma(path);
        Assert.Equal((Width, Height, Width, Height), (image.Width, image.Height, image.SourceWidth, image.SourceHeight));
        Assert.Equal(extension == "jpg" ? "jpeg" : extension, image.Format);
        Assert.InRange(MeanAbsoluteError(image.Luma, SourceLuma()), 0, tolerance);
    }

    [Fact]
    public void Reads_the_content_not_the_extension()
    {
        var png = _folder.File("real.png");
        ImageEncoder.Save(_photo, Width, Height, png);
        var misnamed = _folder.File("misnamed.jpg");
        File.Copy(png, misnamed);
        Assert.Equal("png", ImageDecoder.DecodeLuma(misnamed).Format);
        Assert.Equal("not a JPEG, PNG, WebP or GIF image", Reason(_folder.Write("notes.jpg", "this is text, not a photo")));
    }

    [Fact]
    public void Applies_the_exif_orientation()
    {
        // Stored rotated 90° anticlockwise with orientation 6 ("rotate 90° clockwise to display"): shows upright.
        var stored = new byte[_photo.Length];
        for (var r = 0; r < Height; r++)
            for (var c = 0; c < Width; c++)
                Array.Copy(_photo, (r * Width + c) * 3, stored, ((Width - 1 - c) * Height + r) * 3, 3);
        var path = _folder.File("sideways.jpg");
        ImageEncoder.Save(stored, Height, Width, path, quality: 95, orientation: 6);
        var image = ImageDecoder.DecodeLuma(path);
        Assert.Equal((Width, Height), (image.Width, image.Height));
        Assert.InRange(MeanAbsoluteError(image.Luma, SourceLuma()), 0, 3.0);
    }

    /// <summary>
    /// JPEGs shrink by the largest of 1/2, 1/4, 1/8 that keeps the longest side at least MaxSide (DCT scaling while
    /// decoding) and are resampled only when 1/8 is not enough; other formats are resampled to MaxSide.
    /// </summary>
    [Theory]
    [InlineData("jpg", 1024, 768, 512, 512, 384)]
    [InlineData("jpg", 2400, 1800, 512, 600, 450)]
    [InlineData("jpg", 1000, 750, 512, 1000, 750)]
    [InlineData("jpg", 1024, 768, 48, 48, 36)]
    [InlineData("png", 2400, 1800, 512, 512, 384)]
    public void Shrinks_large_images_while_loading(string extension, int width, int height, int maxSide, int expectedWidth, int expectedHeight)
    {
        var path = _folder.File($"big-{width}-{maxSide}.{extension}");
        ImageEncoder.Save(SyntheticPhoto.Render(3, width, height), width, height, path);
        var image = ImageDecoder.DecodeLuma(path, DecodeLimits.Default with { MaxSide = maxSide });
        Assert.Equal((expectedWidth, expectedHeight, width, height), (image.Width, image.Height, image.SourceWidth, image.SourceHeight));
    }

    [Fact]
    public void Turns_a_shrunk_jpeg_upright()
    {
        var stored = SyntheticPhoto.Render(4, 768, 1024); // stored portrait, shown landscape (orientation 6)
        var path = _folder.File("sideways-big.jpg");
        ImageEncoder.Save(stored, 768, 1024, path, quality: 90, orientation: 6);
        var image = ImageDecoder.DecodeLuma(path);
        Assert.Equal((512, 384), (image.Width, image.Height));
    }

    [Fact]
    public void Refuses_missing_empty_and_oversized_files()
    {
        Assert.Equal("file not found", Reason(_folder.File("absent.jpg")));
        Assert.Equal("empty file", Reason(_folder.Write("empty.jpg", "")));
        var path = _folder.File("photo.jpg");
        ImageEncoder.Save(_photo, Width, Height, path);
        Assert.Contains("over the 0 MB limit", Reason(path, DecodeLimits.Default with { MaxBytes = 1000 }));
    }

    [Fact]
    public void Refuses_truncated_and_corrupt_files()
    {
        Assert.StartsWith("unreadable jpeg", Reason(RepoPaths.Sample("citypulse/photos/corrupt.jpg")));
        var path = _folder.File("photo.jpg");
        ImageEncoder.Save(SyntheticPhoto.Render(5, 640, 480), 640, 480, path);
        var bytes = File.ReadAllBytes(path);
        var cut = _folder.File("cut.jpg");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.StartsWith("unreadable jpeg", Reason(cut));
        var scrambled = _folder.File("scrambled.png");
        ImageEncoder.Save(_photo, Width, Height, scrambled);
        var png = File.ReadAllBytes(scrambled);
        for (var i = 100; i < png.Length; i += 7) png[i] ^= 0x5A;
        File.WriteAllBytes(scrambled, png);
        Assert.StartsWith("unreadable png", Reason(scrambled));
    }

    [Fact]
    public void Refuses_a_decompression_bomb_from_its_header()
    {
        // A 60,000 × 60,000 PNG in 67 bytes: nothing is decoded, the header alone is refused.
        var path = _folder.File("bomb.png");
        File.WriteAllBytes(path, PngHeaderOnly(60_000, 60_000));
        Assert.Contains("pixel limit (decompression bomb?)", Reason(path));
    }

    [Fact]
    public void Refuses_formats_libvips_reads_but_minerva_does_not_allow()
    {
        var path = _folder.File("photo.tif");
        ImageEncoder.Save(_photo, Width, Height, path);
        Assert.Equal("not a JPEG, PNG, WebP or GIF image", Reason(path));
    }

    [Fact]
    public void Stops_a_decode_that_takes_too_long()
    {
        var path = _folder.File("large.png");
        ImageEncoder.Save(SyntheticPhoto.Render(9, 2400, 1800), 2400, 1800, path);
        Assert.Contains("took longer than", Reason(path, DecodeLimits.Default with { Timeout = TimeSpan.FromTicks(1) }));
        Assert.Equal(512, ImageDecoder.DecodeLuma(path).Width); // the library is fine afterwards
    }

    /// <summary>Ingest keeps every thread-pool thread decoding; the watchdog must not need one to fire.</summary>
    [Fact]
    public async Task Stops_a_slow_decode_while_the_thread_pool_is_saturated()
    {
        var path = _folder.File("slow.png");
        ImageEncoder.Save(SyntheticPhoto.Render(10, 2400, 1800), 2400, 1800, path);
        using var release = new ManualResetEventSlim(false);
        var blockers = Enumerable.Range(0, Environment.ProcessorCount * 16)
            .Select(_ => Task.Factory.StartNew(() => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default))
            .ToArray();
        try
        {
            Assert.Contains("took longer than", Reason(path, DecodeLimits.Default with { Timeout = TimeSpan.FromMilliseconds(5) }));
        }
        finally
        {
            release.Set();
            await Task.WhenAll(blockers);
        }
    }

    [Fact]
    public void Decodes_from_many_threads_at_once()
    {
        var paths = Enumerable.Range(0, 24).Select(i =>
        {
            var path = _folder.File($"p{i}.{(i % 3 == 0 ? "png" : i % 3 == 1 ? "jpg" : "webp")}");
            ImageEncoder.Save(SyntheticPhoto.Render(i, 320, 240), 320, 240, path);
            return path;
        }).ToList();
        var sequential = paths.Select(p => ImageDecoder.DecodeLuma(p).Luma).ToList();
        var parallel = new float[paths.Count][];
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = ImageDecoder.DecodeLuma(paths[i]).Luma);
        for (var i = 0; i < paths.Count; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    private static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        return PngBytes.File(PngBytes.Chunk("IHDR", ihdr), PngBytes.Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), PngBytes.Chunk("IEND", []));
    }
}
