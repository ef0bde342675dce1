using System.Collections.Concurrent;
using System.Text.Json;
using Minerva.Ingest.Definitions;

namespace Minerva.Ingest.Readers;

/// <summary>A JSON array of objects, streamed element by element.</summary>
internal sealed class JsonArrayReader : IFormatReader
{
    public IEnumerable<SourceItem> Read(string file, Action<long> progress)
    {
        using var stream = File.OpenRead(file);
        var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, topLevelValues: false);
        var enumerator = elements.GetAsyncEnumerator();
        var index = 0;
        while (true)
        {
            SourceItem? failure = null;
            try
            {
                if (!enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult()) break;
            }
            catch (JsonException e)
            {
                // The array is broken from here on: quarantine the rest of the file with the parser's position.
                failure = new BadItem(file, $"element {index + 1} (line {e.LineNumber + 1})", "", $"invalid JSON: {e.Message}");
            }
            if (failure is not null)
            {
                yield return failure;
                break;
            }
            index++;
            progress(stream.Position);
            var element = enumerator.Current;
            var text = element.GetRawText();
            yield return element.ValueKind == JsonValueKind.Object
                ? new ParsedItem(file, $"element {index}", text, new JsonItem(element))
                : new BadItem(file, $"element {index}", text, $"expected a JSON object, found {element.ValueKind}");
        }
        progress(stream.Length);
    }
}

/// <summary>Values of a JSON object by path: <c>a.b[0].c</c>; arrays on the way are flattened.</summary>
internal sealed class JsonItem(JsonElement root) : IValueReader
{
    /// <summary>An item from a line's text, parsed from <paramref name="utf8"/> when given (the same text as UTF-8).</summary>
    public static SourceItem Parse(string file, string location, string text, ReadOnlyMemory<byte>? utf8 = null)
    {
        try
        {
            using var doc = utf8 is { } bytes ? JsonDocument.Parse(bytes) : JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? new ParsedItem(file, location, text, new JsonItem(doc.RootElement.Clone()))
                : new BadItem(file, location, text, $"expected a JSON object, found {doc.RootElement.ValueKind}");
        }
        catch (JsonException e)
        {
            return new BadItem(file, location, text, $"invalid JSON at byte {e.BytePositionInLine}: {e.Message.Split(" LineNumber", 2)[0]}");
        }
    }

    // Parsed paths by text: a definition has a handful, read for every record.
    private static readonly ConcurrentDictionary<string, Step[]> Paths = new(StringComparer.Ordinal);

    public void Read(ValueSpec spec, List<string> into) => Collect(root, Paths.GetOrAdd(spec.Path!, Parse), 0, into);

    /// <summary>An index applies to the array itself; a name looks inside every element of arrays on the way.</summary>
    private static void Collect(JsonElement element, Step[] steps, int at, List<string> into)
    {
        if (element.ValueKind == JsonValueKind.Array && (at == steps.Length || steps[at].Index is null))
        {
            foreach (var child in element.EnumerateArray()) Collect(child, steps, at, into);
            return;
        }
        if (at == steps.Length)
        {
            if (Text(element) is { } text) into.Add(text);
            return;
        }
        var step = steps[at];
        if (step.Index is int i)
        {
            if (element.ValueKind == JsonValueKind.Array && i < element.GetArrayLength()) Collect(element[i], steps, at + 1, into);
        }
        else if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(step.Name!, out var child))
        {
            Collect(child, steps, at + 1, into);
        }
    }

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => String(e),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// A string value. JSON's grammar allows an escaped lone surrogate ("\ud800") that no UTF-16 string can hold; the
    /// parser accepts it and only reading the value fails, so that record is refused, not the whole run.
    /// </summary>
    private static string String(JsonElement e)
    {
        try
        {
            return e.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var raw = e.GetRawText();
            throw new MappingException($"a string holds an escaped lone surrogate (not valid Unicode): {(raw.Length <= 60 ? raw : raw[..60] + "…")}");
        }
    }

    private static Step[] Parse(string path)
    {
        var steps = new List<Step>();
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0) steps.Add(new Step(name, null));
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                if (close < 0) return [.. steps];
                if (int.TryParse(part.AsSpan(bracket + 1, close - bracket - 1), out var index)) steps.Add(new Step(null, index));
                bracket = part.IndexOf('[', close);
            }
        }
        return [.. steps];
    }

    private sealed record Step(string? Name, int? Index);
}
