using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Exif.Makernotes;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.WebP;
using MetadataExtractor.IO;

namespace Minerva.Images;

/// <summary>The EXIF facts of a photo that can tie it to a camera, a place or a moment.</summary>
/// <param name="Make">Camera maker.</param>
/// <param name="Model">Camera model.</param>
/// <param name="BodySerial">Camera body serial number (EXIF, or the maker's own note for Canon and Nikon).</param>
/// <param name="LensSerial">Lens serial number.</param>
/// <param name="TakenAt">Capture time in the camera's clock (EXIF has no time zone).</param>
/// <param name="Latitude">GPS latitude, degrees.</param>
/// <param name="Longitude">GPS longitude, degrees.</param>
/// <param name="Software">Software that last wrote the file.</param>
public sealed record ExifFacts(
    string? Make, string? Model, string? BodySerial, string? LensSerial, DateTime? TakenAt,
    double? Latitude, double? Longitude, string? Software)
{
    /// <summary>No EXIF at all.</summary>
    public static ExifFacts None { get; } = new(null, null, null, null, null, null, null, null);
}

/// <summary>
/// Reads EXIF with MetadataExtractor, bounded: only the EXIF segments of JPEG and WebP and the <c>eXIf</c> chunk of PNG
/// are read, never compressed text chunks (a PNG <c>zTXt</c> chunk of 3 MB can inflate to gigabytes) or XMP. Never throws
/// on a bad file: unreadable metadata is no metadata. Call it after the decoder's size and header checks.
/// </summary>
public static class ExifReader
{
    private const int TagMake = 0x010F, TagModel = 0x0110, TagSoftware = 0x0131, TagDateTimeOriginal = 0x9003;
    private const int TagCanonSerial = 0x000C;

    /// <summary>Largest EXIF block read from a PNG; cameras write tens of kilobytes, maker notes included.</summary>
    public const int MaxExifBytes = 1 << 20;

    /// <summary>The EXIF facts of <paramref name="path"/>.</summary>
    public static ExifFacts Read(string path)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            using var stream = File.OpenRead(path);
            directories = Directories(stream);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or UnauthorizedAccessException or ArgumentException
                                      or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return ExifFacts.None;
        }
        if (directories.Count == 0) return ExifFacts.None;
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault()?.GetGeoLocation();
        var makerSerial = Clean(directories.OfType<CanonMakernoteDirectory>().FirstOrDefault()?.GetDescription(TagCanonSerial))
            ?? Clean(directories.OfType<NikonType2MakernoteDirectory>().FirstOrDefault()?.GetString(NikonType2MakernoteDirectory.TagCameraSerialNumber));
        return new ExifFacts(
            Clean(ifd0?.GetString(TagMake)),
            Clean(ifd0?.GetString(TagModel)),
            Clean(sub?.GetString(ExifDirectoryBase.TagBodySerialNumber)) ?? makerSerial,
            Clean(sub?.GetString(ExifDirectoryBase.TagLensSerialNumber)),
            ParseTime(sub?.GetString(TagDateTimeOriginal) ?? ifd0?.GetString(0x0132)),
            gps is { IsZero: false } ? gps.Latitude : null,
            gps is { IsZero: false } ? gps.Longitude : null,
            Clean(ifd0?.GetString(TagSoftware)));
    }

    /// <summary>The EXIF directories by the file's magic bytes (not its extension); GIF and other formats carry none.</summary>
    private static IReadOnlyList<MetadataExtractor.Directory> Directories(FileStream stream)
    {
        Span<byte> magic = stackalloc byte[12];
        var n = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (n >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF)
            return JpegMetadataReader.ReadMetadata(stream, [new MetadataExtractor.Formats.Exif.ExifReader()]);
        if (n == 12 && magic[..4].SequenceEqual("RIFF"u8) && magic[8..12].SequenceEqual("WEBP"u8))
            return WebPMetadataReader.ReadMetadata(stream);
        if (n >= 8 && magic[..8].SequenceEqual(PngSignature))
            return PngExif(stream) is { } exif ? new MetadataExtractor.Formats.Exif.ExifReader().Extract(new ByteArrayReader(exif)) : [];
        return [];
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// The data of a PNG's <c>eXIf</c> chunk (TIFF layout), or null. Chunks are walked by their length fields and
    /// skipped without reading; the walk stops at the image data (eXIf must come before it) or past the size limit.
    /// </summary>
    private static byte[]? PngExif(FileStream stream)
    {
        Span<byte> header = stackalloc byte[8];
        stream.Position = 8;
        while (stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) == 8)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header[4..8];
            if (type.SequenceEqual("IDAT"u8) || type.SequenceEqual("IEND"u8) || length > int.MaxValue) return null;
            if (type.SequenceEqual("eXIf"u8))
            {
                if (length > MaxExifBytes) return null;
                var data = new byte[length];
                return stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) == data.Length ? data : null;
            }
            stream.Seek(length + 4L, SeekOrigin.Current); // data and CRC
        }
        return null;
    }

    /// <summary>Trimmed, without the NULs and padding cameras leave; blank and all-zero serials count as absent.</summary>
    private static string? Clean(string? value)
    {
        var v = value?.Replace("\0", "", StringComparison.Ordinal).Trim();
        return string.IsNullOrEmpty(v) || v.All(c => c is '0' or ' ') ? null : v;
    }

    private static DateTime? ParseTime(string? text) =>
        DateTime.TryParseExact(Clean(text), "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}
