using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Minerva.Testing;

namespace Minerva.Web.Tests;

/// <summary>The API over a real loopback socket, on generated ads resolved into entities, plus one hostile record.</summary>
public sealed class ApiTests : WorkspaceTest, IAsyncLifetime
{
    private const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a> <svg onload=alert(4)> call 713 555 0142";

    private WebServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ServedCorpus.Start(Workspace, Folder, 400, 7, Hostile, "<b>bold</b>");
        _client = NewClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private HttpClient NewClient() =>
        new(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = _server.Address };

    /// <summary>Logs the client in and, unless told not to, gives every later request the antiforgery token as the UI does.</summary>
    private async Task LogIn(bool antiforgery = true)
    {
        var response = await _client.GetAsync(new Uri(_server.LoginLink.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (!antiforgery) return;
        var token = (await _client.GetFromJsonAsync<AntiforgeryBody>("/api/antiforgery"))!.Token;
        _client.DefaultRequestHeaders.Add(WebServer.AntiforgeryHeader, token);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/api/search?q=mia")]
    [InlineData("/api/records/gen:ad-0000001")]
    [InlineData("/openapi/v1.json")]
    public async Task Every_path_but_the_login_link_is_refused_without_the_session_cookie(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("minerva serve", (await response.Content.ReadFromJsonAsync<ErrorBody>())!.Error);
    }

    [Fact]
    public async Task The_login_link_works_once_and_sets_a_strict_http_only_cookie()
    {
        var wrong = await _client.GetAsync(new Uri("/login?token=" + new string('0', 64), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var response = await _client.GetAsync(new Uri(_server.LoginLink.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(WebServer.SessionCookie + "=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        using var other = NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync(new Uri(_server.LoginLink.PathAndQuery, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        await LogIn(antiforgery: false);
        var pair = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 2).Take(2).Select(m => m.Record.ToString()).ToList();
        var body = new { a = pair[0], b = pair[1], same = false, reason = "forged" };
        var response = await _client.PostAsJsonAsync(new Uri("/api/decisions", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery token", (await response.Content.ReadFromJsonAsync<ErrorBody>())!.Error);
        _client.DefaultRequestHeaders.Add(WebServer.AntiforgeryHeader, "not-a-token");
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsJsonAsync(new Uri("/api/decisions", UriKind.Relative), body)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsJsonAsync(new Uri("/api/resolve", UriKind.Relative), new { })).StatusCode);
        Assert.Empty(Workspace.GetDecisions());
    }

    /// <summary>Case work through the API: a case with an entity and a selector, a hostile note kept as text, tags, the search over
    /// them and the export; bad input is a 400 naming what is wrong.</summary>
    [Fact]
    public async Task A_case_with_notes_and_tags_is_made_found_and_exported_through_the_api()
    {
        await LogIn();
        var network = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 3);
        var entity = $"E{network.Key}";
        var phone = "phone:" + Workspace.EntitySelectors(network.Key).First(s => s.Kind == Core.SelectorKind.Phone).Value;
        async Task<HttpResponseMessage> Post(string path, object body) => await _client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.Created, (await Post("/api/cases", new { name = "Operation Lily / Łódź", description = "tip of 3 May" })).StatusCode);
        foreach (var (path, body, reason) in new (string, object, string)[]
                 {
                     ("/api/cases", new { name = "operation lily / łódź" }, "already a case"),
                     ("/api/cases", new { description = "x" }, "'name' is required"),
                     ("/api/case/items", new { @case = "Operation Lily / Łódź", kind = "entity", @ref = "E999999" }, "no entity E999999"),
                     ("/api/case/items", new { @case = "nope", kind = "entity", @ref = entity }, "no case 'nope'"),
                     ("/api/case/items", new { @case = "Operation Lily / Łódź", kind = "person", @ref = entity }, "record, entity, selector or case"),
                     ("/api/notes", new { kind = "entity", @ref = entity, text = " " }, "the note is empty"),
                     ("/api/tags", new { kind = "entity", @ref = entity, tag = "two words" }, "one word"),
                     ("/api/notes", new { kind = "entity", @ref = entity, text = 3 }, "not the JSON"),
                 })
        {
            var bad = await Post(path, body);
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, $"{path}: {bad.StatusCode}");
            Assert.Contains(reason, (await bad.Content.ReadFromJsonAsync<ErrorBody>())!.Error);
        }
        Assert.True((await (await Post("/api/case/items", new { @case = "operation lily / łódź", kind = "entity", @ref = entity })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("added").GetBoolean());
        await Post("/api/case/items", new { @case = "Operation Lily / Łódź", kind = "selector", @ref = phone });
        var note = await Post("/api/notes", new { kind = "entity", @ref = entity, text = Hostile });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.Equal(Hostile, (await note.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        await Post("/api/tags", new { kind = "entity", @ref = entity, tag = "minor-suspected" });

        var name = Uri.EscapeDataString("Operation Lily / Łódź");
        var view = await _client.GetFromJsonAsync<JsonElement>($"/api/case?name={name}");
        Assert.Equal([entity, phone], view.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetProperty("ref").GetString()));
        Assert.Equal(["minor-suspected"], view.GetProperty("items")[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var about = await _client.GetFromJsonAsync<JsonElement>($"/api/about?kind=entity&ref={entity}");
        Assert.Equal(["Operation Lily / Łódź"], about.GetProperty("cases").EnumerateArray().Select(c => c.GetString()));
        var found = await _client.GetFromJsonAsync<JsonElement>("/api/casework/find?q=ONERROR");
        Assert.Equal(entity, Assert.Single(found.EnumerateArray()).GetProperty("subject").GetProperty("ref").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync(new Uri("/api/casework/find?q=", UriKind.Relative))).StatusCode);
        foreach (var unknown in new[] { "/api/case?name=nope", "/api/case/export?name=nope", "/api/case/gexf?name=nope" }) // an unknown case is not found, everywhere
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri(unknown, UriKind.Relative))).StatusCode);

        var export = await _client.GetFromJsonAsync<JsonElement>($"/api/case/export?name={name}");
        Assert.Equal(network.Select(m => m.Record.ToString()).Order(), export.GetProperty("records").EnumerateArray()
            .Select(r => r.GetProperty("key").GetString()!).Where(k => network.Any(m => m.Record.ToString() == k)).Order());
        var gexf = await _client.GetAsync(new Uri($"/api/case/gexf?name={name}", UriKind.Relative));
        Assert.Equal("application/gexf+xml", gexf.Content.Headers.ContentType!.MediaType);

        Assert.True((await (await Post("/api/tags/remove", new { kind = "entity", @ref = entity, tag = "Minor-Suspected" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("removed").GetBoolean());
        Assert.True((await (await Post("/api/case/items/remove", new { @case = "Operation Lily / Łódź", kind = "selector", @ref = phone })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("removed").GetBoolean());
        Assert.Single((await _client.GetFromJsonAsync<JsonElement>($"/api/case?name={name}")).GetProperty("items").EnumerateArray());
    }

    /// <summary>The UI's correction: two records marked not the same are in two entities once the web has re-resolved.</summary>
    [Fact]
    public async Task A_decision_through_the_api_splits_the_entity_when_the_web_re_resolves()
    {
        await LogIn();
        var network = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 3).Select(m => m.Record.ToString()).ToList();
        foreach (var (body, reason) in new (object, string)[]
                 {
                     (new { a = network[0], b = network[1], same = false }, "say why"),
                     (new { a = network[0], b = network[1], reason = "x" }, "'same' is required"),
                     (new { a = network[0], b = network[0], same = false, reason = "x" }, "always the same as itself"),
                     (new { a = network[0], b = "gen:nope", same = false, reason = "x" }, "no record gen:nope"),
                 })
        {
            var bad = await _client.PostAsJsonAsync(new Uri("/api/decisions", UriKind.Relative), body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(reason, (await bad.Content.ReadFromJsonAsync<ErrorBody>())!.Error);
        }
        var made = await _client.PostAsJsonAsync(new Uri("/api/decisions", UriKind.Relative),
            new { a = network[0], b = network[1], same = false, reason = "two women, one booker's phone" });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var decision = await made.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(network[0], decision.GetProperty("a").GetString());
        Assert.False(decision.GetProperty("same").GetBoolean());
        Assert.Equal(Environment.UserName, decision.GetProperty("by").GetString());
        Assert.Single((await _client.GetFromJsonAsync<JsonElement>("/api/decisions")).EnumerateArray());

        Assert.Equal("idle", (await _client.GetFromJsonAsync<JsonElement>("/api/resolve")).GetProperty("state").GetString());
        var started = await _client.PostAsJsonAsync(new Uri("/api/resolve", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        JsonElement status;
        do
        {
            await Task.Delay(100);
            status = await _client.GetFromJsonAsync<JsonElement>("/api/resolve");
        } while (status.GetProperty("state").GetString() == "running");
        Assert.Equal("done", status.GetProperty("state").GetString());
        Assert.Equal("full", status.GetProperty("report").GetProperty("mode").GetString());
        Assert.NotEqual(Workspace.EntityOf(Core.RecordKey.Parse(network[0])), Workspace.EntityOf(Core.RecordKey.Parse(network[1])));
        var why = await _client.GetFromJsonAsync<JsonElement>($"/api/why?a={network[0]}&b={network[1]}");
        Assert.StartsWith("Marked not the same by", why.GetProperty("verdict").GetString());

        var entity = Workspace.EntityOf(Core.RecordKey.Parse(network[2]))!.Value;
        var split = await _client.PostAsJsonAsync(new Uri("/api/decisions/split", UriKind.Relative), new { a = network[2], reason = "not her" });
        Assert.Equal(HttpStatusCode.Created, split.StatusCode);
        Assert.Equal(Workspace.EntityMembers(entity).Count - 1, (await split.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Fact]
    public async Task The_workspace_overview_and_the_ledger_are_what_the_store_holds()
    {
        await LogIn();
        var overview = await _client.GetFromJsonAsync<JsonElement>("/api/workspace");
        var stats = Workspace.GetStats();
        Assert.Equal(stats.Records, overview.GetProperty("stats").GetProperty("records").GetInt64());
        var runs = overview.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["hostile", "gen"], runs.Select(r => r.GetProperty("source").GetString()));
        Assert.Equal(stats.RecordsBySource["gen"], runs[1].GetProperty("ingested").GetInt64());
        var bad = await _client.GetAsync(new Uri("/api/workspace?runs=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("runs must be between 1 and", (await bad.Content.ReadFromJsonAsync<ErrorBody>())!.Error);

        var none = await _client.GetFromJsonAsync<JsonElement>("/api/ledger?dataset=cases");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("budget").ValueKind);
        Workspace.SetBudget(new Storage.PrivacyBudget("cases", 2, 1e-6, DateTimeOffset.UtcNow), "set");
        var spend = Workspace.TrySpend("cases", 0.05, 0, "quarterly release", (_, _) => true)!;
        var ledger = await _client.GetFromJsonAsync<JsonElement>("/api/ledger?dataset=cases");
        Assert.Equal(2, ledger.GetProperty("budget").GetProperty("epsilon").GetDouble());
        Assert.Equal(0.05, ledger.GetProperty("spent_rho").GetDouble(), 12);
        Assert.True(ledger.GetProperty("remaining_rho").GetDouble() < ledger.GetProperty("total_rho").GetDouble());
        var release = Assert.Single(ledger.GetProperty("releases").EnumerateArray());
        Assert.Equal(("quarterly release", spend.Id), (release.GetProperty("purpose").GetString(), release.GetProperty("id").GetInt64()));
        Assert.Single(ledger.GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task A_request_naming_another_host_is_refused()
    {
        await LogIn();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=mia");
        request.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_phone_search_finds_its_holders_with_their_entity_and_marked_snippets()
    {
        await LogIn();
        var phone = Workspace.ScanRecords(null, false).SelectMany(r => r.Selectors).First(s => s.Kind == Core.SelectorKind.Phone).Value;
        var holders = Workspace.FindBySelector(Core.SelectorKind.Phone, phone, 1000).Select(h => h.Key.ToString()).Order().ToList();
        var result = await _client.GetFromJsonAsync<JsonElement>($"/api/search?q=phone:{Uri.EscapeDataString(phone)}&limit=1000");
        var hits = result.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(holders, hits.Select(h => h.GetProperty("record").GetString()!).Order().ToList());
        Assert.All(hits, h => Assert.True(h.GetProperty("entity").GetInt64() > 0));

        var like = await _client.GetFromJsonAsync<JsonElement>("/api/search?like=gen:ad-0000001&limit=5");
        Assert.Equal(5, like.GetProperty("hits").GetArrayLength());
        Assert.DoesNotContain(like.GetProperty("hits").EnumerateArray(), h => h.GetProperty("record").GetString() == "gen:ad-0000001");

        var words = await _client.GetFromJsonAsync<JsonElement>("/api/search?q=apartment&limit=5");
        var first = words.GetProperty("hits")[0];
        Assert.True(first.GetProperty("score").GetDouble() > 0); // higher is better
        Assert.Contains(first.GetProperty("snippet").EnumerateArray(), p => p.GetProperty("mark").GetString() == "match"
            && p.GetProperty("text").GetString()!.Contains("apartment", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_record_and_its_entity_come_back_as_data_and_hostile_text_stays_text()
    {
        await LogIn();
        var response = await _client.GetAsync(new Uri("/api/records/hostile:1", UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var record = await response.Content.ReadFromJsonAsync<JsonElement>();
        var text = record.GetProperty("text").EnumerateArray().ToList();
        Assert.Equal(Hostile, string.Concat(text.Select(p => p.GetProperty("text").GetString())));
        Assert.Contains(text, p => p.GetProperty("mark").GetString() == "phone:+17135550142");
        Assert.Equal("+17135550142", record.GetProperty("selectors")[0].GetProperty("value").GetString());

        var member = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 2);
        var entity = await _client.GetFromJsonAsync<JsonElement>($"/api/entities/E{member.Key}");
        Assert.Equal(member.Count(), entity.GetProperty("records").GetInt32());
        Assert.Equal(member.Select(m => m.Record.ToString()).Order(), entity.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("record").GetString()).Order());
        var pair = member.Take(2).Select(m => m.Record.ToString()).ToList();
        var why = await _client.GetFromJsonAsync<JsonElement>($"/api/why?a={pair[0]}&b={pair[1]}");
        Assert.Equal(pair[0], why.GetProperty("a").GetString());
        Assert.Contains($"E{member.Key}", why.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Every_response_forbids_scripts_and_frames_from_elsewhere()
    {
        await LogIn();
        foreach (var path in new[] { "/", "/app.js", "/api/records/hostile:1", "/api/search?q=" })
        {
            var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
        var page = await _client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("<script src=\"/app.js\"", page);
        Assert.DoesNotContain("<script>", page); // no inline script for the policy to allow
    }

    [Theory]
    [InlineData("/api/search?q=", "empty query")]
    [InlineData("/api/search?q=mia&limit=lots", "'limit' is not a whole number")]
    [InlineData("/api/search?q=mia&limit=0", "limit must be between 1 and")]
    [InlineData("/api/search?q=mia&offset=-1", "offset must be between 0 and")]
    [InlineData("/api/workspace?quarantined=-5", "quarantined must be between 1 and")]
    [InlineData("/api/entities/E1/movement?places=-2", "places must be between 1 and 100")]
    [InlineData("/api/search?q=mia&from=yesterday", "'from' is not a date")]
    [InlineData("/api/search?q=mia&from=2024-06-01&to=2024-05-01", "'to' must be after 'from'")]
    [InlineData("/api/search?q=mia&fuzzy=maybe", "'fuzzy' is true or false")]
    [InlineData("/api/search?q=(mia", "not closed")]
    [InlineData("/api/search?q=mia&like=gen:ad-0000001", "give q or like, not both")]
    [InlineData("/api/search?like=gen:nope", "no record gen:nope")]
    [InlineData("/api/records/no-colon", "is not a record key")]
    [InlineData("/api/entities/E-3", "is not an entity id")]
    [InlineData("/api/why?a=gen:ad-0000001", "'b' is required")]
    [InlineData("/api/why?a=gen:ad-0000001&b=gen:nope", "no record gen:nope")]
    [InlineData("/api/chart/path?from=gen:ad-0000001", "'to' is required")]
    [InlineData("/api/chart/path?from=gen:ad-0000001&to=phone:%2B10000000000", "no node 'phone:+10000000000'")]
    public async Task Bad_input_is_a_400_that_says_what_is_wrong(string path, string reason)
    {
        await LogIn();
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<ErrorBody>())!.Error);
    }

    [Theory]
    [InlineData("/api/records/gen:ad-9999999")]
    [InlineData("/api/entities/E999999")]
    public async Task An_unknown_record_or_entity_is_a_404(string path)
    {
        await LogIn();
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_api_is_described_by_openapi()
    {
        await LogIn();
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/search", paths);
        Assert.Contains("/api/why", paths);
        Assert.Contains("/api/chart/expand", paths);
    }

    [Fact]
    public async Task A_chart_grows_from_a_record_and_adds_only_what_is_not_shown_with_the_edges_to_it()
    {
        await LogIn();
        var record = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 3).First();
        var first = await Expand(new { node = record.Record.ToString(), shown = Array.Empty<string>() });
        var keys = first.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("key").GetString()!).ToList();
        Assert.Equal($"record:{record.Record}", keys[0]);
        Assert.Contains($"entity:E{record.Entity}", keys); // a record's neighbours: its entity and its selectors
        Assert.Contains(keys, k => k.StartsWith("phone:", StringComparison.Ordinal));
        Assert.All(first.GetProperty("edges").EnumerateArray(), e => Assert.Contains(e.GetProperty("a").GetString(), keys));

        // Expanding the entity with only records wanted: its other members, none already shown, each joined to it.
        var second = await Expand(new { node = $"entity:E{record.Entity}", kinds = new[] { "record" }, shown = keys });
        var members = second.GetProperty("nodes").EnumerateArray().Skip(1).Select(n => n.GetProperty("key").GetString()!).ToList();
        Assert.Equal(Workspace.ExportMemberships().Count(m => m.Entity == record.Entity) - 1, members.Count);
        Assert.DoesNotContain($"record:{record.Record}", members);
        Assert.All(second.GetProperty("nodes").EnumerateArray().Skip(1), n => Assert.Equal("record", n.GetProperty("kind").GetString()));
        var edges = second.GetProperty("edges").EnumerateArray().Select(e => (A: e.GetProperty("a").GetString(), B: e.GetProperty("b").GetString())).ToList();
        Assert.All(members, m => Assert.Contains(edges, e => (e.A == m || e.B == m) && (e.A == $"entity:E{record.Entity}" || e.B == $"entity:E{record.Entity}")));
        Assert.Contains(edges, e => e.A!.StartsWith("record:", StringComparison.Ordinal) && e.B!.StartsWith("phone:", StringComparison.Ordinal)); // to a shown phone

        var phones = await Expand(new { node = record.Record.ToString(), kinds = new[] { "phone" } });
        Assert.All(phones.GetProperty("nodes").EnumerateArray().Skip(1), n => Assert.Equal("phone", n.GetProperty("kind").GetString()));
        Assert.True(phones.GetProperty("left_out").GetInt32() >= 1, "the record's entity is left out by the kind filter");

        var path = await _client.GetFromJsonAsync<JsonElement>($"/api/chart/path?from={Uri.EscapeDataString(keys.First(k => k.StartsWith("phone:", StringComparison.Ordinal)))}&to={Uri.EscapeDataString(members[0])}");
        var steps = path.GetProperty("path").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.True(steps.Count >= 2, string.Join(" → ", steps));
        Assert.Equal(members[0], steps[^1]);
        Assert.Equal(steps.Count - 1, path.GetProperty("edges").GetArrayLength());

        // Communities among what is shown: two entities' records and selectors fall apart into groups, each shown key in one.
        var two = Workspace.ExportMemberships().GroupBy(m => m.Entity).Where(g => g.Count() > 3).Take(2).ToList();
        var shown = new List<string>();
        foreach (var entity in two)
        {
            shown.Add($"entity:E{entity.Key}");
            foreach (var member in entity)
                shown.AddRange((await Expand(new { node = member.Record.ToString(), shown })).GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("key").GetString()!));
        }
        shown = [.. shown.Distinct()];
        var response = await _client.PostAsJsonAsync(new Uri("/api/chart/communities", UriKind.Relative), new { shown = shown.Append("phone:+10000000000") });
        var split = await response.Content.ReadFromJsonAsync<JsonElement>();
        var community = split.GetProperty("community").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(shown.Order(), community.Keys.Order()); // an unknown key is left out
        Assert.True(split.GetProperty("count").GetInt32() >= 2, "two entities' networks are two communities or more");
        Assert.NotEqual(community[$"entity:E{two[0].Key}"], community[$"entity:E{two[1].Key}"]);
        Assert.True(split.GetProperty("modularity").GetDouble() > 0.3);
    }

    [Theory]
    [InlineData("{\"node\": \"gen:ad-0000001\", \"limit\": 0}", "limit must be between 1 and")]
    [InlineData("{\"node\": \"gen:ad-0000001\", \"kinds\": [\"shoe\"]}", "unknown node kind 'shoe'")]
    [InlineData("{\"node\": \"\"}", "'node' is required")]
    [InlineData("{\"node\": 12", "the body is not the JSON")]
    [InlineData("null", "a JSON body is required")]
    public async Task A_bad_chart_request_is_a_400_that_says_what_is_wrong(string body, string reason)
    {
        await LogIn();
        var response = await _client.PostAsync(new Uri("/api/chart/expand", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<ErrorBody>())!.Error);
    }

    [Fact]
    public async Task A_chart_comes_with_centrality_and_exports_as_gexf_of_its_nodes_only()
    {
        await LogIn();
        var record = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 3).First();
        var chart = await Expand(new { node = $"record:{record.Record}" });
        var nodes = chart.GetProperty("nodes").EnumerateArray().ToList();
        Assert.All(nodes, n => Assert.True(n.GetProperty("centrality").GetDouble() > 0));
        var entity = nodes.Single(n => n.GetProperty("key").GetString() == $"entity:E{record.Entity}");
        Assert.True(entity.GetProperty("centrality").GetDouble() > nodes[0].GetProperty("centrality").GetDouble(), "an entity ranks above one of its records");
        var keys = nodes.Select(n => n.GetProperty("key").GetString()!).ToList();
        var response = await _client.PostAsJsonAsync(new Uri("/api/chart/gexf", UriKind.Relative), new { shown = keys.Append("phone:+10000000000") });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/gexf+xml", response.Content.Headers.ContentType?.MediaType);
        var gexf = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://gexf.net/1.3";
        Assert.Equal(keys.Order(), gexf.Descendants(ns + "node").Select(n => n.Descendants(ns + "attvalue").ElementAt(1).Attribute("value")!.Value).Order());
        Assert.Equal(chart.GetProperty("edges").GetArrayLength(), gexf.Descendants(ns + "edge").Count());
        var bad = await _client.PostAsJsonAsync(new Uri("/api/chart/gexf", UriKind.Relative), new { shown = new[] { "phone:+10000000000" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_search_pages_and_counts_its_facets_and_a_bad_offset_is_a_400()
    {
        await LogIn();
        var first = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/search?q=has:phone&limit=10&facets=true", UriKind.Relative));
        var second = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/search?q=has:phone&limit=10&offset=10", UriKind.Relative));
        var total = first.GetProperty("total").GetInt32();
        Assert.True(total > 20);
        Assert.Equal(total, second.GetProperty("total").GetInt32());
        Assert.Equal(10, second.GetProperty("offset").GetInt32());
        Assert.Empty(first.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("record").GetString())
            .Intersect(second.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("record").GetString())));
        var facets = first.GetProperty("facets");
        Assert.Equal(total, facets.GetProperty("kinds").EnumerateArray().Single(k => k.GetProperty("value").GetString() == "phone").GetProperty("count").GetInt64());
        Assert.Equal(total, facets.GetProperty("sources").EnumerateArray().Sum(v => v.GetProperty("count").GetInt64()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("facets").ValueKind);
        foreach (var (query, reason) in new[] { ("q=mia&offset=20000", "offset must be between 0 and"), ("q=mia&offset=x", "offset"), ("like=gen:ad-0000001&facets=true", "without facets") })
        {
            var bad = await _client.GetAsync(new Uri("/api/search?" + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(reason, (await bad.Content.ReadFromJsonAsync<ErrorBody>())!.Error);
        }
    }

    [Fact]
    public async Task A_list_of_selectors_is_looked_up_whole_and_a_bad_one_is_a_400()
    {
        await LogIn();
        var phone = Workspace.ScanRecords(null, false).SelectMany(r => r.Selectors).First(s => s.Kind == Core.SelectorKind.Phone).Value;
        var response = await _client.PostAsJsonAsync(new Uri("/api/search/selectors", UriKind.Relative),
            new { lines = new[] { $"phone:{phone}", "phone:+12125550199", "shoe:42" }, examples = 2 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var found = Assert.Single(json.GetProperty("found").EnumerateArray());
        Assert.Equal(Workspace.CountSelector(Core.SelectorKind.Phone, phone), found.GetProperty("records").GetInt64());
        Assert.InRange(found.GetProperty("examples").GetArrayLength(), 1, 2);
        Assert.NotEmpty(found.GetProperty("entities").EnumerateArray());
        Assert.Equal(2, Assert.Single(json.GetProperty("not_found").EnumerateArray()).GetProperty("line").GetInt32());
        Assert.Contains("'shoe' is not a selector kind", Assert.Single(json.GetProperty("unreadable").EnumerateArray()).GetProperty("reason").GetString());
        foreach (var (body, reason) in new[] { ("{}", "'lines' is required"), ("{\"lines\": [], \"examples\": 0}", "examples must be between 1 and 100") })
        {
            var bad = await _client.PostAsync(new Uri("/api/search/selectors", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(reason, (await bad.Content.ReadFromJsonAsync<ErrorBody>())!.Error);
        }
    }

    private async Task<JsonElement> Expand(object request)
    {
        var response = await _client.PostAsJsonAsync(new Uri("/api/chart/expand", UriKind.Relative), request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
