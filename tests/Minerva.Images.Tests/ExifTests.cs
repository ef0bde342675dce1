using Minerva.Core;
using Minerva.Generator;
using Minerva.Testing;
using Minerva.Vips;

namespace Minerva.Images.Tests;

/// <summary>EXIF written as a camera writes it, read back as facts and selectors.</summary>
public sealed class ExifTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Photo(string name, CameraExif? exif)
    {
        var path = _folder.File(name);
        ImageEncoder.Save(SyntheticPhoto.Render(11, 320, 240), 320, 240, path);
        if (exif is not null) File.WriteAllBytes(path, ExifWriter.Insert(File.ReadAllBytes(path), exif));
        return path;
    }

    [Fact]
    public void Reads_camera_serials_place_time_and_software()
    {
        var path = Photo("camera.jpg", new CameraExif("NIKON CORPORATION", "NIKON D750", "Adobe Lightroom 6.0",
            new DateTime(2024, 5, 3, 21, 14, 9), "6021777", "L-88231", 29.7604, -95.3698));
        var facts = ExifReader.Read(path);
        Assert.Equal(new ExifFacts("NIKON CORPORATION", "NIKON D750", "6021777", "L-88231", new DateTime(2024, 5, 3, 21, 14, 9),
            facts.Latitude, facts.Longitude, "Adobe Lightroom 6.0"), facts);
        Assert.Equal(29.7604, facts.Latitude!.Value, 4);
        Assert.Equal(-95.3698, facts.Longitude!.Value, 4);
        var selectors = ImageSelectors.For(2, "camera.jpg", ImageHasher.Hash(path), facts).ToList();
        Assert.Equal(
            ["image", "camera:nikon/6021777", "camera:nikon/lens/L-88231", "device:nikon/d750", "geo:29.7604,-95.3698",
             "taken:2024-05-03T21:14:09", "software:adobe lightroom 6.0"],
            selectors.Select(s => s.Kind == SelectorKind.ImageHash ? "image" : s.Qualified));
        Assert.All(selectors, s => Assert.Equal((RecordField.Attachment, 2, 0), (s.Field, s.Start, s.Length)));
        Assert.Equal("camera.jpg: EXIF camera serial", selectors[1].Original);
    }

    [Fact]
    public void A_photo_without_exif_gives_only_its_hash_and_a_flat_one_gives_nothing()
    {
        var plain = Photo("plain.jpg", null);
        Assert.Equal(ExifFacts.None, ExifReader.Read(plain));
        Assert.Equal([SelectorKind.ImageHash], ImageSelectors.For(0, "plain.jpg", ImageHasher.Hash(plain), ExifFacts.None).Select(s => s.Kind));
        var flat = _folder.File("flat.png");
        ImageEncoder.Save(new byte[64 * 64 * 3], 64, 64, flat);
        var hashes = ImageHasher.Hash(flat);
        Assert.InRange(hashes.Pdq.Quality, 0, ImageHashes.MinimumQuality - 1);
        Assert.Empty(ImageSelectors.For(0, "flat.png", hashes, ExifFacts.None));
    }

    [Fact]
    public void Unreadable_metadata_is_no_metadata()
    {
        Assert.Equal(ExifFacts.None, ExifReader.Read(_folder.Write("text.jpg", "not an image")));
        Assert.Null(ExifReader.Read(RepoPaths.Sample("citypulse/photos/corrupt.jpg")).BodySerial); // truncated: read what is there, no throw
    }
}

/// <summary>Metadata as a hostile file writes it: compressed text chunks that inflate to gigabytes.</summary>
public sealed class ExifBombTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_png_text_bomb_is_never_inflated_and_its_exif_chunk_is_still_read()
    {
        // 256 MB of zeros compress to about 250 KB: MetadataExtractor inflated every zTXt chunk in full (3 GB in one
        // 3 MB file took an ingest to 4.3 GB). Reading must allocate nothing near the inflated size.
        var png = PngBytes.File(
            PngBytes.Chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]),
            PngBytes.Chunk("zTXt", [.. "Comment"u8, 0, 0, .. Deflated(256 << 20)]),
            PngBytes.Chunk("eXIf", ExifWriter.Tiff(new CameraExif("Canon", "Canon EOS 80D", null, null, "083021001234", null, null, null))),
            PngBytes.Chunk("IDAT", Deflated(2)),
            PngBytes.Chunk("IEND", []));
        var path = _folder.File("bomb.png");
        File.WriteAllBytes(path, png);
        Assert.InRange(png.Length, 1, 1 << 20);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var facts = ExifReader.Read(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(("Canon", "Canon EOS 80D", "083021001234"), (facts.Make, facts.Model, facts.BodySerial));
        Assert.InRange(allocated, 0, 8L << 20);
    }

    private static byte[] Deflated(int zeros)
    {
        using var output = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            var block = new byte[1 << 20];
            for (var left = zeros; left > 0; left -= block.Length) z.Write(block, 0, Math.Min(block.Length, left));
        }
        return output.ToArray();
    }
}
