using System.Diagnostics;
using Microsoft.Playwright;
using Minerva.App;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve;
using Minerva.Resolve.Rules;
using Minerva.Storage.Sqlite;
using Minerva.Web;

namespace Minerva.Benchmarks;

/// <summary>
/// The link chart in Debian's chromium (Playwright, headless), served by <c>minerva serve</c>'s server over N generated ads:
/// the time to the first chart of a place, then about 2,000 nodes (the neighbours of records, fetched first) added at once
/// and the time until the layout has settled, the time of one frame, and a full relayout from hot.
/// </summary>
internal static class ChartBenchmark
{
    public static async Task Run(string corpus, string work, int target)
    {
        var file = Path.Combine(work, $"chart-{Guid.NewGuid():N}.minerva");
        try
        {
            using var workspace = SqliteWorkspace.Create(file);
            new Ingestor(workspace).Run(DefinitionLoader.Load(IngestBenchmark.FindConnector("generated-ads.yaml")), [corpus]);
            new Resolver(workspace, RuleLoader.Load("ads")).Run();
            using var workbench = new Workbench(workspace);
            await using var server = WebServer.Create(workbench, 0);
            await server.StartAsync();
            using var playwright = await Playwright.CreateAsync();
            var chromium = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "chromium")).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("chromium is not installed: run tools/setup.sh");
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
            var page = await browser.NewPageAsync();
            await page.GotoAsync(server.LoginLink.ToString());
            await page.Locator("#q").WaitForAsync();
            var place = workspace.ScanNetwork().Select(r => Network.Place(r.Record.Location, r.Record.Country)).OfType<string>()
                .GroupBy(Network.PlaceKey).OrderByDescending(g => g.Count()).First().Key;
            var watch = Stopwatch.StartNew();
            await page.GotoAsync(new Uri(server.Address, "/#/chart?start=" + Uri.EscapeDataString(place)).ToString());
            await page.Locator("#chart-status:has-text('settled')").WaitForAsync();
            var first = watch.ElapsedMilliseconds;
            var records = workspace.ExportMemberships().Select(m => "record:" + m.Record).Take(20_000).ToArray();
            var added = await page.EvaluateAsync<int>(@"(async ([keys, target]) => {
                const seen = new Set(minervaChart.nodes.keys()), results = [];
                for (const k of keys) {
                  if (seen.size >= target) break;
                  const r = await api('/api/chart/expand', { node: k, limit: 100, shown: [] });
                  r.nodes.forEach(n => seen.add(n.key));
                  results.push(r);
                }
                window.benchmarkStart = performance.now();
                for (const r of results) minervaChart.add(r, r.nodes[0].key);
                return minervaChart.nodes.size; })", new object[] { records, target });
            // Waited for in the page (the CSP forbids the eval a polled predicate would need).
            var settled = await page.EvaluateAsync<double>(
                "new Promise(r => { const w = () => minervaChart.settled ? r(performance.now() - window.benchmarkStart) : requestAnimationFrame(w); w(); })");
            var edges = await page.EvaluateAsync<int>("minervaChart.visibleEdges().length");
            var frame = await page.EvaluateAsync<double>("(() => { const t = performance.now(); for (let i = 0; i < 20; i++) minervaChart.draw(); return (performance.now() - t) / 20; })()");
            var relayout = await page.EvaluateAsync<double>("new Promise(r => { const t = performance.now(); minervaChart.heat(1); const w = () => minervaChart.settled ? r(performance.now() - t) : requestAnimationFrame(w); w(); })");
            Console.WriteLine($"chart: first chart of {place} settled in {first:N0} ms; {added:N0} nodes and {edges:N0} edges added at once settled in {settled:N0} ms; " +
                              $"one frame {frame:0.0} ms; full relayout from hot {relayout:N0} ms");
        }
        finally
        {
            foreach (var f in Directory.EnumerateFiles(work, Path.GetFileName(file) + "*")) File.Delete(f);
        }
    }
}
