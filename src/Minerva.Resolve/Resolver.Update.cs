using System.Text.Json;
using Minerva.Resolve.Blocking;
using Minerva.Resolve.Clustering;
using Minerva.Resolve.Features;
using Minerva.Resolve.Scoring;
using Minerva.Storage;

namespace Minerva.Resolve;

public sealed partial class Resolver
{
    /// <summary>
    /// Adds the records ingested since <paramref name="last"/>: their features are computed, the others' are read
    /// back; only pairs touching a new record are compared (with the saved model, no EM); the entities they link
    /// to are re-clustered with their stored links; everything else stays as it was.
    /// </summary>
    private ResolveReport Update(ResolutionInfo last, IProgress<ResolveProgress>? progress, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        var sources = ScopeSources();
        var space = FeatureSpace.For(rules);
        var table = new SelectorTable();
        var builder = new FeatureBuilder(space, table);
        var model = JsonSerializer.Deserialize<MatchModel>(last.Model, ModelJson.Options)!;
        var added = _clock.Time("features", () => builder.Build(workspace.ScanUnresolved(sources, NeedsPayload(space)), null, cancel));
        if (added.Count == 0)
        {
            var inScope = (int)workspace.CountBySource().Where(s => sources.Contains(s.Key)).Sum(s => s.Value);
            return new ResolveReport("incremental", rules.Name, sources, inScope, 0, 0, [], 0, 0, 0, 0, 0, [], model, _clock.Seconds);
        }
        CheckFields(space, builder);
        progress?.Report(new ResolveProgress("reading stored features", 0));
        var records = _clock.Time("stored features", () => ReadStored(sources, space, table, builder, cancel));
        var firstNew = records.Count;
        records.AddRange(added);
        var (hubs, _) = _clock.Time("hubs", () => HubDetector.Strip(records, table, rules.Hubs));
        var comparator = new Comparator(rules, space, table, model.Frequency with { Records = records.Count });
        var generator = new CandidateGenerator(rules, space, table);
        var pairs = _clock.Time("blocking", () => generator.Generate(records, firstNew));
        cancel.ThrowIfCancellationRequested();
        var scored = _clock.Time("comparing", () => ScoredPairs.Compare(records, pairs, comparator, progress, cancel));
        var links = _clock.Time("scoring", () => scored.Links(model, rules.LinkThreshold, comparator));

        // The neighbourhood to re-cluster: new records and every member of an entity a new record links to.
        var previous = workspace.GetMemberships(sources);
        var affected = links.SelectMany(l => new[] { l.A, l.B }).Where(i => i < firstNew)
            .Select(i => previous.GetValueOrDefault(records[i].Id, -1)).Where(e => e >= 0).ToHashSet();
        var (local, localLinks) = _clock.Time("neighbourhood", () =>
        {
            var memberIds = workspace.MembersOf(affected).Keys.ToHashSet();
            var nodes = memberIds.Concat(added.Select(r => r.Id)).Distinct().ToList();
            var index = nodes.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
            var stored = workspace.LinksAmong(memberIds).Select(l => new ScoredLink(index[l.A], index[l.B], l.Weight));
            var fresh = links.Select(l => new ScoredLink(index[records[l.A].Id], index[records[l.B].Id], l.Weight));
            return (nodes, stored.Concat(fresh).ToList());
        });
        var labels = _clock.Time("clustering", () => new EvidenceClusterer(rules.LinkThreshold, rules.Bridge).Cluster(local.Count, localLinks));
        cancel.ThrowIfCancellationRequested();
        var (members, kept) = EntityIds.Assign(local, labels, previous, workspace.MaxEntityId() + 1);
        var sizes = labels.GroupBy(l => l).Select(g => g.Count()).ToList();
        var report = new ResolveReport("incremental", rules.Name, sources, records.Count, added.Count, pairs.LongLength, generator.Counts,
            links.Count, sizes.Count, sizes.Count(s => s > 1), sizes.Count == 0 ? 0 : sizes.Max(), kept, hubs, model, _clock.Seconds);
        var evidence = new EvidenceFormatter(comparator);
        _clock.Time("saving", () => Save(started, sources, model, report, members,
            links.Select(l => new StoredLink(records[l.A].Id, records[l.B].Id, Math.Round(l.Weight, 2), evidence.Describe(scored.PatternOf(l.A, l.B)))),
            hubs, added.Select(FeatureCodec.Encode), incremental: true));
        return report;
    }

    /// <summary>Decodes stored features while a reader task pulls the next rows from the store (the two halves cost about the same).</summary>
    private List<RecordFeatures> ReadStored(List<string> sources, FeatureSpace space, SelectorTable table, FeatureBuilder builder, CancellationToken cancel)
    {
        using var rows = new System.Collections.Concurrent.BlockingCollection<List<FeatureRow>>(boundedCapacity: 4);
        var reader = Task.Run(() =>
        {
            try
            {
                foreach (var chunk in workspace.ScanFeatures(sources).Chunk(8192)) rows.Add([.. chunk], cancel);
            }
            finally
            {
                rows.CompleteAdding();
            }
        }, cancel);
        var records = new List<RecordFeatures>();
        foreach (var chunk in rows.GetConsumingEnumerable(cancel))
            foreach (var row in chunk) records.Add(FeatureCodec.Decode(row, space, table, builder.Shared));
        reader.GetAwaiter().GetResult();
        return records;
    }
}
