using System.Text.Json;
using System.Text.Json.Serialization;
using Minerva.Core;

namespace Minerva.Web;

/// <summary>A record key in JSON is its text form, <c>source:id</c>, as everywhere else in the API.</summary>
internal sealed class RecordKeyJson : JsonConverter<RecordKey>
{
    public override RecordKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RecordKey.TryParse(reader.GetString(), out var key) ? key : throw new JsonException("a record key is <source>:<id>");

    public override void Write(Utf8JsonWriter writer, RecordKey value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
