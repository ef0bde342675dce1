using Minerva.Core;
using Npgsql;
using static Minerva.Storage.Contracts.ContractRecords;

namespace Minerva.Storage.Postgres.Tests;

/// <summary>Tenant isolation, enforced by the database: what one tenant wrote, another never reads, through the stores or
/// through raw SQL as the application's role.</summary>
public sealed class TenancyTests : IDisposable
{
    private readonly TeamStore _team = TeamStore.Connect(TestDatabase.App);
    private readonly TenantStore _a;
    private readonly TenantStore _b;
    private static readonly Subject Ad = new(SubjectKind.Record, "ads:88123");
    private static readonly Subject Phone = new(SubjectKind.Selector, "phone:+17135550142");

    /// <summary>Every table of tenant data, from the catalogue (so a table added later is checked too): all but the list of
    /// tenants and of migrations.</summary>
    /// <summary>Every table of tenant data: all but the list of tenants, the migrations, and the accounts and tokens, which the
    /// application reaches only through their functions (see the test of those).</summary>
    private static List<string> Tables()
    {
        using var connection = new NpgsqlConnection(TestDatabase.Owner);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('tenants', 'schema_migrations', 'accounts', 'api_tokens') ORDER BY 1", connection);
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    public TenancyTests()
    {
        _a = _team.Tenant(TestDatabase.NewTenant("police-nl"));
        _b = _team.Tenant(TestDatabase.NewTenant("ngo-ro"));
    }

    public void Dispose() => _team.Dispose();

    /// <summary>Tenant A's case work and trail: a case holding an ad and a phone, a note, a tag, three audit entries.</summary>
    private long WriteA()
    {
        var id = _a.Cases.CreateCase("Lily", "the Houston circuit", "analyst1")!.Value;
        _a.Cases.AddToCase(id, Ad, null, "analyst1");
        _a.Cases.AddToCase(id, Phone, null, "analyst1");
        _a.Cases.AddNote(Ad, "called: voicemail in Romanian", "analyst1");
        _a.Cases.AddTag(Phone, "booker", "analyst1");
        foreach (var action in new[] { "login", "search", "view" }) _a.Audit.Append(new AuditEvent(action, "analyst1", "ads:88123", ""));
        _a.Records.Add(Ad("88123", "Sweet Mia", "Call 713 555 0142 now"), Phone("+17135550142", 5));
        _a.Records.Add(Ad("88124", "Mia again", "new in town"));
        using (var batch = _a.Records.BeginBatch())
        {
            batch.Quarantine(new QuarantineEntry("ads", "ads.jsonl", "line 9", "invalid JSON", "{\"id\": ", DateTimeOffset.UtcNow));
            batch.Commit();
        }
        _a.Records.RecordRun(new IngestRun("ads", "connectors/ads.yaml", ["ads.jsonl"], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 3, 2, 0, 0, 1));
        return id;
    }

    [Fact]
    public void What_one_tenant_wrote_another_cannot_read_or_change_through_the_stores()
    {
        var caseOfA = WriteA();

        Assert.Empty(_b.Cases.GetCases());
        Assert.Null(_b.Cases.GetCase("Lily"));
        Assert.Empty(_b.Cases.GetCaseItems(caseOfA));
        Assert.Empty(_b.Cases.CasesHolding(Ad));
        Assert.Empty(_b.Cases.GetNotes());
        Assert.Empty(_b.Cases.GetNotes(Ad));
        Assert.Empty(_b.Cases.GetTags());
        Assert.Empty(_b.Audit.Read(0, 100));
        Assert.Equal(0, _b.Audit.Verify().Entries);

        // Ids of A's rows, guessed or replayed, change nothing of A's.
        Assert.False(_b.Cases.AddToCase(caseOfA, new Subject(SubjectKind.Record, "ads:1"), null, "intruder"));
        Assert.False(_b.Cases.RemoveFromCase(caseOfA, Ad));
        Assert.False(_b.Cases.RemoveTag(Phone, "booker"));
        Assert.Equal([Ad, Phone], _a.Cases.GetCaseItems(caseOfA).Select(i => i.Subject));
        Assert.Equal("booker", Assert.Single(_a.Cases.GetTags()).Name);

        // Names are per tenant, and B's trail is its own chain from 1.
        Assert.NotNull(_b.Cases.CreateCase("Lily", "another agency's Lily", "analyst9"));
        Assert.Equal(1, _b.Audit.Append(new AuditEvent("login", "analyst9", "", ""))!.Seq);
        Assert.Equal("the Houston circuit", _a.Cases.GetCase("lily")!.Description);
        Assert.True(_a.Audit.Verify().Intact);
        Assert.Equal(3, _a.Audit.Verify().Entries);
    }

    [Fact]
    public void Records_of_one_tenant_are_not_found_by_another_by_key_selector_id_or_scan()
    {
        WriteA();
        var ids = _a.Records.ScanRecords(null, false).Select(r => r.Id).ToList();
        Assert.Equal(2, ids.Count);

        var b = _b.Records;
        Assert.Null(b.GetRecord(new RecordKey("ads", "88123")));
        Assert.Empty(b.FindBySelector(SelectorKind.Phone, "+17135550142", 10));
        Assert.Empty(b.GetTexts(ids));
        Assert.Empty(b.ScanRecords(null, true));
        Assert.Empty(b.CountBySource());
        Assert.Empty(b.CountPlaceCountries());
        Assert.Empty(b.GetQuarantine(10));
        Assert.Empty(b.GetRuns(10));
        Assert.Equal((0L, 0L, 0L), (b.GetStats().Records, b.GetStats().Selectors, b.GetStats().Quarantined));
        Assert.Equal(new ChangeLog(0, 0), b.GetChangeLog());
        Assert.Empty(b.ScanChanges(0, long.MaxValue));
        Assert.NotEqual(_a.Records.Identity, b.Identity);

        // The same key in B is B's own record: A's stays as it was.
        Assert.Equal(IngestOutcome.Added, b.Add(Ad("88123", "B's Mia", "another agency's copy")));
        Assert.Equal("Sweet Mia", _a.Records.GetRecord(new RecordKey("ads", "88123"))!.Record.Title);
        Assert.Equal(0, _a.Records.GetRecord(new RecordKey("ads", "88123"))!.Revisions);
        Assert.Equal(2, _a.Records.GetChangeLog().Last);
        Assert.Equal(1, b.GetChangeLog().Last);
    }

    [Fact]
    public void Raw_sql_as_the_application_role_sees_nothing_without_a_tenant_and_nothing_of_another_with_one()
    {
        WriteA();
        _a.Ledger.SetBudget(new PrivacyBudget("victims", 1, 1e-6, DateTimeOffset.UtcNow), "plan");
        _a.Ledger.MarkWritten(_a.Ledger.TrySpend("victims", 0.1, 0, "2026 release", (_, _) => true)!.Id, "cafe");
        _b.Cases.AddNote(Ad, "B's own note", "analyst9");
        using var connection = _team.OpenConnection();
        var tables = Tables();
        Assert.Contains("privacy_spends", tables);
        foreach (var table in tables)
        {
            Assert.Equal(0L, Scalar<long>(connection, null, $"SELECT count(*) FROM {table}"));
            using var tx = connection.BeginTransaction();
            Scalar<string>(connection, tx, $"SELECT set_config('app.tenant', '{_b.Id}', true)");
            Assert.Equal(0L, Scalar<long>(connection, tx, $"SELECT count(*) FROM {table} WHERE tenant = {_a.Id}"));
            Assert.Equal(0L, Scalar<long>(connection, tx, $"SELECT count(*) FROM {table} WHERE tenant <> {_b.Id}"));
        }
        Assert.Equal(0L, Scalar<long>(connection, null, "SELECT count(*) FROM tenants")); // not even the list of agencies
    }

    [Fact]
    public void The_application_role_cannot_lift_row_security_write_into_another_tenant_or_rewrite_the_trail()
    {
        WriteA();
        using var connection = _team.OpenConnection();
        void Refused(string sql, string why)
        {
            using var tx = connection.BeginTransaction();
            Scalar<string>(connection, tx, $"SELECT set_config('app.tenant', '{_b.Id}', true)");
            var e = Assert.Throws<PostgresException>(() => Scalar<object?>(connection, tx, sql));
            Assert.Contains(why, e.MessageText, StringComparison.Ordinal);
        }
        Refused("SET LOCAL row_security = off; SELECT count(*) FROM notes", "row-level security");
        Refused($"INSERT INTO notes(tenant, kind, ref, text, by, at) VALUES({_a.Id}, 'record', 'ads:1', 'planted', 'intruder', now())", "row-level security");
        Refused($"UPDATE cases SET description = 'moved' WHERE tenant = {_a.Id}", "permission denied");
        Refused("UPDATE audit_log SET detail = 'x'", "permission denied");
        Refused("DELETE FROM audit_log", "permission denied");
        Refused("DELETE FROM notes", "permission denied"); // notes are never edited: a correction is a new note
        Refused("ALTER TABLE cases DISABLE ROW LEVEL SECURITY", "must be owner");
        Refused("DROP POLICY own_tenant ON cases", "must be owner");
        Refused("SET ROLE postgres", "permission denied");
        Assert.Equal(3, _a.Audit.Verify().Entries);
        Assert.Single(_a.Cases.GetNotes());
    }

    [Fact]
    public void Every_table_of_tenant_data_has_forced_row_security_with_the_tenant_policy()
    {
        using var connection = new NpgsqlConnection(TestDatabase.Owner);
        connection.Open();
        foreach (var table in Tables())
        {
            using var command = new NpgsqlCommand("""
                SELECT c.relrowsecurity AND c.relforcerowsecurity
                       AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = 'own_tenant'
                                   AND p.qual = '(tenant = minerva_tenant())' AND p.with_check = '(tenant = minerva_tenant())')
                FROM pg_class c WHERE c.relname = @t AND c.relnamespace = 'public'::regnamespace
                """, connection);
            command.Parameters.AddWithValue("t", table);
            Assert.True((bool)command.ExecuteScalar()!, $"{table} is not kept to its tenant by forced row-level security");
        }
    }

    [Fact]
    public void Accounts_and_tokens_are_reached_only_through_functions_that_keep_to_the_bound_tenant()
    {
        using (var owner = TeamDatabase.Connect(TestDatabase.Owner))
        {
            owner.AddAccount(_a.Id, $"lead-{_a.Id}", "lead", "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA");
            owner.AddAccount(_b.Id, $"lead-{_b.Id}", "lead", "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA");
        }
        using var connection = _team.OpenConnection();
        foreach (var table in new[] { "accounts", "api_tokens" })
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, Assert.Throws<PostgresException>(() => Scalar<long>(connection, null, $"SELECT count(*) FROM {table}")).SqlState);
        Assert.Equal([$"lead-{_a.Id}"], _a.Accounts.Accounts().Select(a => a.Name));
        Assert.Null(_a.Accounts.AddAccount($"lead-{_b.Id}", "viewer", "x")); // names are one namespace: taken is taken
        Assert.False(_a.Accounts.SetAccount($"lead-{_b.Id}", "viewer", true)); // B's user is not A's to change
        Assert.Equal("lead", _team.Accounts.FindAccount($"LEAD-{_b.Id}")!.Role);
        Assert.Throws<WorkspaceException>(() => _a.Accounts.AddAccount($"root-{_a.Id}", "admin", "x"));
        var bLead = _team.Accounts.FindAccount($"lead-{_b.Id}")!;
        var token = new StoredToken($"t{Guid.NewGuid():N}"[..12], _a.Id, bLead.Id, [1, 2, 3], ["read"], "stolen", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), null);
        Assert.False(_a.Accounts.AddToken(token)); // a token for B's account, made while bound to A: refused
        Assert.True(_b.Accounts.AddToken(token with { Tenant = _b.Id }));
        Assert.False(_a.Accounts.RevokeToken(token.Id));
        Assert.Empty(_a.Accounts.Tokens());
        Assert.Equal([token.Id], _b.Accounts.Tokens().Select(t => t.Id));
        Assert.Equal(_b.Id, _team.Accounts.FindToken(token.Id)!.Tenant);
    }

    [Fact]
    public void Ledgers_of_two_tenants_are_apart()
    {
        _a.Ledger.SetBudget(new PrivacyBudget("victims", 1, 1e-6, DateTimeOffset.UtcNow), "plan");
        _a.Ledger.TrySpend("victims", 0.4, 0, "2026 release", (_, _) => true);
        Assert.Null(_b.Ledger.GetBudget("victims"));
        Assert.Empty(_b.Ledger.GetSpends("victims"));
        _b.Ledger.SetBudget(new PrivacyBudget("victims", 1, 1e-6, DateTimeOffset.UtcNow), "plan");
        Assert.NotNull(_b.Ledger.TrySpend("victims", 0.9, 0, "B's release", (spent, _) => spent + 0.9 <= 1)); // A's 0.4 is not B's
        Assert.Equal(0.4, Assert.Single(_a.Ledger.GetSpends("victims")).Rho);
    }

    [Fact]
    public void A_pooled_connection_carries_no_tenant_from_one_call_to_the_next()
    {
        WriteA();
        for (var i = 0; i < 5; i++) // the pool hands back the connections the tenant's calls used
        {
            using var connection = _team.OpenConnection();
            Assert.True(string.IsNullOrEmpty(Scalar<string?>(connection, null, "SELECT current_setting('app.tenant', true)")));
            Assert.Equal(0L, Scalar<long>(connection, null, "SELECT count(*) FROM cases"));
        }
    }

    [Fact]
    public void The_server_refuses_to_run_as_a_role_that_could_see_past_row_security()
    {
        var e = Assert.Throws<WorkspaceException>(() => TeamStore.Connect(TestDatabase.Superuser));
        Assert.Contains("superuser or may bypass row-level security", e.Message);
        Assert.Contains("owns (or may become the owner of) its tables", Assert.Throws<WorkspaceException>(() => TeamStore.Connect(TestDatabase.Owner)).Message);
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.App) { Password = "s3cret-in-the-string", Database = "no_such_database" }.ConnectionString;
        var unreachable = Assert.Throws<WorkspaceException>(() => TeamStore.Connect(wrong));
        Assert.Contains("cannot reach the team database", unreachable.Message);
        Assert.DoesNotContain("s3cret", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_appends_of_two_tenants_make_two_unbroken_chains()
    {
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            (i % 2 == 0 ? _a : _b).Audit.Append(new AuditEvent("search", $"analyst{i % 7}", "", $"query {i}")));
        foreach (var tenant in new[] { _a, _b })
        {
            var check = tenant.Audit.Verify();
            Assert.True(check.Intact, check.Problem);
            Assert.Equal(100, check.Entries);
        }
    }

    [Fact]
    public void Hostile_text_is_stored_as_written_and_runs_nothing()
    {
        const string Hostile = "Lily'); DROP TABLE cases; --";
        var id = _a.Cases.CreateCase(Hostile, "'; DELETE FROM notes; --", "x' OR '1'='1")!.Value;
        _a.Cases.AddNote(new Subject(SubjectKind.Case, Hostile), "<script>alert(1)</script>", "analyst1");
        Assert.Equal((Hostile, "'; DELETE FROM notes; --", "x' OR '1'='1"), (_a.Cases.GetCase(Hostile)!.Name, _a.Cases.GetCase(Hostile)!.Description, _a.Cases.GetCase(Hostile)!.By));
        Assert.Equal(id, Assert.Single(_a.Cases.GetCases()).Id);
        Assert.Equal("<script>alert(1)</script>", Assert.Single(_a.Cases.GetNotes()).Text);
    }

    [Fact]
    public void Migrating_again_changes_nothing()
    {
        using var database = TeamDatabase.Connect(TestDatabase.Owner);
        Assert.Equal(database.SchemaVersion(), database.Migrate());
        Assert.Throws<ArgumentException>(() => database.Migrate("app\"; DROP ROLE postgres; --"));
    }

    private static T Scalar<T>(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        var value = command.ExecuteScalar();
        return value is DBNull ? default! : (T)value!;
    }
}
