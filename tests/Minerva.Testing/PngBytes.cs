using System.Buffers.Binary;

namespace Minerva.Testing;

/// <summary>PNG files built chunk by chunk, for tests of hostile images (a header that lies, a text-chunk bomb).</summary>
public static class PngBytes
{
    /// <summary>The PNG signature followed by the chunks.</summary>
    public static byte[] File(params byte[][] chunks) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. chunks.SelectMany(c => c)];

    /// <summary>One chunk: length, type, data and CRC.</summary>
    public static byte[] Chunk(string type, byte[] data)
    {
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        var length = new byte[4];
        var crc = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        return [.. length, .. typed, .. crc];
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected 0xEDB88320).</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
