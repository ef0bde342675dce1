using System.Text.Json;
using Minerva.App;
using Minerva.Generator;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve;
using Minerva.Resolve.Rules;
using Minerva.Storage.Sqlite;
using Minerva.Testing;

namespace Minerva.Web.Tests;

/// <summary>What the web tests serve: generated ads (with their photo files when asked) and one record of hostile markup (source <c>hostile</c>, id 1),
/// resolved into entities, behind a server on a free loopback port.</summary>
internal static class ServedCorpus
{
    public static async Task<WebServer> Start(SqliteWorkspace workspace, TempFolder folder, int ads, int seed, string hostileText, string hostileTitle, bool photos = false)
    {
        CorpusGenerator.Write(folder.Path, new CorpusOptions(Ads: ads, Seed: seed, Photos: photos));
        new Ingestor(workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml")), [folder.File("ads.jsonl")]);
        folder.Write("hostile.jsonl", JsonSerializer.Serialize(new { id = "1", text = hostileText, title = hostileTitle }) + "\n");
        new Ingestor(workspace).Run(DefinitionLoader.Parse(
            "source: hostile\nformat: jsonl\nid: { path: id }\nphone_region: US\nfields:\n  text: { path: text }\n  title: { path: title }\n", "hostile.yaml"),
            [folder.File("hostile.jsonl")]);
        new Resolver(workspace, RuleLoader.Load("ads")).Run();
        var server = WebServer.Create(new Workbench(workspace), 0);
        await server.StartAsync();
        return server;
    }
}
