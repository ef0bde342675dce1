using System.Buffers.Binary;
using System.Text.Json;
using Minerva.Core;
using Minerva.Images;
using Minerva.Resolve.Blocking;
using Minerva.Resolve.Clustering;
using Minerva.Resolve.Features;
using Minerva.Resolve.Scoring;
using Minerva.Storage;

namespace Minerva.Resolve;

public sealed partial class Resolver
{
    /// <summary>
    /// Adds the records ingested since <paramref name="last"/>. Their features are computed; the stored records they
    /// could pair with are found through the workspace's indexes (holders of their selectors, stored LSH band keys,
    /// similar handle values, blocking keys) and only those are read back, so the cost follows the new records, not
    /// the workspace. Pairs touching a new record are scored with the saved model (no EM); the entities they link to
    /// are re-clustered with their stored links; everything else stays as it was.
    /// </summary>
    private ResolveReport Update(ResolutionInfo last, IProgress<ResolveProgress>? progress, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        var sources = ScopeSources();
        var inScope = (int)workspace.CountBySource().Where(s => sources.Contains(s.Key)).Sum(s => s.Value);
        var space = FeatureSpace.For(rules);
        var table = new SelectorTable();
        var images = ImageForms.For(rules, workspace);
        var builder = new FeatureBuilder(space, table);
        var model = JsonSerializer.Deserialize<MatchModel>(last.Model, ModelJson.Options)!;
        var added = _clock.Time("features", () => builder.Build(workspace.ScanUnresolved(sources, NeedsPayload(space)), null, cancel));
        if (added.Count == 0) return new ResolveReport("incremental", rules.Name, sources, inScope, 0, 0, [], 0, 0, 0, 0, 0, [], model, _clock.Seconds);
        CheckFields(space, builder);
        progress?.Report(new ResolveProgress("finding stored candidates", 0));
        var knownHubs = workspace.GetHubs();
        var candidates = _clock.Time("stored candidates", () => StoredCandidates(added, sources, space, table, knownHubs, images));
        var records = _clock.Time("stored features", () =>
            workspace.FeaturesOf(candidates).Select(row => FeatureCodec.Decode(row, space, table, builder.Shared)).ToList());
        var firstNew = records.Count;
        records.AddRange(added);
        var (hubs, _) = _clock.Time("hubs", () => HubDetector.Strip(records, table, rules.Hubs, knownHubs));
        var comparator = new Comparator(rules, space, table, model.Frequency with { Records = inScope }, images);
        var generator = new CandidateGenerator(rules, space, table, images);
        var pairs = _clock.Time("blocking", () => generator.Generate(records, firstNew, f => progress?.Report(new ResolveProgress("blocking", f))));
        cancel.ThrowIfCancellationRequested();
        var scored = _clock.Time("comparing", () => ScoredPairs.Compare(records, pairs, comparator, progress, cancel));
        var weigher = new PairWeigher(model, comparator, rules.LinkThreshold);
        var links = _clock.Time("scoring", () => scored.Links(weigher, rules.LinkThreshold));
        // Every compared pair counts here: a stored record may be linked through its stored links only.
        var apartPairs = scored.Apart(weigher, rules.CannotLink, records.Count);

        // The neighbourhood to re-cluster: new records and every member of an entity a new record links to.
        var linkedOld = links.SelectMany(l => new[] { l.A, l.B }).Where(i => i < firstNew).Select(i => records[i].Id).ToHashSet();
        var affected = workspace.MembershipsOf(linkedOld).Values.ToHashSet();
        var previous = workspace.MembersOf(affected);
        var (local, localLinks, featuresOf, apart) = _clock.Time("neighbourhood", () =>
        {
            var memberIds = previous.Keys.ToHashSet();
            var nodes = memberIds.Concat(added.Select(r => r.Id)).Distinct().ToList();
            var index = nodes.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
            var stored = workspace.LinksAmong(memberIds).Select(l => new ScoredLink(index[l.A], index[l.B], l.Weight));
            var fresh = links.Select(l => new ScoredLink(index[records[l.A].Id], index[records[l.B].Id], l.Weight));
            // Members whose features were not read back cannot be judged; the pairs compared now can.
            var byId = records.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
            var features = nodes.Select(id => byId.TryGetValue(id, out var i) ? i : -1).ToArray();
            var against = PartnerIndex.Of(nodes.Count, () => apartPairs.All()
                .Where(p => index.ContainsKey(records[p.A].Id) && index.ContainsKey(records[p.B].Id))
                .Select(p => (index[records[p.A].Id], index[records[p.B].Id])));
            return (nodes, stored.Concat(fresh).ToList(), features, against);
        });
        // Compared pairs at or below cannot_link are in 'apart'; the judge weighs the others whose features were read.
        bool Contradict(int x, int y) => featuresOf[x] is >= 0 and var a && featuresOf[y] is >= 0 and var b && !scored.Compared(a, b)
                                         && weigher.Weight(records[a], records[b]) <= rules.CannotLink;
        var clusterer = new EvidenceClusterer(rules.LinkThreshold, rules.Bridge, apart, Contradict);
        progress?.Report(new ResolveProgress("clustering", 0));
        var labels = _clock.Time("clustering", () => clusterer.Cluster(local.Count, OneToOne.Keep(localLinks, rules.Link), f => progress?.Report(new ResolveProgress("clustering", f))));
        cancel.ThrowIfCancellationRequested();
        var (members, kept) = EntityIds.Assign(local, labels, previous, workspace.MaxEntityId() + 1);
        var sizes = labels.GroupBy(l => l).Select(g => g.Count()).ToList();
        var report = new ResolveReport("incremental", rules.Name, sources, inScope, added.Count, pairs.LongLength, generator.Counts,
            links.Count, sizes.Count, sizes.Count(s => s > 1), sizes.Count == 0 ? 0 : sizes.Max(), kept, hubs, model, _clock.Seconds)
        {
            ApartPairs = apartPairs.Pairs,
            KeptApart = clusterer.Refused,
            Contradictions = Contradictions.Count(labels, apart, clusterer.Unjudged, Contradict),
        };
        _clock.Time("saving", () => Save(started, sources, model, report, members, StoredLinks(records, links, scored, comparator),
            hubs, added.Select(r => Encode(r, space)), incremental: true));
        return report;
    }

    /// <summary>Stored records with a photo near one of the new records' photos, by the blocker's rule.</summary>
    private HashSet<long> NearImageHolders(List<RecordFeatures> added, FeatureSpace space, SelectorTable table, ImageForms images, Rules.ImageBlocking near)
    {
        var holders = new HashSet<long>();
        var slot = space.KindSlot(SelectorKind.ImageHash);
        var fresh = added.SelectMany(r => r.Selectors[slot]).Select(id => table[id].Value).Distinct().ToList();
        if (fresh.Count == 0) return holders;
        var stored = workspace.DistinctValues(SelectorKind.ImageHash);
        var finder = new NearDuplicates(stored.Select(Hash256.Parse).ToList());
        foreach (var value in fresh)
            foreach (var position in finder.FindReposts(images.Of(value), near.Radius))
                holders.UnionWith(workspace.Holders(SelectorKind.ImageHash, stored[position]));
        return holders;
    }

    /// <summary>Stored records any blocker could pair with a new one: exactly those a full run's blocks would hold.</summary>
    private HashSet<long> StoredCandidates(List<RecordFeatures> added, List<string> sources, FeatureSpace space, SelectorTable table,
        IReadOnlyList<HubSelector> knownHubs, ImageForms images)
    {
        var blocking = rules.Blocking;
        var hubs = knownHubs.Select(h => (h.Kind, h.Value)).ToHashSet();
        var candidates = new HashSet<long>();
        foreach (var kind in blocking.Selectors)
        {
            var slot = space.KindSlot(kind);
            foreach (var id in added.SelectMany(r => r.Selectors[slot]).Distinct())
                if (!hubs.Contains(table[id])) candidates.UnionWith(workspace.Holders(kind, table[id].Value));
        }
        if (blocking.MinHash is { } lsh)
        {
            var slot = space.TextSlot(lsh.Field);
            var wanted = Enumerable.Range(0, lsh.Bands).Select(_ => new HashSet<ulong>()).ToArray();
            foreach (var record in added)
                if (record.Signatures[slot] is { } signature)
                    for (var band = 0; band < lsh.Bands; band++) wanted[band].Add(MinHasher.BandKey(signature, band, lsh.Rows));
            foreach (var (id, bands) in workspace.ScanBands(sources))
                for (var band = 0; band < lsh.Bands && 8 * band + 8 <= bands.Length; band++)
                    if (wanted[band].Contains(BinaryPrimitives.ReadUInt64LittleEndian(bands.AsSpan(8 * band))))
                    {
                        candidates.Add(id);
                        break;
                    }
        }
        if (blocking.Handles is { } handles)
        {
            var slot = space.KindSlot(SelectorKind.Handle);
            var fresh = added.SelectMany(r => r.Selectors[slot]).Select(id => table[id].Value).ToList();
            if (fresh.Count > 0)
                foreach (var value in CandidateGenerator.SimilarHandleValues(workspace.DistinctValues(SelectorKind.Handle), fresh, handles, blocking.MaxBlock))
                    candidates.UnionWith(workspace.Holders(SelectorKind.Handle, value));
        }
        if (blocking.Images is { } near) candidates.UnionWith(NearImageHolders(added, space, table, images, near));
        if (blocking.Keys.Count > 0 || blocking.Tokens is not null)
        {
            var keys = blocking.Keys.Select(k => (Key: k, Slots: k.Parts.Select(p => space.FieldSlot(p.Field)).ToArray())).ToList();
            var wanted = added.SelectMany(r => keys.Select(k => CandidateGenerator.KeyOf(r.Fields, k.Key, k.Slots))).OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            // Rare-word blocking: any stored record sharing a word; the generator then skips the words that are not rare.
            var wordSlot = blocking.Tokens is { } tokens ? space.FieldSlot(tokens.Field) : -1;
            var words = wordSlot < 0 ? [] : added.SelectMany(r => r.Fields[wordSlot] is { } v ? FieldVocabulary.Words(v) : []).ToHashSet(StringComparer.Ordinal);
            foreach (var (id, text) in workspace.ScanStoredFields(sources))
            {
                var fields = FeatureCodec.DecodeFields(text, space.Fields.Count);
                if (keys.Any(k => CandidateGenerator.KeyOf(fields, k.Key, k.Slots) is { } key && wanted.Contains(key))
                    || (wordSlot >= 0 && fields[wordSlot] is { } value && FieldVocabulary.Words(value).Any(words.Contains))) candidates.Add(id);
            }
        }
        candidates.ExceptWith(added.Select(r => r.Id));
        return candidates;
    }
}
