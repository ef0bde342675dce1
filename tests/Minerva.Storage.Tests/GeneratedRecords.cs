using Minerva.Core;
using Minerva.Generator;

namespace Minerva.Storage.Sqlite.Tests;

/// <summary>Stores generated ads as records with their text only (no selectors), in one batch.</summary>
internal static class GeneratedRecords
{
    /// <summary>Keys are <c>gen:{keyPrefix}{n}</c>, n counting from 0; the content hash is the text's, so storing other
    /// text under a key already stored updates that record.</summary>
    public static void Store(SqliteWorkspace workspace, IEnumerable<GeneratedAd> ads, string keyPrefix)
    {
        using var batch = workspace.BeginBatch();
        var i = 0;
        foreach (var ad in ads)
        {
            var record = new SourceRecord
            {
                Key = new RecordKey("gen", $"{keyPrefix}{i++}"), Title = ad.Title, Text = ad.Body, Location = ad.City,
                RawPayload = ad.Id, Origin = "test",
            };
            batch.Add(record, [], (ad.Title + ad.Body).GetHashCode(StringComparison.Ordinal).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        batch.Commit();
    }
}
