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

    public static T Read<T>(string text) => JsonSerializer.Deserialize<T>(text, Options)!;

    public static IReadOnlyList<ExplicitValue> ReadExplicit(string text) => Read<List<ExplicitValue>>(text);
}
