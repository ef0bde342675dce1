using System.Text.Json;
using Minerva.Storage;
using Minerva.Storage.Postgres;
using Minerva.Testing;
using Npgsql;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary>team migrate, team tenant and audit --database on a PostgreSQL database of the test's own, run as an administrator would.</summary>
public sealed class TeamCliTests : IDisposable
{
    private const string OwnerRole = "minerva_cli_owner";
    private readonly string _name = $"minerva_cli_{Guid.NewGuid():N}"[..30];

    public TeamCliTests() => Owner = PostgresServer.CreateDatabase(_name, OwnerRole);

    public void Dispose() => PostgresServer.DropDatabase(_name);

    private string Owner { get; }

    private string App => new NpgsqlConnectionStringBuilder(Owner) { Username = TeamDatabase.DefaultAppRole }.ConnectionString;

    [Fact]
    public void An_administrator_migrates_adds_tenants_and_verifies_a_tenants_trail()
    {
        var migrated = Run("--json", "team", "migrate", "--database", Owner);
        Assert.True(migrated.Code == 0, migrated.Err);
        var schema = JsonDocument.Parse(migrated.Out).RootElement;
        Assert.Equal(0, schema.GetProperty("schema_before").GetInt32());
        Assert.True(schema.GetProperty("schema").GetInt32() >= 3);
        Assert.Contains("nothing to do", Run("team", "migrate", "--database", Owner).Out, StringComparison.Ordinal);

        var added = Run("--json", "team", "tenant", "add", "police-nl", "--database", Owner);
        Assert.True(added.Code == 0, added.Err);
        var tenant = JsonDocument.Parse(added.Out).RootElement.GetProperty("id").GetInt64();
        Assert.Equal(0, Run("team", "tenant", "add", "ngo-ro", "--database", Owner).Code);
        Assert.Equal(ExitCodes.Usage, Run("team", "tenant", "add", "police-nl", "--database", Owner).Code);
        Assert.Equal(["police-nl", "ngo-ro"], JsonDocument.Parse(Run("--json", "team", "tenant", "list", "--database", Owner).Out).RootElement
            .EnumerateArray().Select(t => t.GetProperty("name").GetString()));

        using (var store = TeamStore.Connect(App))
        {
            store.Tenant(tenant).Audit.Append(new AuditEvent("login", "analyst1", "", "password"));
            store.Tenant(tenant).Audit.Append(new AuditEvent("search", "analyst1", "", "phone:#3f9a0c1200000000"));
        }
        var verify = Run("audit", "verify", "--database", App, "--tenant", $"{tenant}");
        Assert.True(verify.Code == 0, verify.Err);
        Assert.Contains("intact: 2 entries", verify.Out, StringComparison.Ordinal);
        Assert.Equal(["login", "search"], JsonDocument.Parse(Run("--json", "audit", "--database", App, "--tenant", $"{tenant}").Out).RootElement
            .EnumerateArray().Select(e => e.GetProperty("action").GetString()));

        // The owner (or anyone with its role) rewrites an entry behind the trail's back.
        using (var connection = new NpgsqlConnection(Owner))
        {
            connection.Open();
            using var tx = connection.BeginTransaction();
            using var edit = new NpgsqlCommand($"""
                SELECT set_config('app.tenant', '{tenant}', true);
                ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
                UPDATE audit_log SET actor = 'someone else' WHERE seq = 1;
                ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
                """, connection, tx);
            edit.ExecuteNonQuery();
            tx.Commit();
        }
        var altered = Run("audit", "verify", "--database", App, "--tenant", $"{tenant}");
        Assert.Equal(ExitCodes.Workspace, altered.Code);
        Assert.Contains($"the audit trail of tenant {tenant} was altered: entry 1 was changed after it was written", altered.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_database_a_tenant_or_a_fitting_role_the_commands_say_what_is_missing()
    {
        Assert.Contains("give the team database", Run("team", "migrate").Err, StringComparison.Ordinal);
        Assert.Equal(0, Run("team", "migrate", "--database", Owner).Code);
        var noTenant = Run("audit", "verify", "--database", App);
        Assert.Equal(ExitCodes.Usage, noTenant.Code);
        Assert.Contains("--tenant", noTenant.Err, StringComparison.Ordinal);
        var asOwner = Run("audit", "verify", "--database", Owner, "--tenant", "1");
        Assert.Equal(ExitCodes.Workspace, asOwner.Code); // the owner could see past row-level security: refused
        Assert.Contains("owns (or may become the owner of) its tables", asOwner.Err, StringComparison.Ordinal);
        var wrong = new NpgsqlConnectionStringBuilder(App) { Database = "no_such_database", Password = "s3cret" }.ConnectionString;
        var unreachable = Run("team", "tenant", "list", "--database", wrong);
        Assert.Equal(ExitCodes.Workspace, unreachable.Code);
        Assert.DoesNotContain("s3cret", unreachable.Err + unreachable.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_teams_first_lead_is_added_with_a_generated_password_shown_once_and_stored_as_argon2id()
    {
        Assert.Equal(0, Run("team", "migrate", "--database", Owner).Code);
        var tenant = JsonDocument.Parse(Run("--json", "team", "tenant", "add", "police-nl", "--database", Owner).Out).RootElement.GetProperty("id").GetInt64();
        var added = Run("--json", "team", "user", "add", "Anna.Lead", "--tenant", $"{tenant}", "--role", "lead", "--database", Owner);
        Assert.True(added.Code == 0, added.Err);
        var user = JsonDocument.Parse(added.Out).RootElement;
        var password = user.GetProperty("password").GetString()!;
        Assert.Equal(("lead", 20), (user.GetProperty("role").GetString(), password.Length));
        using (var store = TeamStore.Connect(App))
        {
            var account = store.Accounts.FindAccount("anna.lead")!;
            Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", account.PasswordHash, StringComparison.Ordinal);
            Assert.DoesNotContain(password, account.PasswordHash, StringComparison.Ordinal);
            Assert.True(Minerva.App.Team.Passwords.Verify(password, account.PasswordHash));
        }
        Assert.Equal(ExitCodes.Usage, Run("team", "user", "add", "ANNA.LEAD", "--tenant", $"{tenant}", "--database", Owner).Code); // taken, in any case
        var badRole = Run("team", "user", "add", "bob", "--tenant", $"{tenant}", "--role", "superuser", "--database", Owner);
        Assert.Contains("'superuser' is not a role", badRole.Err, StringComparison.Ordinal);
        var noTenant = Run("team", "user", "add", "bob", "--tenant", "999999", "--database", Owner);
        Assert.Contains("there is no tenant 999999", noTenant.Err, StringComparison.Ordinal);

        var listen = Run("serve", "--team", "--database", App, "--listen", "not-an-address");
        Assert.Equal(ExitCodes.Usage, listen.Code);
        Assert.Contains("--listen takes an address and a port", listen.Err, StringComparison.Ordinal);
        Assert.Contains("give the team database", Run("serve", "--team").Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_pushes_a_connector_run_to_the_team_server_and_searches_it_there()
    {
        Assert.Equal(0, Run("team", "migrate", "--database", Owner).Code);
        long tenant;
        using (var owner = TeamDatabase.Connect(Owner))
        {
            tenant = owner.CreateTenant("police-nl")!.Value;
            owner.AddAccount(tenant, "analyst.cli", "analyst", Minerva.App.Team.Passwords.Hash("correct horse battery staple"));
        }
        using var folder = new TempFolder();
        Minerva.Generator.CorpusGenerator.Write(folder.Path, new Minerva.Generator.CorpusOptions(Ads: 120, Seed: 51));
        using var store = TeamStore.Connect(App);
        var account = store.Accounts.FindAccount("analyst.cli")!;
        var (token, stored) = Minerva.App.Team.ApiTokens.Make(account, ["ingest", "read", "resolve", "export"], "cli test", TimeSpan.FromDays(1), DateTimeOffset.UtcNow);
        Assert.True(store.Tenant(tenant).Accounts.AddToken(stored));
        var site = new Minerva.Web.TeamSite(store.Accounts, t => store.Tenant(t).Accounts, t => store.Tenant(t).Workspace(), folder.File("indexes"));
        await using var server = Minerva.Web.WebServer.CreateTeam(site, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        await server.StartAsync();
        var url = server.Address.ToString();

        var pushed = await Task.Run(() => Run("--json", "ingest", "-c", "generated-ads", folder.File("ads.jsonl"), "--server", url, "--token", token));
        Assert.True(pushed.Code == 0, pushed.Err);
        var counts = JsonDocument.Parse(pushed.Out).RootElement;
        Assert.Equal(counts.GetProperty("read").GetInt64() - counts.GetProperty("quarantined").GetInt64(), counts.GetProperty("ingested").GetInt64());
        Assert.Equal(counts.GetProperty("ingested").GetInt64(), store.Tenant(tenant).Records.GetStats().Records);

        var resolved = await Task.Run(() => Run("--json", "resolve", "--server", url, "--token", token));
        Assert.True(resolved.Code == 0, resolved.Err);
        var report = JsonDocument.Parse(resolved.Out).RootElement;
        Assert.Equal("full", report.GetProperty("mode").GetString());
        Assert.True(report.GetProperty("entities").GetInt32() > 10);
        Assert.Equal(report.GetProperty("records").GetInt32(), store.Tenant(tenant).Workspace().GetMemberships(null).Count);
        Assert.Contains("its own rules", (await Task.Run(() => Run("resolve", "--rules", "people", "--server", url, "--token", token))).Err, StringComparison.Ordinal);

        var found = await Task.Run(() => Run("--json", "search", "gentlemen", "--server", url, "--token", token));
        Assert.True(found.Code == 0, found.Err);
        Assert.NotEmpty(JsonDocument.Parse(found.Out).RootElement.EnumerateArray());

        var caseId = store.Tenant(tenant).Cases.CreateCase("Op Harbour", "two numbers", "analyst.cli")!.Value;
        store.Tenant(tenant).Cases.AddToCase(caseId, new Subject(SubjectKind.Record, "gen:ad-0000001"), null, "analyst.cli");
        var exported = await Task.Run(() => Run("case", "export", "op harbour", "--out", folder.File("case.json"), "--gexf", folder.File("case.gexf"),
            "--server", url, "--token", token));
        Assert.True(exported.Code == 0, exported.Err);
        Assert.Equal("Op Harbour", JsonDocument.Parse(File.ReadAllText(folder.File("case.json"))).RootElement.GetProperty("case").GetProperty("case").GetProperty("name").GetString());
        Assert.Contains("<gexf", File.ReadAllText(folder.File("case.gexf")), StringComparison.Ordinal);
        Assert.Contains("no case 'none such'", (await Task.Run(() => Run("case", "export", "none such", "--out", folder.File("none.json"), "--server", url, "--token", token))).Err,
            StringComparison.Ordinal);

        var noToken = await Task.Run(() => Run("search", "gentlemen", "--server", url));
        Assert.Equal(ExitCodes.Usage, noToken.Code);
        Assert.Contains("--server needs an API token", noToken.Err, StringComparison.Ordinal);
        Assert.True(store.Tenant(tenant).Accounts.RevokeToken(stored.Id));
        var revoked = await Task.Run(() => Run("search", "gentlemen", "--server", url, "--token", token));
        Assert.Equal(ExitCodes.Workspace, revoked.Code);
        Assert.Contains("the token was revoked", revoked.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(token, revoked.Err + revoked.Out, StringComparison.Ordinal);
    }
}
