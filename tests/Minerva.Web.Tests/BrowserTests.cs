using Microsoft.Playwright;
using Minerva.Testing;

namespace Minerva.Web.Tests;

/// <summary>
/// The UI in a real browser: Debian's chromium driven by Playwright (ExecutablePath set to it, so nothing is downloaded),
/// against a server on a loopback port over generated ads and one record of hostile markup. A failing test leaves a
/// screenshot in the test's output folder.
/// </summary>
public sealed class BrowserTests : WorkspaceTest, IAsyncLifetime
{
    private const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">click</a> " +
                                   "<svg onload=alert(4)></svg> <iframe src=\"https://example.com/\"></iframe> call 713 555 0142";

    private WebServer? _server;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium(), Headless = true });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>Debian's chromium, which tools/setup.sh installs.</summary>
    internal static string Chromium() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "chromium")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("chromium is not installed: run 'sudo bash tools/setup.sh' (or: apt-get install chromium)");

    /// <summary>The server, started at a scenario's first step: only the scenarios about photos pay for writing and
    /// hashing them.</summary>
    private WebServer Server => _server ?? throw new InvalidOperationException("no scenario has started the server");

    /// <summary>A logged-in page, recording every dialog, console error and request that leaves the app.</summary>
    private async Task<(IPage Page, List<string> Trouble)> Open(bool photos)
    {
        _server = await ServedCorpus.Start(Workspace, Folder, 300, 11, Hostile, "<b onmouseover=alert(5)>Mia</b>", photos);
        var page = await _browser.NewPageAsync();
        var trouble = new List<string>();
        page.Dialog += (_, d) => { trouble.Add($"dialog: {d.Message}"); _ = d.DismissAsync(); };
        page.Console += (_, m) => { if (m.Type == "error") trouble.Add($"console: {m.Text}"); };
        page.PageError += (_, e) => trouble.Add($"page error: {e}");
        page.Request += (_, r) => { if (!r.Url.StartsWith(Server.Address.ToString(), StringComparison.Ordinal)) trouble.Add($"request: {r.Url}"); };
        await page.GotoAsync(Server.LoginLink.ToString());
        return (page, trouble);
    }

    private async Task Scenario(string name, Func<IPage, List<string>, Task> steps, bool photos = false)
    {
        var (page, trouble) = await Open(photos);
        try
        {
            await steps(page, trouble);
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, $"failed-{name}.png"), FullPage = true });
            throw;
        }
    }

    [Fact]
    public Task A_phone_search_leads_to_its_record_and_the_record_to_its_entity() => Scenario("search", async (page, trouble) =>
    {
        // A phone of a network: held by several records of one entity of several.
        var network = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 3).Key;
        var phone = Workspace.EntitySelectors(network).First(s => s.Kind == Core.SelectorKind.Phone && s.Records > 1).Value;
        await page.FillAsync("#q", $"phone:{phone}");
        await page.ClickAsync("button[type=submit]");
        await page.Locator(".hit").First.WaitForAsync();
        var hits = await page.Locator(".hit").CountAsync();
        Assert.Equal(Workspace.FindBySelector(Core.SelectorKind.Phone, phone, 100).Count, hits);

        await page.Locator(".hit a").First.ClickAsync();
        await page.Locator("text=Selectors").WaitForAsync();
        Assert.True(await page.Locator(".text a.selector[title^='phone:']").CountAsync() >= 1, "the phone is marked in the record's text");
        Assert.Equal(1, await page.Locator($"table a:text-is('{phone}')").CountAsync()); // and listed, a link to its holders
        await page.Locator("a:has-text('entity E')").ClickAsync();
        await page.Locator("h1", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($@"^E{network}: \d+ records") }).WaitForAsync();
        Assert.True(await page.Locator("table").Nth(1).Locator("tbody tr").CountAsync() >= 2, "the entity lists its members");
        Assert.Empty(trouble);
    });

    [Fact]
    public Task Two_records_marked_not_the_same_are_two_entities_after_re_resolving() => Scenario("not-same", async (page, trouble) =>
    {
        var network = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 3).ToList();
        var (a, b) = (network[0].Record.ToString(), network[1].Record.ToString());
        await page.Locator("#q").WaitForAsync();
        await page.GotoAsync(new Uri(Server.Address, $"/#/entity/{network[0].Entity}").ToString());
        await page.Locator($"input.pick[value='{a}']").CheckAsync();
        await page.ClickAsync("#decide-not-same");
        await page.Locator("#decide-message:has-text('say why')").WaitForAsync(); // a decision needs a reason
        await page.FillAsync("#decide-reason", "two women in the photos");
        await page.ClickAsync("#decide-not-same");
        await page.Locator("#decide-message:has-text('select 2 records (1 selected)')").WaitForAsync(); // and a pair
        await page.Locator($"input.pick[value='{b}']").CheckAsync();
        await page.ClickAsync("#decide-not-same");
        await page.Locator("#decide-message:has-text('are not the same person')").WaitForAsync();
        Assert.Single(Workspace.GetDecisions());

        await page.ClickAsync("#decide-message button.resolve");
        await page.Locator("#notice:has-text('resolved (full)')").WaitForAsync();
        Assert.NotEqual(Workspace.EntityOf(network[0].Record), Workspace.EntityOf(network[1].Record));
        // The page is drawn again: one of the two has left the entity shown.
        await page.WaitForFunctionAsync($"document.querySelectorAll(\"input.pick[value='{a}'], input.pick[value='{b}']\").length === 1");
        await page.GotoAsync(new Uri(Server.Address, "/#/decisions").ToString());
        await page.Locator("h1:text-is('1 decision')").WaitForAsync();
        Assert.Contains("two women in the photos", await page.Locator("main table").TextContentAsync());
        Assert.Empty(trouble);
    });

    [Fact]
    public Task An_entitys_movement_shows_on_a_map_and_a_timeline_with_its_circuits() => Scenario("movement", async (page, trouble) =>
    {
        using var workbench = new App.Workbench(Workspace);
        var movement = Workspace.ExportMemberships().Select(m => m.Entity).Distinct().Select(e => workbench.Movement(e)!)
            .Where(m => m.Circuits.Count > 0).MaxBy(m => m.Timeline.Count)!;
        await page.Locator("#q").WaitForAsync();
        await page.GotoAsync(new Uri(Server.Address, $"/#/entity/{movement.Entity}").ToString());
        await page.Locator("#movement-summary").WaitForAsync();
        Assert.StartsWith($"{movement.Timeline.Count} sightings in", await page.Locator("#movement-summary").TextContentAsync());
        Assert.Equal(movement.Circuits.Count, await page.Locator("#circuits li").CountAsync());
        Assert.Equal(movement.Timeline.Count, await page.Locator("#movement table tbody tr").CountAsync());
        // The map is drawn: its canvas has its size and is not blank.
        var inked = await page.EvaluateAsync<bool>(@"() => {
            const c = document.getElementById('movement-map');
            const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 100) return true;
            return false; }");
        Assert.True(inked, "the map shows something dark: outlines, moves or dots");
        Assert.Empty(trouble);
    });

    [Fact]
    public Task The_workspace_page_lists_runs_and_shows_a_hostile_quarantined_input_as_text() => Scenario("workspace", async (page, trouble) =>
    {
        using (var batch = Workspace.BeginBatch())
        {
            batch.Quarantine(new Storage.QuarantineEntry("hostile", "hostile.jsonl", "line 2", "invalid JSON", Hostile, DateTimeOffset.UtcNow));
            batch.Commit();
        }
        await page.Locator("#q").WaitForAsync();
        await page.GotoAsync(new Uri(Server.Address, "/#/workspace").ToString());
        await page.Locator("#workspace-counts").WaitForAsync();
        Assert.Contains($"{Workspace.GetStats().Records} records", await page.Locator("#workspace-counts").TextContentAsync());
        Assert.Equal(Hostile, await page.Locator("code.payload").TextContentAsync());
        Assert.Equal(0, await page.Locator("main script, main img, main svg, main iframe").CountAsync());
        await page.GotoAsync(new Uri(Server.Address, "/#/ledger").ToString());
        await page.Locator("#ledger-state:has-text('No budget set')").WaitForAsync();
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(trouble);
    });

    [Fact]
    public Task A_records_photo_opens_its_re_posts_side_by_side() => Scenario("photos", async (page, trouble) =>
    {
        var images = Workspace.ScanImages().ToList();
        var photo = images.First(i => i.Image.Quality >= 50 && images.Any(o => o.Record != i.Record && o.Image.Pdq == i.Image.Pdq));
        await page.Locator("#q").WaitForAsync();
        await page.GotoAsync(new Uri(Server.Address, $"/#/record/{photo.Record}").ToString());
        await page.Locator("#photos figure.photo").First.WaitForAsync();
        Assert.Equal(images.Count(i => i.Record == photo.Record), await page.Locator("#photos figure.photo").CountAsync());
        await page.Locator("#photos figure.photo a:text-is('re-posts')").Nth(photo.Image.Attachment).ClickAsync();
        await page.Locator("#reposts figure.photo").First.WaitForAsync();
        Assert.Contains("re-post", await page.Locator("#reposts-heading").TextContentAsync());
        Assert.Contains("0 bits", await page.Locator("#reposts").TextContentAsync());
        // Every photo shown has loaded: served by id from the workspace's files.
        await page.WaitForFunctionAsync("[...document.querySelectorAll('main img')].every(i => i.complete)");
        Assert.True(await page.EvaluateAsync<bool>("[...document.querySelectorAll('main img')].every(i => i.naturalWidth > 0)"));
        Assert.Empty(trouble);

        // The API behind it, with the page's session: the file is the photo's bytes, re-posts come nearest first, and
        // nothing but an id reaches a file (a path, a missing photo and a bad number are refused).
        var key = Uri.EscapeDataString(photo.Record.ToString());
        var file = await page.APIRequest.GetAsync(new Uri(Server.Address, $"/api/photos/file?record={key}&attachment={photo.Image.Attachment}").ToString());
        Assert.Equal(200, file.Status);
        Assert.Equal($"image/{photo.Image.Format}", file.Headers["content-type"]);
        Assert.Equal(await File.ReadAllBytesAsync(photo.Image.Path), await file.BodyAsync());
        var reposts = (await (await page.APIRequest.GetAsync(new Uri(Server.Address, $"/api/photos/reposts?record={key}&attachment={photo.Image.Attachment}").ToString()))
            .JsonAsync())!.Value;
        var distances = reposts.GetProperty("reposts").EnumerateArray().Select(r => r.GetProperty("distance").GetInt32()).ToList();
        Assert.Equal(distances.Order(), distances);
        Assert.All(distances, d => Assert.InRange(d, 0, 63));
        Assert.DoesNotContain(reposts.GetProperty("reposts").EnumerateArray(), r => r.GetProperty("photo").GetProperty("record").GetString() == photo.Record.ToString());
        Assert.Equal(images.Count, reposts.GetProperty("compared").GetInt32());
        foreach (var (query, status) in new[]
                 {
                     ("record=/etc/passwd&attachment=0", 400), ($"record={key}&attachment=99", 404), ("record=gen:nope&attachment=0", 404), ($"record={key}&attachment=x", 400),
                 })
            Assert.Equal(status, (await page.APIRequest.GetAsync(new Uri(Server.Address, "/api/photos/file?" + query).ToString())).Status);
    }, photos: true);

    [Fact]
    public Task Facets_narrow_a_search_and_pages_follow_each_other() => Scenario("facets", async (page, trouble) =>
    {
        await page.FillAsync("#q", "has:phone");
        await page.ClickAsync("button[type=submit]");
        var heading = page.Locator("main h1");
        await page.Locator("h1:has-text('results 1–50 of')").WaitForAsync();
        var total = int.Parse((await heading.TextContentAsync())!.Split(" of ")[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Workspace.ScanRecords(null, false).Count(r => r.Selectors.Any(x => x.Kind == Core.SelectorKind.Phone)), total);
        var first = await page.Locator(".hit a").First.TextContentAsync();
        await page.Locator("a:text-is('next →')").ClickAsync();
        await page.Locator("h1:has-text('results 51–')").WaitForAsync();
        Assert.NotEqual(first, await page.Locator(".hit a").First.TextContentAsync());
        // A month: the search narrows to it, the filter is shown and can be taken off.
        var month = page.Locator(".facets .months li").First;
        var count = int.Parse((await month.Locator("span.muted").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        await month.Locator("a").ClickAsync();
        await page.Locator(".filter:has-text('from:')").WaitForAsync();
        Assert.Contains($"of {count}", await heading.TextContentAsync() ?? "");
        await page.Locator(".filter:has-text('from:') a").ClickAsync();
        await page.Locator(".filter:has-text('to:')").WaitForAsync();
        Assert.Equal(0, await page.Locator(".filter:has-text('from:')").CountAsync());
        Assert.Empty(trouble);
    });

    [Fact]
    public Task A_case_is_opened_an_entity_added_with_a_note_and_a_tag_and_the_note_found_by_search() => Scenario("cases", async (page, trouble) =>
    {
        var network = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 3).Key;
        await page.Locator("#q").WaitForAsync();
        await page.ClickAsync("header a[href='#/cases']");
        await page.Locator("h1:text-is('0 cases')").WaitForAsync();
        await page.FillAsync("#case-name", "Operation Lily");
        await page.FillAsync("#case-description", "the tip of 3 May");
        await page.ClickAsync("#case-open");
        await page.Locator("h1:text-is('Operation Lily')").WaitForAsync();

        await page.GotoAsync(new Uri(Server.Address, $"/#/entity/{network}").ToString());
        await page.Locator("#case-pick").WaitForAsync();
        await page.ClickAsync("#note-add");
        await page.Locator("#work-message:has-text('the note is empty')").WaitForAsync(); // said before any request
        await page.FillAsync("#note-text", Hostile);
        await page.ClickAsync("#note-add");
        await page.Locator("#work-notes .note-text").WaitForAsync();
        Assert.Equal(Hostile, await page.Locator("#work-notes .note-text").TextContentAsync()); // a note quoting an ad is text too
        await page.FillAsync("#tag-name", "minor-suspected");
        await page.ClickAsync("#tag-add");
        await page.Locator("#work-tags:has-text('#minor-suspected')").WaitForAsync();
        await page.ClickAsync("#case-add");
        await page.Locator("#work-cases:has-text('Operation Lily')").WaitForAsync();

        await page.ClickAsync("#work-cases a");
        await page.Locator("h2:text-is('1 item')").WaitForAsync();
        Assert.Contains($"E{network}", await page.Locator("main table").TextContentAsync());
        Assert.Contains("#minor-suspected", await page.Locator("main table").TextContentAsync());

        await page.FillAsync("#q", "onerror");
        await page.ClickAsync("button[type=submit]");
        await page.Locator("#casework-hits h2:has-text('In notes, tags and cases (1)')").WaitForAsync();
        Assert.Equal(0, await page.Locator("main script, main img, main svg, main iframe").CountAsync());
        Assert.Equal(0, await page.Locator("main a[href^='javascript']").CountAsync());
        await page.WaitForTimeoutAsync(300); // an injected handler would fire by now
        Assert.Empty(trouble);
    });

    [Fact]
    public Task A_record_of_hostile_markup_shows_as_text_and_runs_nothing() => Scenario("hostile", async (page, trouble) =>
    {
        await page.FillAsync("#q", "phone:+17135550142");
        await page.ClickAsync("button[type=submit]");
        await page.Locator(".hit a").First.ClickAsync();
        await page.Locator(".text").WaitForAsync();
        Assert.Equal(Hostile, await page.Locator(".text").TextContentAsync());
        Assert.Equal("<b onmouseover=alert(5)>Mia</b>", await page.Locator("main h2").First.TextContentAsync());
        Assert.Equal(0, await page.Locator("main script, main img, main svg, main iframe, main b").CountAsync());
        Assert.Equal(0, await page.Locator("main a[href^='javascript']").CountAsync());
        await page.Locator("main h2").First.HoverAsync();
        await page.WaitForTimeoutAsync(300); // an injected handler would fire by now
        Assert.Empty(trouble);
    });

    [Fact]
    public Task Why_explains_two_linked_records_with_their_chain() => Scenario("why", async (page, trouble) =>
    {
        var pair = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 3).Take(2).Select(m => m.Record.ToString()).ToList();
        await page.GotoAsync(new Uri(Server.Address, $"/#/why?a={Uri.EscapeDataString(pair[0])}&b={Uri.EscapeDataString(pair[1])}").ToString());
        await page.Locator("text=total").WaitForAsync();
        Assert.Contains("entity E", await page.Locator("main > p").Last.TextContentAsync());
        Assert.Empty(trouble);
    });

    [Fact]
    public Task The_link_chart_grows_two_hops_and_highlights_the_strongest_path_from_a_phone() => Scenario("chart", async (page, trouble) =>
    {
        var network = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() > 3).ToList();
        var record = network[0].Record.ToString();
        await page.Locator("#q").WaitForAsync();
        await page.GotoAsync(new Uri(Server.Address, $"/#/record/{record}").ToString());
        await page.Locator("a:text-is('chart')").First.ClickAsync();
        await page.Locator("#chart-status:has-text('settled')").WaitForAsync();
        var first = await page.Locator("#chart-nodes button.node").CountAsync();
        Assert.True(first >= 3, $"{first} nodes after the first expansion"); // the record, its entity, its selectors

        // Second hop: the entity's members.
        await page.Locator($"#chart-nodes button[data-key='entity:E{network[0].Entity}']").ClickAsync();
        await page.ClickAsync("#chart-expand");
        await page.WaitForFunctionAsync($"document.querySelectorAll('#chart-nodes button.node').length > {first}");
        await page.Locator("#chart-status:has-text('settled')").WaitForAsync();
        var other = network[^1].Record.ToString();
        Assert.Equal(1, await page.Locator($"#chart-nodes button[data-key='record:{other}']").CountAsync());

        var phone = await page.Locator("#chart-nodes button.node[data-key^='phone:']").First.GetAttributeAsync("data-key");
        await page.Locator($"#chart-nodes button[data-key='{phone}']").ClickAsync();
        await page.ClickAsync("#chart-from");
        await page.Locator($"#chart-nodes button[data-key='record:{other}']").ClickAsync();
        await page.ClickAsync("#chart-to");
        await page.Locator("#chart-path:has-text('strongest path:')").WaitForAsync();
        Assert.Contains("→", await page.Locator("#chart-path").TextContentAsync());
        await page.ClickAsync("#chart-communities");
        await page.Locator("#chart-path:has-text('communities among the nodes shown')").WaitForAsync();
        await page.ClickAsync("#chart-size");
        Assert.Equal("Size: centrality", await page.Locator("#chart-size").TextContentAsync());
        // GEXF of what the chart shows: every node listed beside it, none more.
        var shown = await page.Locator("#chart-nodes button.node").CountAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#chart-gexf"));
        Assert.Equal("minerva-chart.gexf", download.SuggestedFilename);
        var gexf = System.Xml.Linq.XDocument.Load(await download.PathAsync());
        Assert.Equal(shown, gexf.Descendants(System.Xml.Linq.XName.Get("node", "http://gexf.net/1.3")).Count());

        // Group the entity's members: shift-click marks them, one node stands for them, the export still names each; ungroup.
        var members = network.Take(3).Select(m => $"record:{m.Record}").ToList();
        foreach (var key in members) await page.Locator($"#chart-nodes button[data-key='{key}']").ClickAsync(new() { Modifiers = [KeyboardModifier.Shift] });
        await page.Locator("#chart-status:has-text('3 marked')").WaitForAsync();
        await page.ClickAsync("#chart-group");
        await page.Locator("#chart-nodes button.node[data-key^='group:']").WaitForAsync();
        Assert.Equal(shown - 2, await page.Locator("#chart-nodes button.node").CountAsync());
        foreach (var key in members) Assert.Equal(0, await page.Locator($"#chart-nodes button[data-key='{key}']").CountAsync());
        Assert.Equal(3, await page.Locator("#chart-members li").CountAsync()); // the group is selected and lists its members
        Assert.True(await page.EvaluateAsync<bool>("window.minervaChart.visibleEdges().some(e => e.a.startsWith('group:') || e.b.startsWith('group:'))"));
        var grouped = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#chart-gexf"));
        Assert.Equal(shown, System.Xml.Linq.XDocument.Load(await grouped.PathAsync()).Descendants(System.Xml.Linq.XName.Get("node", "http://gexf.net/1.3")).Count());
        await page.ClickAsync("#chart-ungroup");
        await page.WaitForFunctionAsync($"document.querySelectorAll('#chart-nodes button.node').length === {shown}");
        Assert.Equal(0, await page.Locator("#chart-nodes button.node[data-key^='group:']").CountAsync());
        Assert.Empty(trouble);
    });

    [Fact]
    public Task A_hostile_record_in_the_chart_runs_nothing() => Scenario("chart-hostile", async (page, trouble) =>
    {
        await page.Locator("#q").WaitForAsync();
        await page.GotoAsync(new Uri(Server.Address, "/#/chart?start=record:hostile:1").ToString());
        await page.Locator("#chart-status:has-text('settled')").WaitForAsync();
        Assert.Equal("record: hostile:1: <b onmouseover=alert(5)>Mia</b>",
            await page.Locator("#chart-nodes button[data-key='record:hostile:1']").TextContentAsync());
        Assert.Equal(0, await page.Locator("main b, main script, main img").CountAsync());
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(trouble);
    });
}
