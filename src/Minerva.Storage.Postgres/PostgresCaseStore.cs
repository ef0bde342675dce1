using Npgsql;

namespace Minerva.Storage.Postgres;

/// <summary>Case work (<see cref="ICaseStore"/>) of one tenant. Statements name no tenant: row-level security adds it.</summary>
internal sealed class PostgresCaseStore(TenantStore tenant) : ICaseStore
{
    private static DateTimeOffset Now() => DateTimeOffset.UtcNow;

    private static string Kind(Subject subject) => subject.Kind.ToString().ToLowerInvariant();

    private static Subject ReadSubject(NpgsqlDataReader reader, int column) =>
        new(Enum.Parse<SubjectKind>(reader.GetString(column), ignoreCase: true), reader.GetString(column + 1));

    private static DateTimeOffset Time(NpgsqlDataReader reader, int column) => reader.GetFieldValue<DateTimeOffset>(column);

    private const string CaseColumns = "c.id, c.name, c.description, c.by, c.at, (SELECT count(*)::int FROM case_items i WHERE i.case_id = c.id)";

    private static CaseInfo ReadCase(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r, 4), r.GetInt32(5));

    public long? CreateCase(string name, string description, string by) => tenant.InTenant((c, tx) =>
        TenantStore.Command(c, tx, """
            INSERT INTO cases(name, name_key, description, by, at) VALUES(@name, @key, @description, @by, @at)
            ON CONFLICT(tenant, name_key) DO NOTHING RETURNING id
            """, ("name", name), ("key", name.ToLowerInvariant()), ("description", description), ("by", by), ("at", Now()))
            .ExecuteScalarDisposed() is long id ? id : (long?)null);

    public CaseInfo? GetCase(string name) => tenant.InTenant((c, tx) =>
        TenantStore.Rows(TenantStore.Command(c, tx, $"SELECT {CaseColumns} FROM cases c WHERE c.name_key = @key", ("key", name.ToLowerInvariant())), ReadCase)
            .SingleOrDefault());

    public IReadOnlyList<CaseInfo> GetCases() => tenant.InTenant((c, tx) =>
        TenantStore.Rows(TenantStore.Command(c, tx, $"SELECT {CaseColumns} FROM cases c ORDER BY c.name_key COLLATE \"C\""), ReadCase));

    public bool AddToCase(long caseId, Subject subject, string? anchor, string by) => tenant.InTenant((c, tx) =>
    {
        // A case of another tenant is not found here (RLS), so nothing is added to it: the key check alone would not say so.
        using var command = TenantStore.Command(c, tx, """
            INSERT INTO case_items(case_id, kind, ref, anchor, by, at, seq)
            SELECT @case, @kind, @ref, @anchor, @by, @at, (SELECT coalesce(max(seq), 0) + 1 FROM case_items WHERE case_id = @case)
            WHERE EXISTS (SELECT 1 FROM cases WHERE id = @case)
            ON CONFLICT(tenant, case_id, kind, ref) DO NOTHING
            """, ("case", caseId), ("kind", Kind(subject)), ("ref", subject.Ref), ("anchor", anchor), ("by", by), ("at", Now()));
        return command.ExecuteNonQuery() == 1;
    });

    public bool RemoveFromCase(long caseId, Subject subject) => tenant.InTenant((c, tx) =>
    {
        using var command = TenantStore.Command(c, tx, "DELETE FROM case_items WHERE case_id = @case AND kind = @kind AND ref = @ref",
            ("case", caseId), ("kind", Kind(subject)), ("ref", subject.Ref));
        return command.ExecuteNonQuery() == 1;
    });

    public IReadOnlyList<CaseItem> GetCaseItems(long caseId) => tenant.InTenant((c, tx) =>
        TenantStore.Rows(TenantStore.Command(c, tx, "SELECT kind, ref, anchor, by, at FROM case_items WHERE case_id = @case ORDER BY seq", ("case", caseId)),
            r => new CaseItem(ReadSubject(r, 0), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), Time(r, 4))));

    public IReadOnlyList<CaseInfo> CasesHolding(Subject subject) => tenant.InTenant((c, tx) =>
        TenantStore.Rows(TenantStore.Command(c, tx, $"""
            SELECT {CaseColumns} FROM cases c WHERE c.id IN (SELECT case_id FROM case_items WHERE kind = @kind AND ref = @ref) ORDER BY c.name_key COLLATE "C"
            """, ("kind", Kind(subject)), ("ref", subject.Ref)), ReadCase));

    public long AddNote(Subject subject, string text, string by) => tenant.InTenant((c, tx) =>
        (long)TenantStore.Command(c, tx, "INSERT INTO notes(kind, ref, text, by, at) VALUES(@kind, @ref, @text, @by, @at) RETURNING id",
            ("kind", Kind(subject)), ("ref", subject.Ref), ("text", text), ("by", by), ("at", Now())).ExecuteScalarDisposed()!);

    public IReadOnlyList<Note> GetNotes(Subject? subject = null) => tenant.InTenant((c, tx) =>
        TenantStore.Rows(subject is null
                ? TenantStore.Command(c, tx, "SELECT id, kind, ref, text, by, at FROM notes ORDER BY id")
                : TenantStore.Command(c, tx, "SELECT id, kind, ref, text, by, at FROM notes WHERE kind = @kind AND ref = @ref ORDER BY id", ("kind", Kind(subject)), ("ref", subject.Ref)),
            r => new Note(r.GetInt64(0), ReadSubject(r, 1), r.GetString(3), r.GetString(4), Time(r, 5))));

    public bool AddTag(Subject subject, string tag, string by) => tenant.InTenant((c, tx) =>
    {
        using var command = TenantStore.Command(c, tx, "INSERT INTO tags(kind, ref, tag, by, at) VALUES(@kind, @ref, @tag, @by, @at) ON CONFLICT(tenant, kind, ref, tag) DO NOTHING",
            ("kind", Kind(subject)), ("ref", subject.Ref), ("tag", tag.ToLowerInvariant()), ("by", by), ("at", Now()));
        return command.ExecuteNonQuery() == 1;
    });

    public bool RemoveTag(Subject subject, string tag) => tenant.InTenant((c, tx) =>
    {
        using var command = TenantStore.Command(c, tx, "DELETE FROM tags WHERE kind = @kind AND ref = @ref AND tag = @tag",
            ("kind", Kind(subject)), ("ref", subject.Ref), ("tag", tag.ToLowerInvariant()));
        return command.ExecuteNonQuery() == 1;
    });

    public IReadOnlyList<Tag> GetTags(Subject? subject = null, string? tag = null) => tenant.InTenant((c, tx) =>
    {
        // Absent filters are NULL parameters, so one statement serves every combination.
        using var command = TenantStore.Command(c, tx, """
            SELECT kind, ref, tag, by, at FROM tags
            WHERE (@kind::text IS NULL OR (kind = @kind AND ref = @ref)) AND (@tag::text IS NULL OR tag = @tag)
            ORDER BY tag COLLATE "C", kind COLLATE "C", ref COLLATE "C"
            """, ("kind", subject is null ? null : Kind(subject)), ("ref", subject?.Ref), ("tag", tag?.ToLowerInvariant()));
        return TenantStore.Rows(command, r => new Tag(ReadSubject(r, 0), r.GetString(2), r.GetString(3), Time(r, 4)));
    });
}
