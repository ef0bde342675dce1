using System.Text.Json;
using System.Xml.Linq;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary>graph commands on the resolved samples and on an edge list brought from elsewhere.</summary>
public sealed class GraphCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public GraphCliTests()
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        foreach (var (connector, input) in new[] { ("citypulse.yaml", "citypulse/ads.jsonl"), ("profiles.yaml", "profiles.csv") })
            Assert.Equal(0, Run("-w", Workspace, "ingest", "-c", RepoPaths.Connector(connector), RepoPaths.Sample(input)).Code);
        Assert.Equal(0, Run("-w", Workspace, "resolve").Code);
    }

    public void Dispose() => _folder.Dispose();

    private string Workspace => _folder.File("case.minerva");

    private JsonElement Json(params string[] args)
    {
        var (code, output, error) = Run(["-w", Workspace, "--json", .. args]);
        Assert.True(code == 0, error + output);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public void The_network_links_a_phone_to_the_profile_through_the_evidence()
    {
        var stats = Json("graph", "stats");
        Assert.True(stats.GetProperty("nodes_by_kind").GetProperty("entity").GetInt32() > 0);
        var steps = Json("graph", "path", "phone:+15125550177", "profiles:instagram/mia.rose22").EnumerateArray().ToList();
        var path = steps.Select(s => s.GetProperty("node").GetString()).ToList();
        // The phone is on two records: its edges weigh 1/log2(3); a rare shared value is strong evidence.
        Assert.Equal(1 / Math.Log2(3), steps[1].GetProperty("weight").GetDouble(), 4);
        Assert.Equal("phone:+15125550177", path[0]);
        Assert.Equal("record:profiles:instagram/mia.rose22", path[^1]);
        var around = Json("graph", "neighbors", "citypulse:cp-88123", "--hops", "1").EnumerateArray().Select(n => n.GetProperty("node").GetString()).ToList();
        Assert.Contains("phone:+17135550142", around);
        Assert.Contains("handle:instagram/mia.rose22", around);
        // A record key the workspace lacks is named as a missing record, not answered with how to spell one.
        var missing = Run("-w", Workspace, "graph", "path", "phone:+15125550177", "profiles:instagram/nobody");
        Assert.Equal(ExitCodes.Usage, missing.Code);
        Assert.Contains("no such record", missing.Err);
        Assert.Contains("use a record key", Run("-w", Workspace, "graph", "path", "phone:+15125550199", "profiles:instagram/mia.rose22").Err);
    }

    [Fact]
    public void Movement_flags_the_three_city_circuit_in_the_samples()
    {
        var movement = Json("graph", "movement", "citypulse:cp-88123");
        var circuit = Assert.Single(movement.GetProperty("circuits").EnumerateArray());
        Assert.Equal(["Houston, US", "Dallas, US", "Austin, US"], circuit.GetProperty("places").EnumerateArray().Select(p => p.GetString()!).ToArray());
    }

    [Fact]
    public void Exports_of_a_neighbourhood_open_as_xml_and_csv_reads_back_as_an_edge_list()
    {
        var graphml = _folder.File("net.graphml");
        Assert.Equal(0, Run("-w", Workspace, "graph", "export", "-f", "graphml", "-o", graphml, "--around", "citypulse:cp-88123", "--metrics").Code);
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        var nodes = XDocument.Load(graphml).Descendants(ns + "node").Count();
        Assert.InRange(nodes, 5, 40);
        // '-' is standard output, not a file named '-': the same document, the message on the error stream.
        var piped = Run("-w", Workspace, "graph", "export", "-f", "graphml", "-o", "-", "--around", "citypulse:cp-88123", "--metrics");
        Assert.True(piped.Code == 0, piped.Err);
        Assert.Equal(nodes, XDocument.Parse(piped.Out).Descendants(ns + "node").Count());
        Assert.Contains("standard output", piped.Err);
        Assert.Equal(ExitCodes.Usage, Run("-w", Workspace, "graph", "export", "-f", "csv", "-o", "-").Code);
        Assert.False(File.Exists("-"));
        var csv = _folder.File("net.csv");
        Assert.Equal(0, Run("-w", Workspace, "graph", "export", "-f", "csv", "-o", csv).Code);
        Assert.True(File.Exists(_folder.File("net.nodes.csv")));
        var fromWorkspace = Json("graph", "stats");
        var (code, output, error) = Run("--json", "graph", "--edges", csv, "stats");
        Assert.True(code == 0, error);
        var fromFile = JsonDocument.Parse(output).RootElement;
        Assert.Equal(fromWorkspace.GetProperty("edges").GetInt64(), fromFile.GetProperty("edges").GetInt64());
    }

    [Fact]
    public void Central_and_communities_work_on_an_edge_list_without_a_workspace()
    {
        var edges = _folder.Write("club.csv", "source,target,weight\nann,bob,1\nbob,cat,1\ncat,ann,1\ncat,dan,1\ndan,eve,1\neve,fay,1\nfay,dan,1\n");
        var (code, output, _) = Run("--json", "graph", "--edges", edges, "central", "--by", "betweenness", "--limit", "2");
        Assert.Equal(0, code);
        Assert.Equal(["cat", "dan"], JsonDocument.Parse(output).RootElement.EnumerateArray().Select(n => n.GetProperty("node").GetString()!).Order().ToArray());
        var communities = JsonDocument.Parse(Run("--json", "graph", "--edges", edges, "communities").Out).RootElement;
        Assert.Equal(2, communities.GetProperty("count").GetInt32());
        var bad = _folder.Write("bad.csv", "a,b,-1\n");
        var failed = Run("graph", "--edges", bad, "stats");
        Assert.Equal(ExitCodes.Usage, failed.Code);
        Assert.Contains("bad.csv:1:", failed.Err);
    }
}
