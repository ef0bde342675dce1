using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Exif.Makernotes;

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

/// <summary>Reads EXIF with MetadataExtractor. Never throws on a bad file: unreadable metadata is no metadata.</summary>
public static class ExifReader
{
    private const int TagMake = 0x010F, TagModel = 0x0110, TagSoftware = 0x0131, TagDateTimeOriginal = 0x9003;
    private const int TagCanonSerial = 0x000C;

    /// <summary>The EXIF facts of <paramref name="path"/>.</summary>
    public static ExifFacts Read(string path)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(path);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return ExifFacts.None;
        }
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

    /// <summary>Trimmed, without the NULs and padding cameras leave; blank and all-zero serials count as absent.</summary>
    private static string? Clean(string? value)
    {
        var v = value?.Replace("\0", "", StringComparison.Ordinal).Trim();
        return string.IsNullOrEmpty(v) || v.All(c => c is '0' or ' ') ? null : v;
    }

    private static DateTime? ParseTime(string? text) =>
        DateTime.TryParseExact(Clean(text), "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}
