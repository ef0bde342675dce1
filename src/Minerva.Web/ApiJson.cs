using System.Text.Json;
using System.Text.Json.Serialization;

namespace Minerva.Web;

/// <summary>The API's JSON: snake_case names, enums by name, record keys as <c>source:id</c>. The server writes it and the
/// team client reads and writes it, so the two cannot drift apart.</summary>
public static class ApiJson
{
    /// <summary>Sets the API's conventions on <paramref name="options"/>.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new RecordKeyJson());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }

    /// <summary>New options with the API's conventions.</summary>
    public static JsonSerializerOptions Options() => Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
