using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Minerva.Core;

namespace Minerva.Storage;

/// <summary>Serialisation of the small list columns (attachments, explicit values), the same in every backend.</summary>
public static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A value as its column holds it.</summary>
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Writes <paramref name="value"/> as UTF-8 into <paramref name="writer"/> (reset first) and returns the bytes,
    /// valid until the writer's next use: ingest binds them for every record without a string in between.</summary>
    public static ReadOnlySpan<byte> WriteUtf8<T>(T value, Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, Options);
        writer.Flush();
        return buffer.WrittenSpan;
    }

    /// <summary>A value read back from its column.</summary>
    public static T Read<T>(string text) => JsonSerializer.Deserialize<T>(text, Options)!;

    /// <summary>A record's explicit values read back from their column.</summary>
    public static IReadOnlyList<ExplicitValue> ReadExplicit(string text) => Read<List<ExplicitValue>>(text);
}
