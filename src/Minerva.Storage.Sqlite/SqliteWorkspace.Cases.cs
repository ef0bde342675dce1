using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

/// <summary>Case work (<see cref="ICaseStore"/>) in the workspace file, beside the records it is about.</summary>
public sealed partial class SqliteWorkspace : ICaseStore
{
    /// <inheritdoc/>
    public ICaseStore Cases => this;

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(SqliteDataReader reader, int column) => DateTimeOffset.Parse(reader.GetString(column), CultureInfo.InvariantCulture);

    /// <summary>Binds a subject to the <c>$kind</c> and <c>$ref</c> of a statement, as every case-work table stores it.</summary>
    private static void BindSubject(SqliteCommand command, Subject subject)
    {
        command.Parameters.AddWithValue("$kind", subject.Kind.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("$ref", subject.Ref);
    }

    private static Subject ReadSubject(SqliteDataReader reader, int column) =>
        new(Enum.Parse<SubjectKind>(reader.GetString(column), ignoreCase: true), reader.GetString(column + 1));

    /// <inheritdoc/>
    public long? CreateCase(string name, string description, string by)
    {
        using var command = Command("""
            INSERT INTO cases(name, name_key, description, by, at) VALUES($name, $key, $description, $by, $at)
            ON CONFLICT(name_key) DO NOTHING RETURNING id
            """);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$key", name.ToLowerInvariant());
        command.Parameters.AddWithValue("$description", description);
        command.Parameters.AddWithValue("$by", by);
        command.Parameters.AddWithValue("$at", Now());
        return command.ExecuteScalar() is long id ? id : null;
    }

    private const string CaseColumns = "c.id, c.name, c.description, c.by, c.at, (SELECT count(*) FROM case_items i WHERE i.case_id = c.id)";

    private static List<CaseInfo> ReadCases(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var cases = new List<CaseInfo>();
        while (reader.Read())
            cases.Add(new CaseInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Time(reader, 4), reader.GetInt32(5)));
        return cases;
    }

    /// <inheritdoc/>
    public CaseInfo? GetCase(string name)
    {
        using var command = Command($"SELECT {CaseColumns} FROM cases c WHERE c.name_key = $key");
        command.Parameters.AddWithValue("$key", name.ToLowerInvariant());
        return ReadCases(command).SingleOrDefault();
    }

    /// <inheritdoc/>
    public IReadOnlyList<CaseInfo> GetCases()
    {
        using var command = Command($"SELECT {CaseColumns} FROM cases c ORDER BY c.name_key");
        return ReadCases(command);
    }

    /// <inheritdoc/>
    public bool AddToCase(long caseId, Subject subject, string? anchor, string by)
    {
        using var command = Command("""
            INSERT INTO case_items(case_id, kind, ref, anchor, by, at, seq)
            SELECT $case, $kind, $ref, $anchor, $by, $at, (SELECT coalesce(max(seq), 0) + 1 FROM case_items WHERE case_id = $case)
            WHERE EXISTS (SELECT 1 FROM cases WHERE id = $case)
            ON CONFLICT(case_id, kind, ref) DO NOTHING
            """);
        command.Parameters.AddWithValue("$case", caseId);
        BindSubject(command, subject);
        command.Parameters.AddWithValue("$anchor", (object?)anchor ?? DBNull.Value);
        command.Parameters.AddWithValue("$by", by);
        command.Parameters.AddWithValue("$at", Now());
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    public bool RemoveFromCase(long caseId, Subject subject)
    {
        using var command = Command("DELETE FROM case_items WHERE case_id = $case AND kind = $kind AND ref = $ref");
        command.Parameters.AddWithValue("$case", caseId);
        BindSubject(command, subject);
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    public IReadOnlyList<CaseItem> GetCaseItems(long caseId)
    {
        using var command = Command("SELECT kind, ref, anchor, by, at FROM case_items WHERE case_id = $case ORDER BY seq");
        command.Parameters.AddWithValue("$case", caseId);
        using var reader = command.ExecuteReader();
        var items = new List<CaseItem>();
        while (reader.Read())
            items.Add(new CaseItem(ReadSubject(reader, 0), Text(reader, 2), reader.GetString(3), Time(reader, 4)));
        return items;
    }

    /// <inheritdoc/>
    public IReadOnlyList<CaseInfo> CasesHolding(Subject subject)
    {
        using var command = Command($"""
            SELECT {CaseColumns} FROM cases c WHERE c.id IN (SELECT case_id FROM case_items WHERE kind = $kind AND ref = $ref) ORDER BY c.name_key
            """);
        BindSubject(command, subject);
        return ReadCases(command);
    }

    /// <inheritdoc/>
    public long AddNote(Subject subject, string text, string by)
    {
        using var command = Command("INSERT INTO notes(kind, ref, text, by, at) VALUES($kind, $ref, $text, $by, $at) RETURNING id");
        BindSubject(command, subject);
        command.Parameters.AddWithValue("$text", text);
        command.Parameters.AddWithValue("$by", by);
        command.Parameters.AddWithValue("$at", Now());
        return (long)command.ExecuteScalar()!;
    }

    /// <inheritdoc/>
    public IReadOnlyList<Note> GetNotes(Subject? subject = null)
    {
        using var command = Command("SELECT id, kind, ref, text, by, at FROM notes" + (subject is null ? "" : " WHERE kind = $kind AND ref = $ref") + " ORDER BY id");
        if (subject is not null)
        {
            BindSubject(command, subject);
        }
        using var reader = command.ExecuteReader();
        var notes = new List<Note>();
        while (reader.Read()) notes.Add(new Note(reader.GetInt64(0), ReadSubject(reader, 1), reader.GetString(3), reader.GetString(4), Time(reader, 5)));
        return notes;
    }

    /// <inheritdoc/>
    public bool AddTag(Subject subject, string tag, string by)
    {
        using var command = Command("INSERT INTO tags(kind, ref, tag, by, at) VALUES($kind, $ref, $tag, $by, $at) ON CONFLICT(kind, ref, tag) DO NOTHING");
        BindSubject(command, subject);
        command.Parameters.AddWithValue("$tag", tag.ToLowerInvariant());
        command.Parameters.AddWithValue("$by", by);
        command.Parameters.AddWithValue("$at", Now());
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    public bool RemoveTag(Subject subject, string tag)
    {
        using var command = Command("DELETE FROM tags WHERE kind = $kind AND ref = $ref AND tag = $tag");
        BindSubject(command, subject);
        command.Parameters.AddWithValue("$tag", tag.ToLowerInvariant());
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    public IReadOnlyList<Tag> GetTags(Subject? subject = null, string? tag = null)
    {
        var where = new List<string>();
        using var command = Command("");
        if (subject is not null)
        {
            where.Add("kind = $kind AND ref = $ref");
            BindSubject(command, subject);
        }
        if (tag is not null)
        {
            where.Add("tag = $tag");
            command.Parameters.AddWithValue("$tag", tag.ToLowerInvariant());
        }
        command.CommandText = "SELECT kind, ref, tag, by, at FROM tags" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY tag, kind, ref";
        using var reader = command.ExecuteReader();
        var tags = new List<Tag>();
        while (reader.Read()) tags.Add(new Tag(ReadSubject(reader, 0), reader.GetString(2), reader.GetString(3), Time(reader, 4)));
        return tags;
    }
}
