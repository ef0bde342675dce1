namespace Minerva.Core;

/// <summary>What a selector identifies. Stored by name, so new members may be appended freely.</summary>
public enum SelectorKind
{
    /// <summary>A phone number in E.164 (<c>+15551234567</c>).</summary>
    Phone,
    /// <summary>An email address in canonical form.</summary>
    Email,
    /// <summary>An account on a platform: <c>platform/name</c>.</summary>
    Handle,
    /// <summary>A URL, normalised.</summary>
    Url,
    /// <summary>A host name without <c>www.</c>.</summary>
    Domain,
    /// <summary>A cryptocurrency address validated by checksum: <c>chain:address</c>.</summary>
    Wallet,
    /// <summary>A perceptual image hash (PDQ, hex).</summary>
    ImageHash,
    /// <summary>A camera or lens serial number from EXIF: <c>make/serial</c> or <c>make/lens/serial</c>.</summary>
    CameraSerial,
    /// <summary>The camera or phone model a photo was taken with, from EXIF: <c>make/model</c>.</summary>
    Device,
    /// <summary>Where a photo was taken, from EXIF GPS: <c>latitude,longitude</c> to 4 decimals (about 10 m).</summary>
    Geo,
    /// <summary>When a photo was taken, from EXIF: <c>yyyy-MM-ddTHH:mm:ss</c> in the camera's clock.</summary>
    TakenAt,
    /// <summary>The software that last wrote a photo, from EXIF.</summary>
    Software,
}

/// <summary>Parsing and display names of <see cref="SelectorKind"/>, as used in queries (<c>phone:</c>).</summary>
public static class SelectorKinds
{
    /// <summary>The lower-case name used in queries, storage and JSON.</summary>
    public static string Name(this SelectorKind kind) => kind switch
    {
        SelectorKind.ImageHash => "image",
        SelectorKind.CameraSerial => "camera",
        SelectorKind.TakenAt => "taken",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a query or storage name (case-insensitive).</summary>
    public static bool TryParse(string? name, out SelectorKind kind)
    {
        foreach (var k in Enum.GetValues<SelectorKind>())
        {
            if (string.Equals(k.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
