using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Minerva.App.Team;
using Minerva.Generator;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve;
using Minerva.Resolve.Rules;
using Minerva.Storage;
using Minerva.Storage.Postgres;
using Minerva.Testing;
using Npgsql;

namespace Minerva.Web.Tests;

/// <summary>
/// The team server over a real loopback socket, on a PostgreSQL database of its own holding two tenants of generated ads,
/// each with a canary record whose words must never reach the other: logins and their throttling, sessions, roles, token
/// scopes, expiry and revocation, forged requests, injected SQL, and every response of tenant A's users read for B's
/// canary. The database and server are made once for the class; each test logs in afresh.
/// </summary>
public sealed class TeamServerTests(TeamServerTests.Served served) : IClassFixture<TeamServerTests.Served>
{
    private const string Password = "correct horse battery staple";

    /// <summary>A clock the tests move: tokens expire and sessions idle out without waiting.</summary>
    public sealed class Clock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    public sealed class Served : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();
        private readonly string _name = $"minerva_web_{Guid.NewGuid():N}"[..30];
        private TeamStore? _store;

        public WebServer Server { get; private set; } = null!;

        public Clock Clock { get; } = new();

        public (long A, long B) Tenants { get; private set; }

        public string CanaryA => "canary-" + Tenants.A + "-violet-harbour";

        public string CanaryB => "canary-" + Tenants.B + "-amber-quarry";

        public int RecordsOfA { get; private set; }

        public string App { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var owner = PostgresServer.CreateDatabase(_name, "minerva_test_owner");
            using (var database = TeamDatabase.Connect(owner))
            {
                database.Migrate();
                Tenants = (database.CreateTenant("police-nl")!.Value, database.CreateTenant("ngo-ro")!.Value);
                foreach (var (name, tenant, role) in new[] { ("lead.a", Tenants.A, "lead"), ("viewer.a", Tenants.A, "viewer"), ("analyst.a", Tenants.A, "analyst"),
                             ("analyst.b", Tenants.B, "analyst"), ("guess.me", Tenants.A, "viewer") })
                    database.AddAccount(tenant, name, role, Passwords.Hash(Password));
            }
            App = new NpgsqlConnectionStringBuilder(owner) { Username = TeamDatabase.DefaultAppRole }.ConnectionString;
            _store = TeamStore.Connect(App);
            var definition = DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml"));
            foreach (var (tenant, seed, canary) in new[] { (Tenants.A, 31, CanaryA), (Tenants.B, 32, CanaryB) })
            {
                var folder = Directory.CreateDirectory(_folder.File($"t{tenant}")).FullName;
                CorpusGenerator.Write(folder, new CorpusOptions(Ads: 300, Seed: seed));
                File.AppendAllText(Path.Combine(folder, "ads.jsonl"), JsonSerializer.Serialize(new
                {
                    id = "canary", title = canary, text = $"{canary} call 713 555 0199", city = "Houston", posted = "2024-05-02T21:14:00-05:00",
                }) + "\n");
                using var workspace = _store.Tenant(tenant).Workspace();
                new Ingestor(workspace).Run(definition, [Path.Combine(folder, "ads.jsonl")]);
                new Resolver(workspace, RuleLoader.Load("ads")).Run();
                if (tenant == Tenants.A) RecordsOfA = (int)workspace.GetStats().Records;
            }
            var site = new TeamSite(_store.Accounts, t => _store.Tenant(t).Accounts, t => _store.Tenant(t).Workspace(), _folder.File("indexes")) { Clock = Clock };
            Server = WebServer.CreateTeam(site, new IPEndPoint(IPAddress.Loopback, 0));
            await Server.StartAsync();
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            _store?.Dispose();
            PostgresServer.DropDatabase(_name);
            _folder.Dispose();
        }
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed, every response of tenant A read for B's canary.</summary>
    private sealed class Client : IDisposable
    {
        private readonly HttpClient _http;
        private readonly string? _forbidden;

        public Client(Served served, string? forbidden)
        {
            _http = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            {
                BaseAddress = served.Server.Address,
            };
            _forbidden = forbidden;
        }

        public HttpRequestHeaders Headers => _http.DefaultRequestHeaders;

        public async Task Antiforgery() =>
            Headers.Add(WebServer.AntiforgeryHeader, (await Json<AntiforgeryBody>(await _http.GetAsync(new Uri("/api/antiforgery", UriKind.Relative))))!.Token);

        public async Task<HttpResponseMessage> LogIn(string name, string password = Password)
        {
            if (!Headers.Contains(WebServer.AntiforgeryHeader)) await Antiforgery();
            return await Post("/api/login", new { name, password });
        }

        public async Task<HttpResponseMessage> Get(string path) => await Read(await _http.GetAsync(new Uri(path, UriKind.Relative)));

        public async Task<HttpResponseMessage> Post(string path, object body) => await Read(await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body));

        private async Task<HttpResponseMessage> Read(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (_forbidden is not null) Assert.DoesNotContain(_forbidden, text, StringComparison.OrdinalIgnoreCase);
            return response;
        }

        public void Dispose() => _http.Dispose();
    }

    private static async Task<T?> Json<T>(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<T>(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });

    private static async Task<string> Error(HttpResponseMessage response) => (await Json<ErrorBody>(response))!.Error;

    private Client As(string? forbidden = "b") => new(served, forbidden == "b" ? served.CanaryB : forbidden);

    [Fact]
    public async Task A_login_sets_a_strict_http_only_session_and_a_wrong_password_or_name_gets_the_same_answer()
    {
        using var client = As();
        Assert.Equal(HttpStatusCode.Redirect, (await client.Get("/")).StatusCode); // to the login page
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/login")).StatusCode);
        var unauthorized = await client.Get("/api/search?q=gentlemen");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("/login", unauthorized.Headers.GetValues("X-Minerva-Login").Single());

        var wrong = await client.LogIn("viewer.a", "not the password at all");
        var nobody = await client.LogIn("nobody.here", "not the password at all");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.StatusCode, nobody.StatusCode));
        Assert.Equal(await Error(wrong), await Error(nobody));

        var ok = await client.LogIn("Viewer.A");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var cookie = Assert.Single(ok.Headers.GetValues("Set-Cookie"), c => c.StartsWith(WebServer.SessionCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain http on loopback: Secure would drop it
        var me = (await Json<MeBody>(await client.Get("/api/me")))!;
        Assert.Equal((true, "viewer.a", "viewer", (long?)served.Tenants.A), (me.Team, me.Name, me.Role, me.Tenant));
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/")).StatusCode);
    }

    [Fact]
    public async Task Logins_are_throttled_after_five_failures_even_with_the_right_password_then_and_the_failures_are_audited()
    {
        using var client = As();
        for (var i = 0; i < LoginThrottle.FreePerName; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await client.LogIn("guess.me", $"guess number {i:D4}")).StatusCode);
        var held = await client.LogIn("guess.me");
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.True(int.Parse(held.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        served.Clock.Advance(LoginThrottle.Window);
        Assert.Equal(HttpStatusCode.OK, (await client.LogIn("guess.me")).StatusCode);

        using var lead = As(forbidden: null); // the trail holds what A's users searched for, B's canary among it (another test did)
        await lead.LogIn("lead.a");
        var trail = JsonDocument.Parse(await (await lead.Get("/api/team/audit?limit=1000")).Content.ReadAsStringAsync()).RootElement;
        var entries = trail.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("actor").GetString() == "guess.me").Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(LoginThrottle.FreePerName, entries.Count(a => a == "login failed"));
        Assert.Contains("login", entries);
        Assert.True(trail.GetProperty("check").GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_login_or_a_post_without_the_antiforgery_token_is_refused()
    {
        using var client = As();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Post("/api/login", new { name = "analyst.a", password = Password })).StatusCode);
        await client.LogIn("analyst.a");
        client.Headers.Remove(WebServer.AntiforgeryHeader);
        var forged = await client.Post("/api/notes", new { kind = "record", @ref = "gen:ad-0000001", text = "forged" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await Error(forged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_role_does_what_it_may_and_is_refused_the_rest()
    {
        using var viewer = As();
        await viewer.LogIn("viewer.a");
        Assert.Equal(HttpStatusCode.OK, (await viewer.Get("/api/search?q=gentlemen")).StatusCode);
        var note = new { kind = "record", @ref = "gen:ad-0000001", text = "seen twice at the same hotel" };
        var refused = await viewer.Post("/api/notes", note);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("needs a analyst", await Error(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Post("/api/resolve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Get("/api/team/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Post("/api/team/users", new { name = "mallory", role = "lead" })).StatusCode);

        using var analyst = As();
        await analyst.LogIn("analyst.a");
        var written = await analyst.Post("/api/notes", note with { } );
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        Assert.Equal("analyst.a", JsonDocument.Parse(await written.Content.ReadAsStringAsync()).RootElement.GetProperty("by").GetString());
        var spoofed = await analyst.Post("/api/notes", new { kind = "record", @ref = "gen:ad-0000001", text = "in another's name", by = "lead.a" });
        Assert.Equal("analyst.a", JsonDocument.Parse(await spoofed.Content.ReadAsStringAsync()).RootElement.GetProperty("by").GetString());

        using var lead = As();
        await lead.LogIn("lead.a");
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.Post("/api/team/users", new { name = "root.a", role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.Post("/api/team/users", new { name = "owner.a", role = "data_owner" })).StatusCode);
        var added = await lead.Post("/api/team/users", new { name = $"new.{Guid.NewGuid():N}"[..12], role = "analyst" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var password = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("password").GetString()!;
        Assert.True(password.Length >= Passwords.MinLength);
        var users = JsonDocument.Parse(await (await lead.Get("/api/team/users")).Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Select(u => u.GetProperty("name").GetString()).ToList();
        Assert.Contains("viewer.a", users);
        Assert.DoesNotContain("analyst.b", users); // another tenant's users are not the lead's to see
    }

    [Fact]
    public async Task Nothing_of_another_tenant_comes_back_through_search_records_entities_or_charts()
    {
        using var a = As();
        await a.LogIn("analyst.a");
        var own = JsonDocument.Parse(await (await a.Get($"/api/search?q={served.CanaryA}")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, own.GetProperty("total").GetInt32()); // the check can fail: A's own canary is found
        Assert.Equal(0, JsonDocument.Parse(await (await a.Get($"/api/search?q={served.CanaryB}")).Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await a.Get("/api/records/gen:canary")).StatusCode); // A's canary, by the key B's has too
        foreach (var path in new[] { "/api/search?q=phone:%2B17135550199", "/api/workspace", "/api/decisions", "/api/cases", "/api/tags" })
            Assert.True((await a.Get(path)).IsSuccessStatusCode, path);
        for (var entity = 1; entity <= 40; entity++) await a.Get($"/api/entities/{entity}"); // ids are per tenant: these are A's own
        await a.Post("/api/chart/expand", new { node = "selector:phone:+17135550199", shown = Array.Empty<string>() });
        var overview = JsonDocument.Parse(await (await a.Get("/api/workspace")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(served.RecordsOfA, overview.GetProperty("stats").GetProperty("records").GetInt32());
    }

    [Fact]
    public async Task Injected_sql_in_every_kind_of_parameter_is_data_and_changes_nothing()
    {
        using var a = As();
        await a.LogIn("analyst.a");
        const string injection = "x' OR '1'='1'; DROP TABLE records; SELECT set_config('app.tenant', '1', false); --";
        foreach (var path in new[]
                 {
                     $"/api/search?q={Uri.EscapeDataString(injection)}", $"/api/search?q=gentlemen&source={Uri.EscapeDataString(injection)}",
                     $"/api/records/{Uri.EscapeDataString(injection)}", $"/api/case?name={Uri.EscapeDataString(injection)}",
                     $"/api/tags?tag={Uri.EscapeDataString(injection)}", $"/api/casework/find?q={Uri.EscapeDataString(injection)}",
                     $"/api/why?a={Uri.EscapeDataString(injection)}&b=gen:ad-0000001", $"/api/entities/{Uri.EscapeDataString(injection)}",
                 })
            Assert.True((int)(await a.Get(path)).StatusCode < 500, path);
        Assert.True((int)(await a.Post("/api/cases", new { name = injection, description = injection })).StatusCode < 500);
        Assert.True((int)(await a.Post("/api/login", new { name = injection, password = injection })).StatusCode < 500);
        var overview = JsonDocument.Parse(await (await a.Get("/api/workspace")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(served.RecordsOfA, overview.GetProperty("stats").GetProperty("records").GetInt32());
        using var b = As(served.CanaryA);
        await b.LogIn("analyst.b");
        Assert.Equal(1, JsonDocument.Parse(await (await b.Get($"/api/search?q={served.CanaryB}")).Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_token_acts_within_its_scopes_and_stops_when_revoked_or_expired()
    {
        using var analyst = As();
        await analyst.LogIn("analyst.a");
        var made = JsonDocument.Parse(await (await analyst.Post("/api/team/tokens", new { scopes = new[] { "read" }, label = "laptop", days = 2 })).Content.ReadAsStringAsync()).RootElement;
        var token = made.GetProperty("token").GetString()!;
        Assert.StartsWith("mnv_", token, StringComparison.Ordinal);

        using var script = As();
        script.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await script.Get("/api/search?q=gentlemen")).StatusCode);
        // No cookie, so no antiforgery needed; but the scope is read only.
        var write = await script.Post("/api/notes", new { kind = "record", @ref = "gen:ad-0000001", text = "from a script" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("'write' scope", await Error(write), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.Post("/api/team/tokens", new { scopes = new[] { "read", "write" } })).StatusCode); // no token makes tokens

        script.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.Get("/api/search?q=gentlemen")).StatusCode);

        served.Clock.Advance(TimeSpan.FromDays(3));
        script.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var expired = await script.Get("/api/search?q=gentlemen");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", await Error(expired), StringComparison.Ordinal);

        await analyst.LogIn("analyst.a"); // the session idled out with the clock
        var second = JsonDocument.Parse(await (await analyst.Post("/api/team/tokens", new { scopes = new[] { "read" }, label = "second", days = 30 })).Content.ReadAsStringAsync()).RootElement;
        script.Headers.Authorization = new AuthenticationHeaderValue("Bearer", second.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await script.Get("/api/search?q=gentlemen")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await analyst.Post("/api/team/tokens/revoke", new { id = second.GetProperty("about").GetProperty("id").GetString() })).StatusCode);
        var revoked = await script.Get("/api/search?q=gentlemen");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("revoked", await Error(revoked), StringComparison.Ordinal);

        // Another tenant's user cannot revoke it, or see it.
        using var b = As(served.CanaryA);
        await b.LogIn("analyst.b");
        Assert.Equal(HttpStatusCode.BadRequest, (await b.Post("/api/team/tokens/revoke", new { id = made.GetProperty("about").GetProperty("id").GetString() })).StatusCode);
        Assert.Empty(JsonDocument.Parse(await (await b.Get("/api/team/tokens")).Content.ReadAsStringAsync()).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task A_disabled_users_session_ends_within_a_minute()
    {
        using var lead = As();
        await lead.LogIn("lead.a");
        var name = $"temp.{Guid.NewGuid():N}"[..12];
        var password = JsonDocument.Parse(await (await lead.Post("/api/team/users", new { name, role = "viewer" })).Content.ReadAsStringAsync()).RootElement
            .GetProperty("password").GetString()!;
        using var user = As();
        Assert.Equal(HttpStatusCode.OK, (await user.LogIn(name, password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Get("/api/search?q=gentlemen")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await lead.Post("/api/team/users/set", new { name, disabled = true })).StatusCode);
        served.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Get("/api/search?q=gentlemen")).StatusCode);
        var again = await user.LogIn(name, password);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("disabled", await Error(again), StringComparison.Ordinal);
    }

    private async Task<string> Token(string user, params string[] scopes)
    {
        using var session = As();
        await session.LogIn(user);
        var made = await session.Post("/api/team/tokens", new { scopes, label = "test", days = 30 });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        return JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    [Fact]
    public async Task A_connector_run_elsewhere_pushes_to_the_tenant_its_token_is_of_and_a_second_run_sends_nothing_again()
    {
        using var folder = new TempFolder();
        CorpusGenerator.Write(folder.Path, new CorpusOptions(Ads: 150, Seed: 41));
        var pushed = $"pushed-{Guid.NewGuid():N}"[..20];
        File.AppendAllText(folder.File("ads.jsonl"), JsonSerializer.Serialize(new { id = pushed, title = pushed, text = $"{pushed} call 713 555 0123", city = "Dallas" }) + "\n");
        var request = new App.IngestRequest(DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml")) with { Source = "laptop" }, [folder.File("ads.jsonl")], []);
        var token = await Token("analyst.a", "ingest", "read");
        using var client = new Web.Client.TeamClient(served.Server.Address.ToString(), token);
        var store = new Web.Client.RemoteIngestStore(client);

        var first = App.Workbench.Push(store, request).Result;
        Assert.Equal(first.Read - first.Quarantined, first.Ingested);
        Assert.Equal((first.Ingested, 0), (store.Pushed.Added, store.Pushed.Updated)); // the server counted as the laptop did
        var found = client.Get<App.SearchResponse>($"api/search?q={pushed}");
        Assert.Equal($"laptop:{pushed}", Assert.Single(found.Hits).Record); // in A's index at once

        var again = new Web.Client.RemoteIngestStore(client);
        var second = App.Workbench.Push(again, request).Result;
        Assert.Equal((0, first.Ingested), (second.Ingested, second.Duplicate));
        Assert.Equal(0, again.Pushed.Added);

        using var b = As(forbidden: pushed); // B's analyst: nothing of what A pushed
        await b.LogIn("analyst.b");
        Assert.Equal(0, JsonDocument.Parse(await (await b.Get($"/api/search?q={pushed}")).Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32());

        var viewer = new Web.Client.RemoteIngestStore(new Web.Client.TeamClient(served.Server.Address.ToString(), await Token("viewer.a", "ingest")));
        Assert.Contains("needs a analyst", Assert.Throws<Storage.WorkspaceException>(() => App.Workbench.Push(viewer, request)).Message, StringComparison.Ordinal);
        var readOnly = new Web.Client.RemoteIngestStore(new Web.Client.TeamClient(served.Server.Address.ToString(), await Token("analyst.a", "read")));
        Assert.Contains("'ingest' scope", Assert.Throws<Storage.WorkspaceException>(() => App.Workbench.Push(readOnly, request)).Message, StringComparison.Ordinal);

        // What is pushed is input from outside: a selector placed past the end of its text is refused, and nothing of the batch stored.
        var record = new Core.SourceRecord { Key = new Core.RecordKey("laptop", "bad"), Text = "short", RawPayload = "{}", Origin = "x" };
        var bad = new PushedBatch([new PushedRecord(record, [new Core.Selector(Core.SelectorKind.Phone, "+17135550123", "713", Core.RecordField.Text, 3, 40)], "h", null)], []);
        Assert.Contains("lies outside its text", Assert.Throws<App.BadRequestException>(() => client.Post<PushedOutcome>("api/ingest/batch", bad)).Message, StringComparison.Ordinal);
        Assert.Throws<App.BadRequestException>(() => new Web.Client.TeamClient("http://192.0.2.10:8480", token)); // a token over plain http to another machine

        // A pushed photo's path is the sender's: the server keeps the hash, never the path, so it serves no file it names.
        var photo = record with { Key = new Core.RecordKey("laptop", "photo"), Attachments = ["/etc/hostname"] };
        var image = new ImageFacts(0, "/etc/hostname", "jpeg", 64, 64, 90, new string('a', 64), []);
        client.Post<PushedOutcome>("api/ingest/batch", new PushedBatch([new PushedRecord(photo, [], "h2", [image])], []));
        Assert.Contains("gone", Assert.Throws<Storage.WorkspaceException>(() => client.Get<object>("api/photos/file?record=laptop:photo&attachment=0")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_logs_in_through_the_browser_and_sees_the_team_its_trail_and_makes_a_token()
    {
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new Microsoft.Playwright.BrowserTypeLaunchOptions { ExecutablePath = BrowserTests.Chromium(), Headless = true });
        var page = await browser.NewPageAsync();
        var trouble = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") trouble.Add($"console: {m.Text}"); };
        page.PageError += (_, e) => trouble.Add($"page error: {e}");
        try
        {
            await page.GotoAsync(served.Server.Address.ToString());
            Assert.EndsWith("/login", page.Url, StringComparison.Ordinal);
            await page.FillAsync("#name", "lead.a");
            await page.FillAsync("#password", "not it at all, sorry");
            await page.ClickAsync("button[type=submit]");
            await page.Locator("#error:has-text('wrong name or password')").WaitForAsync();
            await page.FillAsync("#password", Password);
            await page.ClickAsync("button[type=submit]");
            await page.Locator("#me a:has-text('lead.a (lead)')").WaitForAsync();
            await page.ClickAsync("#me a");
            await page.Locator("#audit-check:has-text('chain intact')").WaitForAsync();
            Assert.Contains("viewer.a", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            Assert.Contains("login failed", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await page.FillAsync("#token-label", "laptop connector");
            await page.ClickAsync("#token-form button[type=submit]");
            await page.Locator("#token-made code").WaitForAsync();
            Assert.StartsWith("mnv_", await page.InnerTextAsync("#token-made code"), StringComparison.Ordinal);
            await page.ClickAsync("#logout");
            await page.Locator("form#login").WaitForAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, (HttpStatusCode)(await page.APIRequest.GetAsync(served.Server.Address + "api/me")).Status); // the session ended
            Assert.DoesNotContain(trouble, t => !t.Contains("401", StringComparison.Ordinal)); // the wrong password's 401 is the browser's own console line
        }
        catch
        {
            await page.ScreenshotAsync(new Microsoft.Playwright.PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "failed-team-login.png"), FullPage = true });
            throw;
        }
    }
}
