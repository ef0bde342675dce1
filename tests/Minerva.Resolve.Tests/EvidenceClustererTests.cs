using Minerva.Resolve.Clustering;

namespace Minerva.Resolve.Tests;

public sealed class EvidenceClustererTests
{
    private readonly EvidenceClusterer _clusterer = new(threshold: 6, bridge: 6);

    [Fact]
    public void A_single_weak_link_does_not_chain_two_dense_groups()
    {
        var links = Clique(0, 5, 20).Concat(Clique(5, 5, 20)).Append(new ScoredLink(4, 5, 8)).ToList();
        var labels = _clusterer.Cluster(10, links);
        Assert.Equal(2, labels.Distinct().Count());
        Assert.All(labels.Take(5), l => Assert.Equal(0, l));
        Assert.All(labels.Skip(5), l => Assert.Equal(5, l));
    }

    [Fact]
    public void Several_links_between_groups_merge_them()
    {
        var links = Clique(0, 5, 20).Concat(Clique(5, 5, 20))
            .Concat([new ScoredLink(0, 5, 8), new ScoredLink(1, 6, 8), new ScoredLink(2, 7, 8)]).ToList();
        Assert.Single(_clusterer.Cluster(10, links).Distinct());
    }

    [Fact]
    public void A_lone_record_joins_a_group_on_one_link_above_the_threshold()
    {
        var links = Clique(0, 6, 20).Append(new ScoredLink(3, 6, 6.5)).ToList();
        var labels = _clusterer.Cluster(8, links);
        Assert.Equal(0, labels[6]);
        Assert.Equal(7, labels[7]); // unlinked: its own entity
    }

    [Fact]
    public void The_result_does_not_depend_on_link_order()
    {
        var random = new Random(3);
        var links = new List<ScoredLink>();
        for (var i = 0; i < 400; i++) links.Add(new ScoredLink(random.Next(120), random.Next(120), 6 + random.NextDouble() * 20));
        var expected = _clusterer.Cluster(120, links);
        for (var trial = 0; trial < 5; trial++)
            Assert.Equal(expected, _clusterer.Cluster(120, links.OrderBy(_ => random.Next()).ToList()));
    }

    [Fact]
    public void Merging_needs_more_evidence_as_the_smaller_group_grows()
    {
        Assert.Equal(6, _clusterer.Required(1, 50));
        Assert.Equal(12, _clusterer.Required(2, 50));
        Assert.Equal(30, _clusterer.Required(16, 20));
    }

    private static IEnumerable<ScoredLink> Clique(int from, int size, double weight)
    {
        for (var a = from; a < from + size; a++)
            for (var b = a + 1; b < from + size; b++)
                yield return new ScoredLink(a, b, weight);
    }
}
