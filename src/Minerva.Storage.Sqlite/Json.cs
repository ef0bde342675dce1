using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Minerva.Core;

namespace Minerva.Storage.Sqlite;

/// <summary>Serialisation of the small list columns (attachments, explicit values).</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

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

    public static T Read<T>(string text) => JsonSerializer.Deserialize<T>(text, Options)!;

    public static IReadOnlyList<ExplicitValue> ReadExplicit(string text) => Read<List<ExplicitValue>>(text);
}
