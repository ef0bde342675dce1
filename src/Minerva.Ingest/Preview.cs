using Minerva.Core;
using Minerva.Extraction;
using Minerva.Ingest.Definitions;
using Minerva.Ingest.Readers;

namespace Minerva.Ingest;

/// <summary>One item of a preview: where it was read, the record as it would be stored and its selectors, or why it
/// would be quarantined.</summary>
/// <param name="Origin">File and place (line, element) of the item.</param>
/// <param name="Record">The mapped record, or null when the item would be quarantined.</param>
/// <param name="Selectors">Selectors extracted from it (photo hashes aside: a preview decodes no image).</param>
/// <param name="Quarantined">Why the item would be quarantined, or null.</param>
public sealed record PreviewItem(string Origin, SourceRecord? Record, IReadOnlyList<Selector> Selectors, string? Quarantined);

/// <summary>
/// What a connector makes of the first items of its inputs, without a workspace: the same reading, mapping and
/// extraction as ingest, stopped after <c>limit</c> items, so a newcomer sees at once whether the fields land.
/// Images are not decoded (their references are in the record's attachments).
/// </summary>
public static class ConnectorPreview
{
    /// <summary>The first <paramref name="limit"/> items of <paramref name="inputs"/> through <paramref name="definition"/>.</summary>
    /// <exception cref="InputException">An input is missing or unreadable, or does not fit the definition.</exception>
    public static IReadOnlyList<PreviewItem> Run(ConnectorDefinition definition, IReadOnlyList<string> inputs, int limit)
    {
        var files = InputFiles.Resolve(definition.Format, inputs);
        var reader = Ingestor.CreateReader(definition, files.ToDictionary(f => f.Path, f => f.Relative, StringComparer.Ordinal));
        var mapper = new RecordMapper(definition);
        var items = new List<PreviewItem>();
        foreach (var (file, _, refusal, _) in files)
        {
            if (items.Count >= limit) break;
            if (refusal is not null)
            {
                items.Add(new PreviewItem(file, null, [], refusal));
                continue;
            }
            foreach (var item in reader.Read(file, _ => { }))
            {
                items.Add(Preview(item, mapper));
                if (items.Count >= limit) break;
            }
        }
        return items;
    }

    private static PreviewItem Preview(SourceItem item, RecordMapper mapper)
    {
        var origin = $"{item.File}:{item.Location}";
        if (item is BadItem bad) return new PreviewItem(origin, null, [], bad.Reason);
        try
        {
            var record = mapper.Map((ParsedItem)item);
            return new PreviewItem(origin, record, SelectorExtractor.Extract(record), null);
        }
        catch (Exception e) when (Ingestor.QuarantineReason(e) is { } reason)
        {
            return new PreviewItem(origin, null, [], reason);
        }
    }
}
