using System.Globalization;
using Minerva.Core;

namespace Minerva.Images;

/// <summary>
/// Turns an attached image's hash and EXIF into selectors on its record. Field <see cref="RecordField.Attachment"/>;
/// <see cref="Selector.Start"/> is the attachment's position in the record's list and the length is 0.
/// </summary>
public static class ImageSelectors
{
    /// <summary>Selectors of attachment <paramref name="index"/>; the hash only when PDQ calls it reliable.</summary>
    public static IEnumerable<Selector> For(int index, string fileName, ImageHashes? hashes, ExifFacts exif)
    {
        Selector Make(SelectorKind kind, string value, string what, string? note = null) =>
            new(kind, value, $"{fileName}: {what}", RecordField.Attachment, index, 0, note);

        if (hashes is { Pdq.Quality: >= ImageHashes.MinimumQuality })
            yield return Make(SelectorKind.ImageHash, hashes.Pdq.Hash.ToString(), "PDQ",
                $"quality {hashes.Pdq.Quality}; {hashes.Width}×{hashes.Height} {hashes.Format}");
        var make = MakeName(exif.Make);
        if (exif.BodySerial is { } body) yield return Make(SelectorKind.CameraSerial, $"{make}/{body}", "EXIF camera serial");
        if (exif.LensSerial is { } lens) yield return Make(SelectorKind.CameraSerial, $"{make}/lens/{lens}", "EXIF lens serial");
        if (exif.Model is { } model) yield return Make(SelectorKind.Device, $"{make}/{ModelName(make, model)}", "EXIF make and model");
        if (exif is { Latitude: { } lat, Longitude: { } lon })
            yield return Make(SelectorKind.Geo, string.Create(CultureInfo.InvariantCulture, $"{lat:F4},{lon:F4}"), "EXIF GPS");
        if (exif.TakenAt is { } taken)
            yield return Make(SelectorKind.TakenAt, taken.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), "EXIF capture time");
        if (exif.Software is { } software) yield return Make(SelectorKind.Software, software.ToLowerInvariant(), "EXIF software");
    }

    /// <summary>"NIKON CORPORATION" and "Nikon" are one maker: its first word, lower case.</summary>
    private static string MakeName(string? make) =>
        make is null ? "unknown" : make.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].ToLowerInvariant();

    /// <summary>Lower case, without the maker repeated in front ("Canon EOS R5" under canon is "eos r5").</summary>
    private static string ModelName(string make, string model)
    {
        var m = model.Trim().ToLowerInvariant();
        return m.StartsWith(make + " ", StringComparison.Ordinal) ? m[(make.Length + 1)..] : m;
    }
}
