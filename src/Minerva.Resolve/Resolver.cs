using System.Text.Json;
using Minerva.Resolve.Blocking;
using Minerva.Resolve.Clustering;
using Minerva.Resolve.Features;
using Minerva.Resolve.Rules;
using Minerva.Resolve.Scoring;
using Minerva.Storage;

namespace Minerva.Resolve;

/// <summary>
/// Resolves the records of a workspace into entities. A full run: features → hub suppression → blocking →
/// random-pair u → EM → scoring → anti-chaining clustering → stable entity ids → one transactional save.
/// An incremental run reuses the saved model and features, compares only pairs touching new records, and
/// re-clusters only the entities they link to.
/// </summary>
public sealed partial class Resolver(IWorkspace workspace, RuleSet rules, IReadOnlyList<LabelledPair>? labelled = null,
    IReadOnlyCollection<string>? excludedSources = null)
{
    private readonly StageClock _clock = new();

    /// <summary>Resolves incrementally when the last resolution used the same rules over the same sources, else fully.</summary>
    /// <exception cref="RuleException">The rules name a field no record in scope has.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the previous resolution is untouched.</exception>
    public ResolveReport Resolve(IProgress<ResolveProgress>? progress = null, CancellationToken cancel = default)
    {
        var last = workspace.GetLatestResolution();
        // Decisions are applied across the whole workspace: with any recorded, every run is a full one.
        return last is not null && last.Rules == rules.Text && last.Sources.SequenceEqual(ScopeSources()) && workspace.GetDecisions().Count == 0
            ? Update(last, progress, cancel)
            : Run(progress, cancel);
    }

    /// <summary>Runs a full resolution and saves it.</summary>
    /// <exception cref="RuleException">The rules name a field no record in scope has.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the previous resolution is untouched.</exception>
    public ResolveReport Run(IProgress<ResolveProgress>? progress = null, CancellationToken cancel = default)
    {
        var started = DateTimeOffset.UtcNow;
        var sources = ScopeSources();
        var space = FeatureSpace.For(rules);
        var table = new SelectorTable();
        var images = ImageForms.For(rules, workspace);
        var builder = new FeatureBuilder(space, table);
        var total = Math.Max(1, workspace.CountBySource().Where(s => sources.Contains(s.Key)).Sum(s => s.Value));
        var records = _clock.Time("features", () => builder.Build(workspace.ScanRecords(sources, NeedsPayload(space)),
            n => progress?.Report(new ResolveProgress("reading records", n / (double)total)), cancel));
        CheckFields(space, builder);
        var (hubs, hubIds) = _clock.Time("hubs", () => HubDetector.Strip(records, table, rules.Hubs));
        var frequency = TermFrequency.Measure(table, records.Count, hubIds) with
        {
            Fields = rules.Comparisons.OfType<FieldComparison>().Where(c => c.Method == FieldMethod.Tfidf).Select(c => c.Field).Distinct()
                .ToDictionary(f => f, f => FieldVocabulary.Measure(records.Select(r => r.Fields[space.FieldSlot(f)]))),
            Texts = rules.Comparisons.OfType<TextComparison>().Select(c => c.Field).Distinct()
                .ToDictionary(f => f, f => TextFrequency.Measure(records.Select(r => r.Signatures[space.TextSlot(f)]))),
        };
        var comparator = new Comparator(rules, space, table, frequency, images);
        progress?.Report(new ResolveProgress("blocking", 0));
        var generator = new CandidateGenerator(rules, space, table, images);
        var pairs = _clock.Time("blocking", () => generator.Generate(records, progress: f => progress?.Report(new ResolveProgress("blocking", f))));
        cancel.ThrowIfCancellationRequested();
        progress?.Report(new ResolveProgress("sampling random pairs", 0));
        var randomU = _clock.Time("random pairs", () => RandomPairs.MeasureU(records, comparator, rules.Em, rules.Link));
        var scored = _clock.Time("comparing", () => ScoredPairs.Compare(records, pairs, comparator, progress, cancel));
        progress?.Report(new ResolveProgress("fitting the model (EM)", 0));
        var model = _clock.Time("em", () => EmEstimator.Fit(rules.Comparisons, scored.CountPatterns(), randomU, frequency, rules.Em, MaxMatches(records)));
        if (labelled is { Count: > 0 }) model = Calibration.Calibrate(model, LabelledPatterns(records, comparator));
        var weigher = new PairWeigher(model, comparator, rules.LinkThreshold);
        progress?.Report(new ResolveProgress("scoring pairs", 0));
        var decisions = Decisions.Of(workspace, records);
        var links = _clock.Time("scoring", () => OneToOne.Keep(scored.Links(weigher, rules.LinkThreshold), rules.Link));
        links.AddRange(decisions.Links);
        var apart = _clock.Time("evidence against", () => scored.Apart(weigher, rules.CannotLink, records.Count, links, decisions.Apart));
        progress?.Report(new ResolveProgress("clustering", 0));
        // Compared pairs at or below cannot_link are in 'apart'; the judge weighs the pairs blocking never paired.
        bool Contradict(int x, int y) => !scored.Compared(x, y) && weigher.Weight(records[x], records[y]) <= rules.CannotLink;
        var clusterer = new EvidenceClusterer(rules.LinkThreshold, rules.Bridge, apart, Contradict);
        var labels = _clock.Time("clustering", () => clusterer.Cluster(records.Count, links, f => progress?.Report(new ResolveProgress("clustering", f))));
        cancel.ThrowIfCancellationRequested();
        var ids = records.Select(r => r.Id).ToList();
        var (members, kept) = _clock.Time("entity ids", () => EntityIds.Assign(ids, labels, workspace.GetMemberships(sources), workspace.MaxEntityId() + 1));
        var sizes = labels.GroupBy(l => l).Select(g => g.Count()).ToList();
        var report = new ResolveReport("full", rules.Name, sources, records.Count, records.Count, pairs.LongLength, generator.Counts, links.Count,
            sizes.Count, sizes.Count(s => s > 1), sizes.Count == 0 ? 0 : sizes.Max(), kept, hubs, model, _clock.Seconds)
        {
            ApartPairs = apart.Pairs,
            KeptApart = clusterer.Refused,
            Contradictions = _clock.Time("checking", () => Contradictions.Count(labels, apart, clusterer.Unjudged, Contradict)),
        };
        progress?.Report(new ResolveProgress("saving", 0));
        _clock.Time("saving", () => Save(started, sources, model, report, members, StoredLinks(records, links, scored, comparator, decisions),
            hubs, records.Select((r, i) =>
            {
                // The stored features are most of what is saved: their count is the stage's progress.
                if (i % 10_000 == 0) progress?.Report(new ResolveProgress("saving", i / (double)records.Count));
                return Encode(r, space);
            }), incremental: false));
        return report;
    }

    /// <summary>In one-to-one linkage no more pairs can match than the smaller source has records.</summary>
    private long? MaxMatches(List<RecordFeatures> records) =>
        rules.Link is { OneToOne: true } link ? link.Across.Min(s => records.LongCount(r => r.Source == s)) : null;

    /// <summary>The comparison pattern of every labelled pair; a label naming a record out of scope is an error.</summary>
    private List<(ulong Pattern, bool Match)> LabelledPatterns(List<RecordFeatures> records, Comparator comparator)
    {
        var index = new Dictionary<long, int>(records.Count);
        for (var i = 0; i < records.Count; i++) index[records[i].Id] = i;
        int IndexOf(Core.RecordKey key) =>
            workspace.RecordId(key) is { } id && index.TryGetValue(id, out var i)
                ? i
                : throw new RuleException($"labelled record {key} is not in the workspace or not covered by rules '{rules.Name}'");
        return labelled!.Select(l => (comparator.Compare(records[IndexOf(l.A)], records[IndexOf(l.B)], out _), l.Match)).ToList();
    }

    /// <summary>Links as stored: record ids, the weight rounded to hundredths of a bit, and the evidence text.</summary>
    private static IEnumerable<StoredLink> StoredLinks(List<RecordFeatures> records, List<ScoredLink> links, ScoredPairs scored, Comparator comparator,
        Decisions? decisions = null)
    {
        var evidence = new EvidenceFormatter(comparator);
        return links.Select(l => new StoredLink(records[l.A].Id, records[l.B].Id, Math.Round(l.Weight, 2),
            decisions?.On(l.A, l.B) is { Same: true } d && l.Weight >= Decisions.SameWeight ? Decisions.Describe(d) : evidence.Describe(scored.PatternOf(l.A, l.B))));
    }

    private StoredFeatures Encode(RecordFeatures record, FeatureSpace space) =>
        FeatureCodec.Encode(record, rules.Blocking.MinHash, rules.Blocking.MinHash is { } m ? space.TextSlot(m.Field) : -1);

    // A source left out (a case dataset a release attaches afterwards) takes no part, so none of its rows can shape the entities.
    private List<string> ScopeSources() =>
        workspace.CountBySource().Keys.Where(s => rules.Covers(s) && excludedSources?.Contains(s) != true).Order(StringComparer.Ordinal).ToList();

    private static bool NeedsPayload(FeatureSpace space) => space.Fields.Concat(space.TextFields).Any(f => !FieldReader.BuiltIn.Contains(f));

    private void CheckFields(FeatureSpace space, FeatureBuilder builder)
    {
        foreach (var field in space.Fields.Concat(space.TextFields))
        {
            if (FieldReader.BuiltIn.Contains(field) || builder.SeenFields.ContainsKey(field)) continue;
            var line = rules.Comparisons.OfType<FieldComparison>().FirstOrDefault(c => c.Field == field)?.Line
                       ?? rules.Comparisons.OfType<TextComparison>().FirstOrDefault(c => c.Field == field)?.Line
                       ?? rules.Blocking.Keys.SelectMany(k => k.Parts).FirstOrDefault(p => p.Field == field)?.Line
                       ?? rules.Blocking.MinHash?.Line ?? 0;
            throw new RuleException(rules.File, line,
                $"unknown field '{field}': not a built-in field ({string.Join(", ", FieldReader.BuiltIn)}) and no record of " +
                $"{string.Join(", ", ScopeSources())} has it in its payload");
        }
    }

    private void Save(DateTimeOffset started, List<string> sources, MatchModel model, ResolveReport report, Dictionary<long, long> members,
        IEnumerable<StoredLink> links, IReadOnlyList<HubSelector> hubs, IEnumerable<StoredFeatures> features, bool incremental) =>
        workspace.SaveResolution(new Resolution(rules.Name, rules.Text, sources, started, DateTimeOffset.UtcNow,
            JsonSerializer.Serialize(model, ModelJson.Options), JsonSerializer.Serialize(report, ModelJson.Options),
            members, links, hubs, features, incremental));
}
