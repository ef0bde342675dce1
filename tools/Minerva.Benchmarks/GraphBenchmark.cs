using System.Diagnostics;
using Minerva.Graph;
using Minerva.Graph.Algorithms;

namespace Minerva.Benchmarks;

/// <summary>
/// The graph core on a generated network of N nodes and 10·N edges shaped like an investigation graph: many small
/// dense groups (networks) joined by a few shared nodes, plus hubs. Prints build and algorithm times and memory.
/// </summary>
internal static class GraphBenchmark
{
    public static void Run(int nodes, int seed = 7)
    {
        var edges = 10L * nodes;
        var process = Process.GetCurrentProcess();
        var watch = Stopwatch.StartNew();
        var builder = new GraphBuilder();
        for (var i = 0; i < nodes; i++) builder.Node(NodeKind.Other, $"n{i}");
        var random = new Random(seed);
        const int group = 1000; // most edges stay inside groups, as networks do; wide enough that few edges repeat
        for (long e = 0; e < edges; e++)
        {
            var a = random.Next(nodes);
            var b = random.NextDouble() < 0.9 ? a / group * group + random.Next(group) : random.Next(nodes);
            if (b >= nodes) b = random.Next(nodes);
            if (a != b) builder.Edge(a, b, EdgeKind.Other, 1 + random.Next(3));
        }
        var graph = builder.Build();
        var build = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"graph: {graph.NodeCount:N0} nodes, {graph.EdgeCount:N0} edges built in {build:N1} s");
        builder = null;
        GC.Collect();
        Time("connected components", () => $"{new ConnectedComponents(graph).Count:N0} components");
        Time("PageRank, 20 iterations", () => $"{new PageRank(graph, iterations: 20, tolerance: 0).Iterations} iterations");
        Time("Louvain", () =>
        {
            var louvain = new Louvain(graph);
            return $"{louvain.Count:N0} communities, modularity {louvain.Modularity:0.000}, {louvain.Levels} levels";
        });
        Time("betweenness, 64 sampled sources", () => $"max {new Betweenness(graph, samples: 64).Scores.Max():N0}");
        var times = new double[200];
        for (var i = 0; i < times.Length; i++)
        {
            var w = Stopwatch.StartNew();
            Neighborhood.Within(graph, random.Next(nodes), 2);
            times[i] = w.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"  2-hop neighbourhood: p50 {times[100]:N2} ms, p95 {times[190]:N2} ms over 200 queries");
        process.Refresh();
        Console.WriteLine($"  peak working set {process.PeakWorkingSet64 / 1e6:N0} MB");
    }

    private static void Time(string what, Func<string> work)
    {
        var w = Stopwatch.StartNew();
        var result = work();
        Console.WriteLine($"  {what}: {w.Elapsed.TotalSeconds:N2} s ({result})");
    }
}
