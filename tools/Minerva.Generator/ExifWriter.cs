using System.Buffers.Binary;
using System.Text;

namespace Minerva.Generator;

/// <summary>What a camera writes into a photo's EXIF block; null fields are left out.</summary>
public sealed record CameraExif(
    string? Make = null, string? Model = null, string? Software = null, DateTime? TakenAt = null,
    string? BodySerial = null, string? LensSerial = null, double? Latitude = null, double? Longitude = null);

/// <summary>
/// Writes a minimal EXIF block (a little-endian TIFF structure: IFD0, the Exif sub-IFD and the GPS IFD) into a
/// JPEG, as a camera would. For generated photos and tests of EXIF extraction.
/// </summary>
public static class ExifWriter
{
    private const ushort Ascii = 2, Long = 4, Rational = 5;

    /// <summary>The JPEG with an APP1 EXIF segment inserted after its start-of-image marker.</summary>
    /// <exception cref="ArgumentException">Not a JPEG.</exception>
    public static byte[] Insert(byte[] jpeg, CameraExif exif)
    {
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) throw new ArgumentException("not a JPEG (no start-of-image marker)", nameof(jpeg));
        var tiff = Tiff(exif);
        var segment = new byte[4 + 6 + tiff.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + 6 + tiff.Length));
        Encoding.ASCII.GetBytes("Exif\0\0").CopyTo(segment, 4);
        tiff.CopyTo(segment, 10);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>The EXIF block in TIFF layout, as a PNG eXIf chunk or a JPEG APP1 segment (after its preamble) holds it.</summary>
    public static byte[] Tiff(CameraExif e)
    {
        var exifIfd = new List<Entry>();
        if (e.TakenAt is { } t) exifIfd.Add(Text(0x9003, t.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
        if (e.BodySerial is not null) exifIfd.Add(Text(0xA431, e.BodySerial));
        if (e.LensSerial is not null) exifIfd.Add(Text(0xA435, e.LensSerial));
        var gps = new List<Entry>();
        if (e is { Latitude: { } lat, Longitude: { } lon })
        {
            gps.Add(Text(1, lat >= 0 ? "N" : "S"));
            gps.Add(new Entry(2, Rational, 3, Degrees(Math.Abs(lat))));
            gps.Add(Text(3, lon >= 0 ? "E" : "W"));
            gps.Add(new Entry(4, Rational, 3, Degrees(Math.Abs(lon))));
        }
        var ifd0 = new List<Entry>();
        if (e.Make is not null) ifd0.Add(Text(0x010F, e.Make));
        if (e.Model is not null) ifd0.Add(Text(0x0110, e.Model));
        if (e.Software is not null) ifd0.Add(Text(0x0131, e.Software));
        var exifPointer = exifIfd.Count > 0 ? new Entry(0x8769, Long, 1, new byte[4]) : null;
        var gpsPointer = gps.Count > 0 ? new Entry(0x8825, Long, 1, new byte[4]) : null;
        if (exifPointer is not null) ifd0.Add(exifPointer);
        if (gpsPointer is not null) ifd0.Add(gpsPointer);
        var offset0 = 8;
        var offsetExif = offset0 + Size(ifd0);
        var offsetGps = offsetExif + Size(exifIfd);
        if (exifPointer is not null) BinaryPrimitives.WriteUInt32LittleEndian(exifPointer.Data, (uint)offsetExif);
        if (gpsPointer is not null) BinaryPrimitives.WriteUInt32LittleEndian(gpsPointer.Data, (uint)offsetGps);
        using var output = new MemoryStream();
        output.Write("II*\0"u8);
        output.Write(LittleEndian(8u));
        Write(output, ifd0, offset0);
        Write(output, exifIfd, offsetExif);
        Write(output, gps, offsetGps);
        return output.ToArray();
    }

    private sealed record Entry(ushort Tag, ushort Type, uint Count, byte[] Data);

    private static Entry Text(ushort tag, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value + "\0");
        return new Entry(tag, Ascii, (uint)bytes.Length, bytes);
    }

    private static byte[] Degrees(double value)
    {
        var degrees = (uint)value;
        var minutes = (uint)((value - degrees) * 60);
        var seconds = (uint)Math.Round(((value - degrees) * 60 - minutes) * 60 * 1000);
        return [.. LittleEndian(degrees), .. LittleEndian(1u), .. LittleEndian(minutes), .. LittleEndian(1u), .. LittleEndian(seconds), .. LittleEndian(1000u)];
    }

    private static int Size(List<Entry> entries) =>
        entries.Count == 0 ? 0 : 2 + 12 * entries.Count + 4 + entries.Where(x => x.Data.Length > 4).Sum(x => x.Data.Length + (x.Data.Length & 1));

    /// <summary>One IFD at <paramref name="offset"/>: entries sorted by tag, then the values that do not fit in four bytes.</summary>
    private static void Write(MemoryStream output, List<Entry> entries, int offset)
    {
        if (entries.Count == 0) return;
        entries.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        var data = offset + 2 + 12 * entries.Count + 4;
        output.Write(BitConverter.GetBytes((ushort)entries.Count));
        foreach (var x in entries)
        {
            output.Write(BitConverter.GetBytes(x.Tag));
            output.Write(BitConverter.GetBytes(x.Type));
            output.Write(LittleEndian(x.Count));
            if (x.Data.Length <= 4) output.Write([.. x.Data, .. new byte[4 - x.Data.Length]]);
            else
            {
                output.Write(LittleEndian((uint)data));
                data += x.Data.Length + (x.Data.Length & 1);
            }
        }
        output.Write(LittleEndian(0u));
        foreach (var x in entries.Where(x => x.Data.Length > 4))
        {
            output.Write(x.Data);
            if ((x.Data.Length & 1) == 1) output.WriteByte(0);
        }
    }

    private static byte[] LittleEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
