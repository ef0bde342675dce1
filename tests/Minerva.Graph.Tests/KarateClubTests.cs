using Minerva.Graph.Algorithms;

namespace Minerva.Graph.Tests;

/// <summary>Every algorithm against the published values for Zachary's karate club.</summary>
public sealed class KarateClubTests
{
    private readonly Graph _graph = KarateClub.Build();

    [Fact]
    public void It_has_34_members_78_ties_and_one_component()
    {
        Assert.Equal((34, 78L), (_graph.NodeCount, _graph.EdgeCount));
        Assert.Equal(16, _graph.Degree(0));
        Assert.Equal(17, _graph.Degree(33));
        Assert.Equal(1, new ConnectedComponents(_graph).Count);
    }

    [Fact]
    public void Betweenness_matches_the_published_values()
    {
        var b = new Betweenness(_graph);
        Assert.True(b.Exact);
        // networkx.betweenness_centrality(G, normalized=False): 0.437635 × 528 and 0.304075 × 528 normalised
        Assert.Equal(231.0714, b.Scores[0], 3);
        Assert.Equal(160.5516, b.Scores[33], 3);
        Assert.Equal(76.6905, b.Scores[32], 3);
        Assert.Equal(75.8508, b.Scores[2], 3);
        Assert.Equal(0.0, b.Scores[11], 9); // member 12 has one friend
    }

    [Fact]
    public void Sampled_betweenness_ranks_the_two_leaders_first()
    {
        var sampled = new Betweenness(_graph, samples: 20, seed: 4);
        Assert.False(sampled.Exact);
        var top = sampled.Scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).Take(2).Select(x => x.i).Order().ToArray();
        Assert.Equal([0, 33], top);
    }

    [Fact]
    public void Pagerank_matches_the_published_values()
    {
        var pr = new PageRank(_graph);
        Assert.Equal(1.0, pr.Scores.Sum(), 9);
        // networkx.pagerank(G, alpha=0.85)
        Assert.Equal(0.10092, pr.Scores[33], 4);
        Assert.Equal(0.09700, pr.Scores[0], 4);
        Assert.Equal(0.07169, pr.Scores[32], 4);
        Assert.Equal(0.05709, pr.Scores[2], 4);
    }

    [Fact]
    public void Louvain_finds_communities_with_the_known_modularity()
    {
        var louvain = new Louvain(_graph);
        // The best partition has Q = 0.4198 (Brandes et al. 2008); Louvain finds 0.4156–0.4198 depending on order.
        Assert.InRange(louvain.Modularity, 0.41, 0.4199);
        Assert.InRange(louvain.Count, 3, 5);
        Assert.Equal(louvain.Modularity, Louvain.ModularityOf(_graph, louvain.Community), 9);
        // The two leaders end up in different communities.
        Assert.NotEqual(louvain.Community[0], louvain.Community[33]);
    }

    [Fact]
    public void Modularity_of_the_observed_split_is_0_3582()
    {
        var split = Enumerable.Range(1, 34).Select(m => KarateClub.MrHi.Contains(m) ? 0 : 1).ToArray();
        Assert.Equal(0.3582, Louvain.ModularityOf(_graph, split), 4); // networkx.community.modularity on the "club" attribute
    }

    [Fact]
    public void Two_hop_neighbourhood_of_a_leaf_reaches_its_friends_friends()
    {
        var around = Neighborhood.Within(_graph, 11, 2); // member 12: only friend is member 1
        Assert.Equal((11, 0), around[0]);
        Assert.Equal((0, 1), around[1]);
        Assert.Equal(1 + 1 + 15, around.Count);
        Assert.All(around.Skip(2), x => Assert.Equal(2, x.Distance));
    }
}
