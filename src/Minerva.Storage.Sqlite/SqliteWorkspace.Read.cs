using System.Globalization;
using Microsoft.Data.Sqlite;
using Minerva.Core;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    private const string SummaryColumns = "r.key, r.observed_at, r.title, r.location, r.country";

    /// <inheritdoc/>
    public StoredRecord? GetRecord(RecordKey key)
    {
        using var command = Command("""
            SELECT id, observed_at, title, body, url, location, country, author, platform, phone_region, attachments,
                   explicit_values, raw, origin, ingested_at, (SELECT count(*) FROM revisions v WHERE v.record_id = records.id), content_hash
            FROM records WHERE key = $key
            """);
        command.Parameters.AddWithValue("$key", key.ToString());
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        var id = reader.GetInt64(0);
        var record = new SourceRecord
        {
            Key = key,
            ObservedAt = ReadTime(reader, 1),
            Title = Text(reader, 2),
            Text = Text(reader, 3),
            Url = Text(reader, 4),
            Location = Text(reader, 5),
            Country = Text(reader, 6),
            Author = Text(reader, 7),
            Platform = Text(reader, 8),
            PhoneRegion = Text(reader, 9),
            Attachments = StoredJson.Read<List<string>>(reader.GetString(10)),
            ExplicitValues = StoredJson.ReadExplicit(reader.GetString(11)),
            RawPayload = reader.GetString(12),
            Origin = reader.GetString(13),
        };
        var ingested = DateTimeOffset.Parse(reader.GetString(14), CultureInfo.InvariantCulture);
        return new StoredRecord(record, SelectorsOf(id), ingested, reader.GetInt32(15), reader.GetString(16));
    }

    /// <inheritdoc/>
    public IReadOnlyList<RecordSummary> FindBySelector(SelectorKind kind, string value, int limit)
    {
        using var command = Command($"""
            SELECT DISTINCT {SummaryColumns}, r.observed_unix FROM selectors s JOIN records r ON r.id = s.record_id
            WHERE s.kind = $kind AND s.value = $value
            ORDER BY r.observed_unix DESC, r.key LIMIT $limit
            """);
        command.Parameters.AddWithValue("$kind", kind.Name());
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$limit", limit);
        return ReadSummaries(command);
    }

    /// <inheritdoc/>
    public IReadOnlyList<QuarantineEntry> GetQuarantine(int limit)
    {
        using var command = Command("SELECT source, file, location, reason, payload, at FROM quarantine ORDER BY id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<QuarantineEntry>();
        while (reader.Read())
            entries.Add(new QuarantineEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Text(reader, 4), DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
        return entries;
    }

    /// <inheritdoc/>
    public IReadOnlyList<IngestRun> GetRuns(int limit)
    {
        using var command = Command("""
            SELECT source, connector, inputs, started, finished, read, ingested, updated, duplicate, quarantined
            FROM ingest_runs ORDER BY id DESC LIMIT $limit
            """);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var runs = new List<IngestRun>();
        while (reader.Read())
            runs.Add(new IngestRun(reader.GetString(0), reader.GetString(1), StoredJson.Read<List<string>>(reader.GetString(2)),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)));
        return runs;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, long> CountBySource() => Counts("SELECT source, count(*) FROM records GROUP BY source ORDER BY source");

    /// <inheritdoc/>
    public IReadOnlyList<PlaceCountry> CountPlaceCountries()
    {
        using var command = Command("""
            SELECT location, country, count(*) FROM records
            WHERE location IS NOT NULL AND location <> '' AND country IS NOT NULL AND country <> ''
            GROUP BY location, country
            """);
        using var reader = command.ExecuteReader();
        var counts = new List<PlaceCountry>();
        while (reader.Read()) counts.Add(new PlaceCountry(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return counts;
    }

    /// <inheritdoc/>
    public WorkspaceStats GetStats() => new(
        (int)Scalar<long>("PRAGMA user_version;"),
        Scalar<long>("SELECT count(*) FROM records"),
        Scalar<long>("SELECT count(*) FROM selectors"),
        Scalar<long>("SELECT count(*) FROM quarantine"),
        Counts("SELECT source, count(*) FROM records GROUP BY source ORDER BY source"),
        Counts("SELECT kind, count(*) FROM selectors GROUP BY kind ORDER BY kind"),
        Counts("SELECT kind, count(DISTINCT value) FROM selectors GROUP BY kind ORDER BY kind"));

    /// <inheritdoc />
    public IEnumerable<StoredImage> ScanImages(RecordKey? record = null)
    {
        using var command = Command($"""
            SELECT i.record_id, r.key, i.attachment, i.path, i.format, i.width, i.height, i.quality, i.pdq, i.variants
            FROM images i JOIN records r ON r.id = i.record_id {(record is null ? "" : "WHERE r.key = $key")} ORDER BY i.record_id, i.attachment
            """);
        if (record is { } key) command.Parameters.AddWithValue("$key", key.ToString());
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredImage(reader.GetInt64(0), RecordKey.Parse(reader.GetString(1)), new ImageFacts(
                reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7),
                reader.GetString(8), reader.GetString(9).Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    private Dictionary<string, long> Counts(string sql)
    {
        using var command = Command(sql);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private List<Selector> SelectorsOf(long id)
    {
        using var command = Command("SELECT kind, value, original, field, start, length, note FROM selectors WHERE record_id = $id ORDER BY field, start");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var selectors = new List<Selector>();
        while (reader.Read())
        {
            if (!SelectorKinds.TryParse(reader.GetString(0), out var kind)) continue; // a kind from a newer build
            selectors.Add(new Selector(kind, reader.GetString(1), reader.GetString(2), Enum.Parse<RecordField>(reader.GetString(3)),
                reader.GetInt32(4), reader.GetInt32(5), Text(reader, 6)));
        }
        return selectors;
    }

    private static List<RecordSummary> ReadSummaries(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<RecordSummary>();
        while (reader.Read()) list.Add(ReadSummary(reader, 0));
        return list;
    }

    private static RecordSummary ReadSummary(SqliteDataReader reader, int at) =>
        new(RecordKey.Parse(reader.GetString(at)), ReadTime(reader, at + 1), Text(reader, at + 2), Text(reader, at + 3), Text(reader, at + 4));

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset? ReadTime(SqliteDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : DateTimeOffset.Parse(reader.GetString(i), CultureInfo.InvariantCulture);
}
