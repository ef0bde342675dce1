using Minerva.Graph.Algorithms;

namespace Minerva.Graph.Tests;

/// <summary>Hand-checked small graphs and invariants on seeded random graphs.</summary>
public sealed class AlgorithmTests
{
    private static Graph Path(int n)
    {
        var b = new GraphBuilder();
        for (var i = 0; i < n; i++) b.Node(NodeKind.Other, $"p{i}");
        for (var i = 0; i + 1 < n; i++) b.Edge(i, i + 1, EdgeKind.Other);
        return b.Build();
    }

    private static Graph Random(int nodes, int edges, int seed)
    {
        var random = new Random(seed);
        var b = new GraphBuilder();
        for (var i = 0; i < nodes; i++) b.Node(NodeKind.Other, $"r{i}");
        for (var e = 0; e < edges; e++) b.Edge(random.Next(nodes), random.Next(nodes), EdgeKind.Other, 1 + random.Next(5));
        return b.Build();
    }

    [Fact]
    public void Betweenness_of_a_path_counts_the_pairs_each_node_separates() =>
        Assert.Equal([0.0, 3, 4, 3, 0], new Betweenness(Path(5)).Scores);

    /// <summary>Long betweenness runs report how far they are; the scores do not depend on being watched.</summary>
    [Fact]
    public void Betweenness_reports_its_progress_to_the_end()
    {
        var graph = Random(3000, 9000, 5);
        var seen = new System.Collections.Concurrent.ConcurrentBag<double>();
        var watched = new Betweenness(graph, samples: 1000, seed: 2, progress: seen.Add);
        Assert.InRange(seen.Count, 90, 110);
        Assert.Equal(1, seen.Max(), 9);
        var unwatched = new Betweenness(graph, samples: 1000, seed: 2).Scores;
        Assert.All(Enumerable.Range(0, unwatched.Count), v => Assert.Equal(unwatched[v], watched.Scores[v], 1e-6)); // sums merge in any order
    }

    /// <summary>PageRank reports each iteration; Louvain each level, with what it left.</summary>
    [Fact]
    public void PageRank_and_Louvain_report_their_steps()
    {
        var graph = Random(2000, 6000, 3);
        var iterations = new List<double>();
        var ranked = new PageRank(graph, iterations: 30, tolerance: 0, progress: iterations.Add);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => i / 30.0), iterations);
        Assert.Equal(new PageRank(graph, iterations: 30, tolerance: 0).Scores, ranked.Scores);
        var levels = new List<(int Level, int Count)>();
        var louvain = new Louvain(graph, level: (l, c) => levels.Add((l, c)));
        Assert.Equal(Enumerable.Range(1, louvain.Levels), levels.Select(l => l.Level));
        Assert.Equal(louvain.Count, levels[^1].Count);
    }

    [Fact]
    public void The_strongest_path_avoids_a_weak_shortcut()
    {
        var b = new GraphBuilder();
        var (phone, a, x, y, person) = (b.Node(NodeKind.Phone, "phone:1"), b.Node(NodeKind.Record, "r:a"), b.Node(NodeKind.Record, "r:x"),
            b.Node(NodeKind.Record, "r:y"), b.Node(NodeKind.Entity, "e:1"));
        b.Edge(phone, a, EdgeKind.Has, 20);
        b.Edge(a, person, EdgeKind.Linked, 0.5); // weak direct link
        b.Edge(a, x, EdgeKind.Linked, 20);
        b.Edge(x, y, EdgeKind.Linked, 20);
        b.Edge(y, person, EdgeKind.Member, 20);
        var g = b.Build();
        Assert.Equal([phone, a, person], Paths.Shortest(g, phone, person));
        Assert.Equal([phone, a, x, y, person], Paths.Strongest(g, phone, person));
        var lone = new GraphBuilder();
        lone.Node(NodeKind.Other, "a");
        lone.Node(NodeKind.Other, "b");
        Assert.Empty(Paths.Shortest(lone.Build(), 0, 1));
    }

    [Fact]
    public void Components_agree_with_union_find_on_random_graphs()
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var g = Random(500, 400, seed);
            var parent = Enumerable.Range(0, g.NodeCount).ToArray();
            int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
            foreach (var (a, b, _, _) in g.Edges()) parent[Find(a)] = Find(b);
            var expected = Enumerable.Range(0, g.NodeCount).Select(Find).Distinct().Count();
            var components = new ConnectedComponents(g);
            Assert.True(expected == components.Count, $"seed {seed}");
            Assert.Equal(g.NodeCount, components.Sizes.Sum());
            foreach (var (a, b, _, _) in g.Edges()) Assert.Equal(components.Component[a], components.Component[b]);
        }
    }

    [Fact]
    public void Pagerank_sums_to_one_and_louvain_never_loses_to_singletons_on_random_graphs()
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var g = Random(400, 1200, seed);
            Assert.Equal(1.0, new PageRank(g).Scores.Sum(), 6);
            var louvain = new Louvain(g);
            var singletons = Louvain.ModularityOf(g, Enumerable.Range(0, g.NodeCount).ToArray());
            Assert.True(louvain.Modularity > singletons, $"seed {seed}");
            Assert.Equal(louvain.Modularity, Louvain.ModularityOf(g, louvain.Community), 9);
        }
    }

    [Fact]
    public void Repeated_edges_merge_and_self_loops_are_dropped()
    {
        var b = new GraphBuilder();
        var (x, y) = (b.Node(NodeKind.Phone, "phone:1"), b.Node(NodeKind.Record, "r:1"));
        Assert.Equal(x, b.Node(NodeKind.Phone, "phone:1"));
        b.Edge(x, y, EdgeKind.Has, 2);
        b.Edge(y, x, EdgeKind.Has, 3);
        b.Edge(x, x, EdgeKind.Has);
        var g = b.Build();
        Assert.Equal(1, g.EdgeCount);
        Assert.Equal(5f, g.Edge(x, y)!.Value.Weight);
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Edge(x, 9, EdgeKind.Has));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Edge(x, y, EdgeKind.Has, -1));
    }

    [Fact]
    public void Projection_joins_entities_sharing_selectors_but_not_through_a_hub()
    {
        var b = new GraphBuilder();
        var e = Enumerable.Range(0, 4).Select(i => b.Node(NodeKind.Entity, $"entity:{i}")).ToArray();
        var phone = b.Node(NodeKind.Phone, "phone:1");
        var hub = b.Node(NodeKind.Phone, "phone:hub");
        b.Edge(e[0], phone, EdgeKind.Has);
        b.Edge(e[1], phone, EdgeKind.Has);
        foreach (var x in e) b.Edge(x, hub, EdgeKind.Has);
        var (projected, skipped) = BipartiteProjection.Project(b.Build(), new HashSet<NodeKind> { NodeKind.Entity },
            new HashSet<NodeKind> { NodeKind.Phone }, maxDegree: 3);
        Assert.Equal((4, 1L, 1), (projected.NodeCount, projected.EdgeCount, skipped));
        Assert.NotNull(projected.Edge(projected.Find("entity:0"), projected.Find("entity:1")));
    }

    [Fact]
    public void Circuits_are_three_places_within_thirty_days()
    {
        var t0 = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        Sighting At(int day, string place) => new($"r:{day}", t0.AddDays(day), place);
        var circuit = new Movement([At(0, "Houston"), At(9, "Dallas"), At(20, "Austin"), At(25, "austin")]);
        var flag = Assert.Single(circuit.Circuits);
        Assert.Equal(["Houston", "Dallas", "Austin"], flag.Places);
        Assert.Equal(2, circuit.Moves.Count); // Austin and austin are one place
        Assert.Empty(new Movement([At(0, "Houston"), At(40, "Dallas"), At(80, "Austin")]).Circuits); // too slow
        Assert.Empty(new Movement([At(0, "Houston"), At(1, "Dallas"), At(2, "Houston")]).Circuits); // two places
    }
}
