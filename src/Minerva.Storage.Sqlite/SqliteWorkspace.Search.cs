using System.Text;
using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

public sealed partial class SqliteWorkspace
{
    /// <summary>Prefix of a handle filter value that matches the name on any platform.</summary>
    private const string AnyPlatform = RecordFilter.AnyPlatform + "/";

    /// <summary>Searches answered from the ranking lists rather than by FTS5 (tests check the lists are used).</summary>
    internal int RankedAnswers { get; private set; }

    /// <inheritdoc/>
    public IReadOnlyList<SearchHit> Search(TextQuery query)
    {
        using var command = Command("");
        var where = new StringBuilder();
        var driver = AppendFilter(command, query.Filter, where);
        command.Parameters.AddWithValue("$limit", query.Limit);
        if (query.Terms.Count == 0)
        {
            // Filters only (e.g. a selector search): newest first, the start of the body as snippet. A selector filter
            // drives the query through the selector index (CROSS JOIN fixes the order): left to itself SQLite walked
            // every record newest first and looked up each one's selectors — a phone on 8 of 1M records read all 1M.
            var from = driver is { } d
                ? $"(SELECT DISTINCT record_id FROM selectors WHERE kind = $k{d} AND value = $v{d}) m CROSS JOIN records r ON r.id = m.record_id"
                : "records r";
            command.CommandText = $"""
                SELECT {SummaryColumns}, 0.0, substr(coalesce(r.body, ''), 1, 160) FROM {from}
                WHERE 1 = 1 {where} ORDER BY r.observed_unix DESC, r.key LIMIT $limit
                """;
        }
        else
        {
            if (RankedSearch(query) is { } ranked)
            {
                RankedAnswers++;
                return ranked;
            }
            command.Parameters.AddWithValue("$match", MatchExpression(query.Terms));
            // Rank first, then make snippets for the top rows only: snippet() is far dearer than bm25() and
            // SQLite would otherwise compute it for every match before sorting. Title weighs most (bm25 weights).
            // The records table is joined only for filters: for a word in 40 % of 1M records the join took the
            // ranking from 0.5 s to 1.7–3.4 s. Ties go to the older record, as with the ranking lists.
            command.CommandText = $"""
                WITH top AS (
                    SELECT records_fts.rowid AS id, bm25(records_fts, {Bm25.WeightArguments}) AS score
                    FROM records_fts {(where.Length == 0 ? "" : "JOIN records r ON r.id = records_fts.rowid")}
                    WHERE records_fts MATCH $match {where}
                    ORDER BY score, id LIMIT $limit)
                SELECT {SummaryColumns}, top.score, snippet(records_fts, 1, char(2), char(3), '…', 16)
                FROM top JOIN records_fts ON records_fts.rowid = top.id JOIN records r ON r.id = top.id
                WHERE records_fts MATCH $match
                ORDER BY top.score, top.id
                """;
        }
        using var reader = command.ExecuteReader();
        var hits = new List<SearchHit>();
        while (reader.Read()) hits.Add(new SearchHit(ReadSummary(reader, 0), reader.GetDouble(5), reader.GetString(6)));
        return hits;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> SimilarTerms(string word, int limit)
    {
        var trigrams = Trigrams(word).Distinct(StringComparer.Ordinal).ToList();
        if (trigrams.Count == 0) return [];
        using var command = Command("""
            SELECT t.term FROM terms_trigram JOIN terms t ON t.id = terms_trigram.rowid
            WHERE terms_trigram MATCH $match ORDER BY bm25(terms_trigram) LIMIT $limit
            """);
        command.Parameters.AddWithValue("$match", string.Join(" OR ", trigrams.Select(Quote)));
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var terms = new List<string>();
        while (reader.Read()) terms.Add(reader.GetString(0));
        return terms;
    }

    private static IEnumerable<string> Trigrams(string term)
    {
        var t = term.ToLowerInvariant();
        for (var i = 0; i + 3 <= t.Length; i++) yield return t.Substring(i, 3);
    }

    /// <summary>Every term becomes a quoted FTS5 string, so user input can never be read as query syntax.</summary>
    private static string MatchExpression(IReadOnlyList<IReadOnlyList<string>> terms) =>
        string.Join(" AND ", terms.Select(alternatives => "(" + string.Join(" OR ", alternatives.Select(Term)) + ")"));

    private static string Term(string t) => t.EndsWith('*') && t.Length > 1 ? Quote(t[..^1]) + "*" : Quote(t);

    private static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Appends the filter's conditions; returns the number of a selector condition the selector index can answer
    /// (an exact value), or null.</summary>
    private static int? AppendFilter(SqliteCommand command, RecordFilter filter, StringBuilder where)
    {
        int? exact = null;
        if (filter.Source is not null)
        {
            where.Append(" AND r.source = $source");
            command.Parameters.AddWithValue("$source", filter.Source);
        }
        if (filter.From is { } from)
        {
            where.Append(" AND r.observed_unix >= $from");
            command.Parameters.AddWithValue("$from", from.ToUnixTimeSeconds());
        }
        if (filter.To is { } to)
        {
            where.Append(" AND r.observed_unix < $to");
            command.Parameters.AddWithValue("$to", to.ToUnixTimeSeconds());
        }
        if (filter.Location is not null)
        {
            where.Append(" AND (r.location LIKE $location ESCAPE '\\' OR r.country = upper($country))");
            command.Parameters.AddWithValue("$location", "%" + EscapeLike(filter.Location) + "%");
            command.Parameters.AddWithValue("$country", filter.Location);
        }
        var i = 0;
        foreach (var (kind, value) in filter.Selectors ?? [])
        {
            // "*/name" is a handle on any platform.
            var anyPlatform = value.StartsWith(AnyPlatform, StringComparison.Ordinal);
            var test = anyPlatform ? $"s{i}.value LIKE $v{i} ESCAPE '\\'" : $"s{i}.value = $v{i}";
            where.Append($" AND EXISTS (SELECT 1 FROM selectors s{i} WHERE s{i}.record_id = r.id AND s{i}.kind = $k{i} AND {test})");
            command.Parameters.AddWithValue($"$k{i}", Minerva.Core.SelectorKinds.Name(kind));
            command.Parameters.AddWithValue($"$v{i}", anyPlatform ? "%/" + EscapeLike(value[AnyPlatform.Length..]) : value);
            if (!anyPlatform) exact ??= i;
            i++;
        }
        return exact;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
