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

    [Fact]
    public void Two_records_whose_own_pair_says_different_people_are_not_joined_through_a_chain()
    {
        // 0–1–2–3 is a chain of strong links, but 0 and 3 score far below cannot_link when compared with each other.
        var links = new List<ScoredLink> { new(0, 1, 30), new(1, 2, 12), new(2, 3, 30) };
        var clusterer = new EvidenceClusterer(6, 6, judge: (x, y) => (Math.Min(x, y), Math.Max(x, y)) == (0, 3));
        var labels = clusterer.Cluster(4, links);
        Assert.NotEqual(labels[0], labels[3]);
        Assert.Equal(labels[0], labels[1]);
        Assert.Equal(labels[2], labels[3]);
        Assert.Equal(1, clusterer.Refused);
        Assert.Empty(clusterer.Unjudged);
        // Without the evidence against it, the same links make one entity.
        Assert.Single(new EvidenceClusterer(6, 6).Cluster(4, links).Distinct());
    }

    [Fact]
    public void A_compared_pair_below_cannot_link_keeps_two_groups_apart_however_large()
    {
        var links = Clique(0, 80, 20).Concat(Clique(80, 80, 20)).Concat(Enumerable.Range(0, 20).Select(i => new ScoredLink(i, 80 + i, 20))).ToList();
        Assert.Single(new EvidenceClusterer(6, 6).Cluster(160, links).Distinct());
        var apart = PartnerIndex.Of(160, () => [(5, 150)]);
        var clusterer = new EvidenceClusterer(6, 6, apart);
        var labels = clusterer.Cluster(160, links);
        Assert.Equal(2, labels.Distinct().Count());
        Assert.NotEqual(labels[5], labels[150]);
        var check = Contradictions.Count(labels, apart, clusterer.Unjudged, (_, _) => false);
        Assert.Equal(0, check.Below);
        Assert.True(check.PairsJudged > 0, "groups merged without judging every pair are checked afterwards");
    }

    [Fact]
    public void The_check_after_clustering_finds_a_contradiction_inside_an_entity_formed_without_judging_pairs()
    {
        var links = new List<ScoredLink> { new(0, 1, 30), new(1, 2, 30) };
        var clusterer = new EvidenceClusterer(6, 6); // no judge: merges are not checked pair by pair
        var labels = clusterer.Cluster(3, links);
        var check = Contradictions.Count(labels, PartnerIndex.Of(3, () => []), clusterer.Unjudged, (x, y) => x + y == 2);
        Assert.Equal((1L, 3L, 0), (check.Below, check.PairsJudged, check.TooLarge));
    }

    private static IEnumerable<ScoredLink> Clique(int from, int size, double weight)
    {
        for (var a = from; a < from + size; a++)
            for (var b = a + 1; b < from + size; b++)
                yield return new ScoredLink(a, b, weight);
    }
}
