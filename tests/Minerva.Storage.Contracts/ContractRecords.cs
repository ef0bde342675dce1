using Minerva.Core;

namespace Minerva.Storage.Contracts;

/// <summary>Records the contracts store: an ad in the shape connectors make, and a phone selector.</summary>
public static class ContractRecords
{
    public static SourceRecord Ad(string id, string title, string text, string? location = "Houston", DateTimeOffset? at = null, string source = "ads") => new()
    {
        Key = new RecordKey(source, id),
        Title = title,
        Text = text,
        Location = location,
        Country = "US",
        ObservedAt = at ?? new DateTimeOffset(2024, 5, 2, 21, 14, 0, TimeSpan.FromHours(-5)),
        Attachments = ["/photos/a.jpg"],
        ExplicitValues = [new ExplicitValue(SelectorKind.Handle, "mia", "instagram")],
        RawPayload = $"{{\"id\":\"{id}\",\"text\":\"{text}\"}}",
        Origin = $"ads.jsonl:line {id}",
    };

    public static Selector Phone(string value, int start = 0) => new(SelectorKind.Phone, value, "713 555 0142", RecordField.Text, start, 12);

    /// <summary>Stores one record in a batch of its own, with a content hash made from it.</summary>
    public static IngestOutcome Add(this IRecordStore store, SourceRecord record, params Selector[] selectors)
    {
        using var batch = store.BeginBatch();
        var outcome = batch.Add(record, selectors, record.RawPayload.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture) + record.Text);
        batch.Commit();
        return outcome;
    }
}
