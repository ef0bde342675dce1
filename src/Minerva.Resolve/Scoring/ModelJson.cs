using System.Text.Json;
using System.Text.Json.Serialization;

namespace Minerva.Resolve.Scoring;

/// <summary>JSON settings for models and run summaries stored in the workspace.</summary>
public static class ModelJson
{
    /// <summary>camelCase, enums as names.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };
}
