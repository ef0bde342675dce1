using System.Collections.Concurrent;
using System.Diagnostics;
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
using Minerva.Storage.Postgres;
using Minerva.Web;

namespace Minerva.Benchmarks;

/// <summary>
/// The team server under load: N generated ads in 5 tenants (each with a planted canary record whose words may appear in
/// no other tenant's responses), resolved, then 50 simulated analysts (10 per tenant, each with an API token) for a fixed
/// time on loopback, each looping over search, open record, open entity and expand the chart. Every response is read
/// for the other tenants' canaries. Prints p50/p95 per request kind, requests/s, errors and foreign rows.
/// </summary>
internal static class TeamLoadBenchmark
{
    private const int Tenants = 5;
    private const int AnalystsPerTenant = 10;
    private static readonly string[] Words = ["gentlemen", "sweet", "new in town", "\"just arrived\"", "friendly", "upscale", "visiting", "playful", "satisfaction"];

    public static async Task Run(int ads, int seconds, string work)
    {
        var definition = DefinitionLoader.Load(IngestBenchmark.FindConnector("generated-ads.yaml"));
        var (owner, app) = TeamIngestBenchmark.Database(Environment.GetEnvironmentVariable("MINERVA_BENCH_POSTGRES") is { Length: > 0 } given ? given : TeamIngestBenchmark.StartServer());
        using var store = TeamStore.Connect(app);
        var tenants = new List<(long Id, string Canary, List<string> Tokens)>();
        using (var database = TeamDatabase.Connect(owner))
        {
            for (var t = 0; t < Tenants; t++)
            {
                var id = database.CreateTenant($"agency-{t}")!.Value;
                var canary = $"canary{id}x{Guid.NewGuid():N}"[..24];
                var folder = Path.Combine(work, $"team-load-{ads}-{t}");
                if (!File.Exists(Path.Combine(folder, "ads.jsonl"))) CorpusGenerator.Write(folder, new CorpusOptions(Ads: ads / Tenants, Seed: 100 + t));
                var canaryFile = Path.Combine(work, $"team-load-canary-{t}.jsonl");
                File.WriteAllText(canaryFile, JsonSerializer.Serialize(new { id = "canary", title = canary, text = $"{canary} new in town, call 713 555 01{t:D2}", city = "Houston" }) + "\n");
                using var workspace = store.Tenant(id).Workspace();
                var watch = Stopwatch.StartNew();
                new Ingestor(workspace).Run(definition, [Path.Combine(folder, "ads.jsonl"), canaryFile]);
                var ingested = watch.Elapsed;
                watch.Restart();
                new Resolver(workspace, RuleLoader.Load("ads")).Run();
                Console.WriteLine($"  tenant {id}: {workspace.GetStats().Records:N0} records, ingested in {ingested.TotalSeconds:N0} s, resolved in {watch.Elapsed.TotalSeconds:N0} s");
                var tokens = new List<string>();
                for (var a = 0; a < AnalystsPerTenant; a++)
                {
                    var accountId = database.AddAccount(id, $"analyst-{id}-{a}", "analyst", Passwords.Hash("load test password " + a))!.Value;
                    var (token, stored) = ApiTokens.Make(store.Accounts.GetAccount(accountId)!, ["read"], "load", TimeSpan.FromDays(1), DateTimeOffset.UtcNow);
                    store.Tenant(id).Accounts.AddToken(stored);
                    tokens.Add(token);
                }
                tenants.Add((id, canary, tokens));
            }
        }
        var site = new TeamSite(store.Accounts, t => store.Tenant(t).Accounts, t => store.Tenant(t).Workspace(), Path.Combine(work, $"team-load-index-{Guid.NewGuid():N}"));
        await using var server = WebServer.CreateTeam(site, new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();

        var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        long errors = 0, foreign = 0, requests = 0, own = 0;
        var firstErrors = new ConcurrentQueue<string>();
        foreach (var t in tenants) // each tenant's index is built at its first request: not part of the timed run
        {
            var warm = Stopwatch.StartNew();
            using var client = Client(server, t.Tokens[0]);
            var response = await client.GetAsync(new Uri($"/api/search?q={t.Canary}", UriKind.Relative));
            var hits = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32();
            if (hits != 1) throw new InvalidOperationException($"tenant {t.Id}'s canary should be found once in its own index, not {hits} times");
            Console.WriteLine($"  tenant {t.Id}: index built and first search in {warm.Elapsed.TotalSeconds:N1} s");
        }
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        var loops = tenants.SelectMany(t => t.Tokens.Select((token, i) => Analyst(t.Id, token, tenants.Where(o => o.Id != t.Id).Select(o => o.Canary).ToList(), t.Canary, i))).ToList();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(loops);
        var elapsed = clock.Elapsed.TotalSeconds;

        Console.WriteLine($"  {Tenants} tenants, {Tenants * AnalystsPerTenant} analysts for {elapsed:N1} s: {requests:N0} requests = {requests / elapsed:N0} requests/s; " +
                          $"{errors:N0} errors; {foreign:N0} responses holding another tenant's canary ({own:N0} holding their own tenant's)");
        foreach (var (kind, values) in latencies.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var sorted = values.Order().ToArray();
            Console.WriteLine($"    {kind,-14} {sorted.Length,7:N0} requests  p50 {Percentile(sorted, 0.5),7:N1} ms  p95 {Percentile(sorted, 0.95),7:N1} ms  max {sorted[^1],8:N1} ms");
        }
        foreach (var e in firstErrors.Take(5)) Console.WriteLine($"    error: {e}");
        return;

        async Task Analyst(long tenant, string token, List<string> others, string ownCanary, int seed)
        {
            var random = new Random(seed * 7919 + (int)tenant);
            using var client = Client(server, token);
            var keys = new List<string>();
            var entities = new List<long>();
            for (var n = 0; n < 100_000 && DateTimeOffset.UtcNow < deadline; n++) // bounded in count and in time
            {
                var roll = random.Next(10);
                var (kind, send) = roll switch
                {
                    _ when roll < 4 || keys.Count == 0 => ("search", (Func<Task<HttpResponseMessage>>)(() => client.GetAsync(new Uri(
                        $"/api/search?q={Uri.EscapeDataString(random.Next(20) == 0 ? ownCanary : Words[random.Next(Words.Length)])}&limit=20", UriKind.Relative)))),
                    < 6 => ("open record", () => client.GetAsync(new Uri($"/api/records/{keys[random.Next(keys.Count)]}", UriKind.Relative))),
                    < 8 when entities.Count > 0 => ("open entity", () => client.GetAsync(new Uri($"/api/entities/{entities[random.Next(entities.Count)]}", UriKind.Relative))),
                    _ => ("expand chart", () => client.PostAsJsonAsync(new Uri("/api/chart/expand", UriKind.Relative),
                        new { node = $"record:{keys[random.Next(keys.Count)]}", limit = 50, shown = Array.Empty<string>() })),
                };
                var watch = Stopwatch.StartNew();
                string body;
                HttpStatusCode status;
                try
                {
                    using var response = await send();
                    body = await response.Content.ReadAsStringAsync();
                    status = response.StatusCode;
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    firstErrors.Enqueue($"{kind}: {e.Message}");
                    continue;
                }
                latencies.GetOrAdd(kind, _ => []).Add(watch.Elapsed.TotalMilliseconds);
                Interlocked.Increment(ref requests);
                if (!((int)status < 300 || status == HttpStatusCode.NotFound && kind == "open entity"))
                {
                    Interlocked.Increment(ref errors);
                    firstErrors.Enqueue($"{kind}: {(int)status} {body[..Math.Min(200, body.Length)]}");
                    continue;
                }
                if (others.Any(c => body.Contains(c, StringComparison.Ordinal))) Interlocked.Increment(ref foreign);
                if (body.Contains(ownCanary, StringComparison.Ordinal)) Interlocked.Increment(ref own); // the check sees canaries where they may be
                if (kind == "search")
                    foreach (var hit in JsonDocument.Parse(body).RootElement.GetProperty("hits").EnumerateArray())
                    {
                        if (keys.Count < 500) keys.Add(hit.GetProperty("record").GetString()!);
                        if (entities.Count < 500 && hit.GetProperty("entity").ValueKind == JsonValueKind.Number) entities.Add(hit.GetProperty("entity").GetInt64());
                    }
            }
        }
    }

    private static HttpClient Client(WebServer server, string token)
    {
        var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
