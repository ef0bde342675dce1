using Minerva.Core;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Storage;
using Minerva.Testing;

namespace Minerva.App.Tests;

/// <summary>The use cases the command line and the web call, on generated ads resolved into entities.</summary>
public sealed class WorkbenchTests : ResolvedCorpusTest
{
    private Workbench Resolved() => Resolved(seed: 5);

    /// <summary>Facets count every match, not just the page: checked against the stored records of every hit.</summary>
    [Theory]
    [InlineData("has:phone")]
    [InlineData("has:email OR has:handle")]
    [InlineData("WORD")]
    public void Facets_count_every_match_as_the_stored_records_say(string query)
    {
        var workbench = Resolved();
        if (query == "WORD") // a word of the corpus that many ads share
            query = Workspace.ScanRecords(null, false).SelectMany(r => (r.Record.Text ?? "").Split(' ')).Where(w => w.Length > 4 && w.All(char.IsAsciiLetterLower))
                .GroupBy(w => w).OrderByDescending(g => g.Count()).Skip(3).First().Key;
        var response = workbench.Search(new SearchRequest(query, Limit: 5, Facets: true));
        var all = workbench.Search(new SearchRequest(query, Limit: Workbench.MaxLimit)).Hits;
        Assert.Equal(all.Count, response.Total);
        Assert.True(response.Total > 20, $"{query}: {response.Total} matches");
        Assert.Equal(5, response.Hits.Count);
        var records = all.Select(h => Workspace.GetRecord(RecordKey.Parse(h.Record))!).ToList();
        var facets = response.Facets!;
        void Same(IReadOnlyList<Search.FacetValue> counted, IEnumerable<string?> values, string name)
        {
            var truth = values.OfType<string>().GroupBy(v => v).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.All(counted, c => Assert.True(truth.GetValueOrDefault(c.Value) == c.Count, $"{query}: {name} {c.Value} counted {c.Count}, stored {truth.GetValueOrDefault(c.Value)}"));
            Assert.Equal(Math.Min(truth.Count, Search.FacetCounts.Top), counted.Count);
            Assert.Equal(counted.Select(c => c.Count).OrderDescending(), counted.Select(c => c.Count));
        }
        Same(facets.Sources, records.Select(r => r.Record.Key.Source), "source");
        Same(facets.Countries, records.Select(r => r.Record.Country?.ToUpperInvariant()), "country");
        Same(facets.Places, records.Select(r => r.Record.Location?.Trim().ToLowerInvariant()), "place");
        Same(facets.Kinds, records.SelectMany(r => r.Selectors.Select(x => x.Kind.Name()).Distinct()), "kind");
        var months = records.Where(r => r.Record.ObservedAt is not null).GroupBy(r => r.Record.ObservedAt!.Value.UtcDateTime.ToString("yyyy-MM"))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Search.FacetValue(g.Key, g.Count())).ToList();
        Assert.Equal(months, facets.Months);
        if (query == "has:phone") Assert.Equal(response.Total, facets.Kinds.Single(k => k.Value == "phone").Count);
    }

    [Fact]
    public void Pages_follow_each_other_without_gaps_or_repeats()
    {
        var workbench = Resolved();
        foreach (var query in new[] { "has:phone", "specials OR available" })
        {
            var whole = workbench.Search(new SearchRequest(query, Limit: 21)).Hits.Select(h => h.Record).ToList();
            var paged = Enumerable.Range(0, 3).SelectMany(p => workbench.Search(new SearchRequest(query, Limit: 7, Offset: 7 * p)).Hits.Select(h => h.Record)).ToList();
            Assert.Equal(whole, paged);
        }
        var total = workbench.Search(new SearchRequest("has:phone", Limit: 1)).Total;
        Assert.Empty(workbench.Search(new SearchRequest("has:phone", Limit: 10, Offset: total)).Hits);
        Assert.Contains("offset must be between 0 and", Assert.Throws<BadRequestException>(() => workbench.Search(new SearchRequest("has:phone", Offset: -1))).Message);
        Assert.Contains("one page, without facets", Assert.Throws<BadRequestException>(() =>
            workbench.Search(new SearchRequest("", Like: "gen:ad-0000001", Facets: true))).Message);
        Assert.Contains("selector kinds are", Assert.Throws<BadRequestException>(() => workbench.Search(new SearchRequest("has:shoe"))).Message);
    }

    [Fact]
    public void Records_like_one_come_back_best_first_without_it_and_mostly_from_its_network()
    {
        var workbench = Resolved();
        var truth = File.ReadLines(Folder.File("truth.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1]);
        var network = truth.GroupBy(t => t.Value).First(g => g.Count() >= 6);
        var seed = network.First().Key;
        var hits = workbench.Search(new SearchRequest("", Like: seed, Limit: 5)).Hits;
        Assert.Equal(5, hits.Count);
        Assert.DoesNotContain(hits, h => h.Record == seed);
        Assert.Equal(hits.Select(h => h.Score).OrderDescending(), hits.Select(h => h.Score));
        // Written from one template: its own network's ads come first (the other networks share the generic phrases).
        Assert.Equal(network.Key, truth[hits[0].Record]);
        Assert.Contains("is not a record key", Assert.Throws<BadRequestException>(() => workbench.Search(new SearchRequest("", Like: "nocolon"))).Message);
        Assert.Contains("no record", Assert.Throws<BadRequestException>(() => workbench.Search(new SearchRequest("", Like: "gen:nope"))).Message);
    }

    [Fact]
    public void A_search_ranks_higher_first_marks_its_matches_and_names_each_hits_entity()
    {
        var hits = Resolved().Search(new SearchRequest("apartment", Limit: 10)).Hits;
        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.True(h.Score > 0));
        Assert.Equal(hits.Select(h => h.Score).OrderDescending(), hits.Select(h => h.Score));
        Assert.All(hits, h => Assert.Contains(h.Snippet, p => p.Mark == "match" && p.Text.Equals("apartment", StringComparison.OrdinalIgnoreCase)));
        Assert.All(hits, h => Assert.Equal(Workspace.EntityOf(RecordKey.Parse(h.Record)), h.Entity));
    }

    [Theory]
    [InlineData("", 20, "empty query")]
    [InlineData("mia", 0, "limit must be between 1 and 10,000")]
    [InlineData("mia", 10_001, "limit must be between 1 and 10,000")]
    [InlineData("phone:", 20, "")]
    [InlineData("(mia OR lexi", 20, "not closed")]
    [InlineData("mia NEAR phone:+17135550142", 20, "NEAR joins")]
    public void A_bad_search_is_a_bad_request_saying_why(string query, int limit, string reason)
    {
        using var workbench = new Workbench(Workspace);
        var e = Assert.Throws<BadRequestException>(() => workbench.Search(new SearchRequest(query, Limit: limit)));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_record_marks_each_selector_where_it_was_written_and_counts_its_holders()
    {
        var workbench = Resolved();
        var key = Workspace.ScanRecords(["gen"], false).First(r => r.Selectors.Count(s => s.Kind == SelectorKind.Phone) == 1).Record.Key;
        var view = workbench.Record(key)!;
        var stored = Workspace.GetRecord(key)!;
        Assert.Equal(stored.Record.Text, string.Concat(view.Text.Select(p => p.Text)));
        var phone = stored.Selectors.Single(s => s.Kind == SelectorKind.Phone);
        Assert.Contains(view.Text, p => p.Mark == phone.Qualified && p.Text == stored.Record.Text![phone.Start..(phone.Start + phone.Length)]);
        Assert.Equal(Workspace.FindBySelector(SelectorKind.Phone, phone.Value, 10_000).Count, view.Selectors.Single(s => s.Kind == "phone").Holders);
        Assert.Equal(Workspace.EntityOf(key), view.Entity);
        Assert.Null(workbench.Record(new RecordKey("gen", "nope")));
    }

    [Fact]
    public void An_entity_lists_its_members_selectors_places_and_strongest_links()
    {
        var workbench = Resolved();
        var members = Workspace.ExportMemberships().GroupBy(m => m.Entity).OrderByDescending(g => g.Count()).First();
        var view = workbench.Entity(members.Key)!;
        Assert.Equal(members.Count(), view.Records);
        Assert.Equal(members.Select(m => m.Record.ToString()).Order(), view.Members.Select(m => m.Record).Order());
        Assert.Equal(view.Records, view.Places.Sum(p => p.Records) + view.Members.Count(m => m.Location is null && m.Country is null));
        Assert.NotEmpty(view.StrongestLinks);
        Assert.True(view.First <= view.Last);
        Assert.Null(workbench.Entity(999_999));
    }

    [Theory]
    [InlineData("Call 713 555 0142 now", new[] { "Call ", "713 555 0142", " now" })]
    [InlineData("713 555 0142", new[] { "713 555 0142" })]
    public void Text_splits_into_runs_around_selectors_and_overlapping_readings_share_one_run(string text, string[] runs)
    {
        var phone = new Selector(SelectorKind.Phone, "+17135550142", "713 555 0142", RecordField.Text, text.IndexOf('7', StringComparison.Ordinal), 12);
        var alternative = phone with { Value = "+447135550142", Note = "also reads as a GB number" };
        var parts = Workbench.WithSelectors(text, [phone, alternative], RecordField.Text);
        Assert.Equal(runs, parts.Select(p => p.Text));
        Assert.Equal("phone:+17135550142", Assert.Single(parts, p => p.Mark is not null).Mark);
        Assert.DoesNotContain(Workbench.WithSelectors(text, [phone], RecordField.Title), p => p.Mark is not null);
    }

    [Fact]
    public void A_snippet_keeps_its_text_and_marks_the_matched_words()
    {
        var parts = Workbench.Marked($"a {Highlight.Open}hotel{Highlight.Close} friendly {Highlight.Open}room{Highlight.Close}");
        Assert.Equal(["a ", "hotel", " friendly ", "room"], parts.Select(p => p.Text));
        Assert.Equal([null, "match", null, "match"], parts.Select(p => p.Mark));
    }

    /// <summary>A split takes the record out of its entity at the next resolution, and keeps it out at the one after.</summary>
    [Fact]
    public void A_record_split_out_of_its_entity_stays_out_of_it_after_every_resolution()
    {
        var workbench = Resolved();
        var network = Workspace.ExportMemberships().GroupBy(m => m.Entity).First(g => g.Count() >= 4).Select(m => m.Record).ToList();
        var split = network[1];
        var made = workbench.SplitOut(split, "analyst", "a different woman in the photos");
        Assert.Equal(network.Count - 1, made.Count);
        Assert.All(made, d => Assert.False(d.Same));
        Assert.Equal(network.Where(k => k != split).Select(k => k.ToString()).Order(), made.Select(d => d.B.ToString()).Order());

        foreach (var full in new[] { false, true })
        {
            var report = workbench.Resolve(new ResolveRequest(Full: full));
            Assert.Equal("full", report.Mode); // with decisions, every run is a full one
            var entityOfSplit = Workspace.EntityOf(split);
            Assert.All(network.Where(k => k != split), k => Assert.NotEqual(entityOfSplit, Workspace.EntityOf(k)));
            Assert.Single(network.Where(k => k != split).Select(k => Workspace.EntityOf(k)).Distinct()); // the rest stay together
        }
        Assert.Contains("alone in", Assert.Throws<BadRequestException>(() => workbench.SplitOut(split, "analyst", "again")).Message);
        Assert.Contains("say why", Assert.Throws<BadRequestException>(() => workbench.SplitOut(network[0], "analyst", " ")).Message);
    }

    /// <summary>The web's "re-resolve" names no rules: it keeps the workspace's own, and the sources it left out.</summary>
    [Fact]
    public void A_resolution_without_rules_named_keeps_the_last_ones_rules_and_scope()
    {
        var workbench = Resolved();
        var custom = Folder.Write("strict.yaml", File.ReadAllText(RepoPaths.Rules("ads.yaml")).Replace("name: ads", "name: strict-ads", StringComparison.Ordinal));
        Folder.Write("extra.jsonl", "{\"id\": \"x1\", \"text\": \"call 713 555 0142\"}\n");
        new Ingestor(Workspace).Run(DefinitionLoader.Parse("source: extra\nformat: jsonl\nid: { path: id }\nphone_region: US\nfields:\n  text: { path: text }\n", "extra.yaml"),
            [Folder.File("extra.jsonl")]);
        Assert.Equal("strict-ads", workbench.Resolve(new ResolveRequest(custom, ExcludeSources: ["extra"])).RuleSet);
        var again = workbench.Resolve(new ResolveRequest(Full: true));
        Assert.Equal("strict-ads", again.RuleSet);
        Assert.DoesNotContain("extra", again.Sources);
    }

    [Fact]
    public void Decisions_calibrate_the_model_as_labelled_pairs_when_asked()
    {
        var workbench = Resolved();
        Assert.Contains("no decisions to train on", Assert.Throws<BadRequestException>(() => workbench.Resolve(new ResolveRequest(TrainOnDecisions: true))).Message);
        var pairs = Workspace.ExportMemberships().GroupBy(m => m.Entity).Where(g => g.Count() >= 2).Take(6).Select(g => g.Take(2).Select(m => m.Record).ToList()).ToList();
        foreach (var pair in pairs) workbench.Mark(pair[0], pair[1], same: true, "analyst", "the same face");
        workbench.Mark(pairs[0][0], pairs[1][0], same: false, "analyst", "two networks");
        var plain = workbench.Resolve(new ResolveRequest());
        Assert.Equal(0, plain.Model.LabelledPairs);
        var trained = workbench.Resolve(new ResolveRequest(TrainOnDecisions: true));
        Assert.Equal(pairs.Count + 1, trained.Model.LabelledPairs);
        Assert.NotEqual(Workspace.EntityOf(pairs[0][0]), Workspace.EntityOf(pairs[1][0]));
        Assert.Contains("no source nope", Assert.Throws<BadRequestException>(() => workbench.Resolve(new ResolveRequest(ExcludeSources: ["nope"]))).Message);
    }

    /// <summary>The generator's cities are real ones: every sighting is on the map, and a circuit's moves have distances.</summary>
    [Fact]
    public void An_entitys_movement_is_placed_on_the_map_with_its_moves_distances_and_circuits()
    {
        var workbench = Resolved();
        var entities = Workspace.ExportMemberships().GroupBy(m => m.Entity).Where(g => g.Count() >= 3).Select(g => g.Key).ToList();
        var movements = entities.Select(e => workbench.Movement(e)!).ToList();
        Assert.All(movements, m => Assert.Equal(0, m.Unplaced));
        var circuit = movements.First(m => m.Circuits.Count > 0);
        var members = Workspace.EntityMembers(circuit.Entity);
        Assert.Equal(members.Count, circuit.Timeline.Count + circuit.WithoutTimeOrPlace);
        Assert.Equal(circuit.Timeline.Select(s => s.Time).Order(), circuit.Timeline.Select(s => s.Time));
        Assert.All(circuit.Timeline, s => Assert.InRange(s.Latitude!.Value, -90, 90));
        Assert.All(circuit.Moves, m => Assert.True(m.Kilometres > 0, $"{m.FromPlace} → {m.ToPlace}: {m.Kilometres} km"));
        Assert.All(circuit.Circuits[0].Records, r => Assert.Equal(0, circuit.Timeline.Single(s => s.Record == r).Circuit));
        // Houston to Dallas is 362 km as the crow flies, wherever a network moves between them.
        var houstonDallas = movements.SelectMany(m => m.Moves).FirstOrDefault(m => m.FromPlace == "Houston, US" && m.ToPlace == "Dallas, US");
        if (houstonDallas is not null) Assert.InRange(houstonDallas.Kilometres!.Value, 355, 370);
        Assert.Null(workbench.Movement(999_999));
        Assert.Throws<BadRequestException>(() => workbench.Movement(circuit.Entity, places: 0));
        Assert.Throws<BadRequestException>(() => workbench.Movement(circuit.Entity, days: double.NaN));
    }

    [Theory]
    [InlineData("E12", 12)]
    [InlineData("12", 12)]
    [InlineData("e7", 7)]
    public void Entity_ids_are_read_with_or_without_their_E(string text, long id) => Assert.Equal(id, Keys.Entity(text));

    [Theory]
    [InlineData("E")]
    [InlineData("E-1")]
    [InlineData("0")]
    [InlineData("12a")]
    public void A_malformed_entity_id_is_a_bad_request(string text) => Assert.Throws<BadRequestException>(() => Keys.Entity(text));
}
