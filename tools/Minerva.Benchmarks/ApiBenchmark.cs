using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Minerva.App;
using Minerva.Core;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve;
using Minerva.Resolve.Rules;
using Minerva.Search;
using Minerva.Storage.Sqlite;
using Minerva.Web;

namespace Minerva.Benchmarks;

/// <summary>
/// The web API's latency as the UI sees it — over HTTP on loopback, through the session cookie, JSON and all — on a
/// resolved workspace of generated ads (issue 21's targets: search p95 &lt; 50 ms, record and entity &lt; 100 ms, first
/// page load &lt; 1 s, UI bundle &lt; 1 MB gzipped). The workspace is kept in the work folder, one per corpus, and reused.
/// </summary>
internal static class ApiBenchmark
{
    public static async Task Run(string corpus, string work)
    {
        var path = Path.Combine(work, $"api-{Path.GetFileName(Path.GetDirectoryName(corpus))}.minerva"); // one per corpus: corpus-N/ads.jsonl
        if (!File.Exists(path))
        {
            // Built under another name and moved into place once resolved: a run that fails midway must not leave an empty
            // or half-built workspace that the next run would take for the finished one.
            var partial = path + ".partial";
            File.Delete(partial);
            using (var building = SqliteWorkspace.Create(partial))
            {
                var watch = Stopwatch.StartNew();
                new Ingestor(building).Run(DefinitionLoader.Load(IngestBenchmark.FindConnector("generated-ads.yaml")), [corpus]);
                Console.WriteLine($"  ingested in {watch.Elapsed.TotalSeconds:N0} s");
                watch.Restart();
                new Resolver(building, RuleLoader.Load("ads")).Run();
                Console.WriteLine($"  resolved in {watch.Elapsed.TotalSeconds:N0} s");
            }
            File.Move(partial, path);
            foreach (var log in new[] { "-wal", "-shm" }) // closing checkpoints the log; should one be left, it goes with its file
                if (File.Exists(partial + log)) File.Move(partial + log, path + log);
        }
        using var workspace = SqliteWorkspace.Open(path);
        using var index = RecordIndex.Open(workspace);
        using var workbench = new Workbench(workspace, index);
        await using var server = WebServer.Create(workbench, 0);
        await server.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var login = await client.GetAsync(new Uri(server.LoginLink.PathAndQuery, UriKind.Relative));
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"login: {login.StatusCode}");

        var pageLoad = Stopwatch.StartNew();
        long bundle = 0;
        foreach (var file in new[] { "/", "/app.js", "/chart.js", "/map.js", "/app.css", "/world.json" })
        {
            var bytes = await client.GetByteArrayAsync(new Uri(file, UriKind.Relative));
            using var gz = new MemoryStream();
            using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true)) zip.Write(bytes);
            bundle += gz.Length;
        }
        Console.WriteLine($"first page load (every file the UI needs, over HTTP): {pageLoad.Elapsed.TotalMilliseconds:N0} ms; UI bundle {bundle / 1e3:N0} KB gzipped");

        var members = workspace.ExportMemberships().ToList();
        var entities = members.GroupBy(m => m.Entity).Select(g => (Id: g.Key, Size: g.Count())).ToList();
        var typical = entities.Where(e => e.Size >= 3).Select(e => e.Id).Take(200).ToList();
        var largest = entities.OrderByDescending(e => e.Size).Take(20).ToList();
        var records = members.Select(m => m.Record.ToString()).Take(300).ToList();
        var phones = workspace.ScanRecords(null, withPayload: false).Take(20_000).SelectMany(r => r.Selectors).Where(s => s.Kind == SelectorKind.Phone)
            .Select(s => s.Value).Distinct().Take(200).ToList();
        Console.WriteLine($"  {members.Count:N0} records in {entities.Count:N0} entities; largest {largest[0].Size:N0} records");
        await Report(client, "search phone:…", 200, i => $"/api/search?q=phone:{Uri.EscapeDataString(phones[i % phones.Count])}");
        await Report(client, "search a common word (page of 50)", 200, i => $"/api/search?q={(i % 2 == 0 ? "available" : "specials")}&limit=50");
        await Report(client, "search a phrase (page of 50)", 100, i => "/api/search?q=" + Uri.EscapeDataString("\"new in town\"") + "&limit=50");
        await Report(client, "search a common word with facets", 100, i => "/api/search?q=available&limit=1&facets=true");
        await Report(client, "record", 300, i => $"/api/records/{records[i % records.Count]}");
        await Report(client, "entity (3+ records)", 200, i => $"/api/entities/{typical[i % typical.Count]}");
        await Report(client, $"entity, the 20 largest ({largest[^1].Size:N0}–{largest[0].Size:N0} records)", 40, i => $"/api/entities/{largest[i % largest.Count].Id}");
        await Report(client, "entity movement (3+ records)", 200, i => $"/api/entities/{typical[i % typical.Count]}/movement");
        await Report(client, "photos of a record", 300, i => $"/api/photos?record={Uri.EscapeDataString(records[i % records.Count])}");
    }

    private static async Task Report(HttpClient client, string what, int n, Func<int, string> path)
    {
        for (var i = 0; i < 5; i++) (await client.GetAsync(new Uri(path(i), UriKind.Relative))).EnsureSuccessStatusCode();
        var times = new double[n];
        long bytes = 0;
        for (var i = 0; i < n; i++)
        {
            var w = Stopwatch.StartNew();
            var body = await client.GetByteArrayAsync(new Uri(path(i), UriKind.Relative));
            times[i] = w.Elapsed.TotalMilliseconds;
            bytes += body.Length;
            if (i == 0) JsonDocument.Parse(body).Dispose(); // it is JSON
        }
        Array.Sort(times);
        Console.WriteLine($"API {what}: p50 {times[n / 2]:N1} ms, p95 {times[(int)(n * 0.95)]:N1} ms, max {times[^1]:N1} ms over {n} requests, {bytes / n / 1e3:N1} KB each");
    }
}
