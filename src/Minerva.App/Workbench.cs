using Minerva.Core;
using Minerva.Resolve;
using Minerva.Resolve.Explain;
using Minerva.Resolve.Rules;
using Minerva.Resolve.Scoring;
using Minerva.Search;
using Minerva.Storage;

namespace Minerva.App;

/// <summary>
/// The investigator's use cases on one workspace — search, a record, an entity, why two records are (not) linked, and
/// the decision that two records are or are not one person — as requests and responses that the command line and the
/// web UI both call; they parse, call and render, nothing more.
/// </summary>
/// <param name="workspace">The workspace.</param>
/// <param name="index">Its search index; opened at the first search when not given (and then closed with the workbench).</param>
public sealed partial class Workbench(IWorkspace workspace, RecordIndex? index = null) : IDisposable
{
    private RecordIndex? _opened;

    private Searcher Searcher => new(workspace, index ?? (_opened ??= RecordIndex.Open(workspace)));

    /// <inheritdoc/>
    public void Dispose() => _opened?.Dispose();

    /// <summary>Most results one search may ask for.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Most hits a search may skip: deeper pages cost a heap of offset + limit, and a narrower query serves better.</summary>
    public const int MaxOffset = 10_000;

    /// <summary>The workspace's location, for messages.</summary>
    public string Location => workspace.Location;

    /// <summary>Who uses the workbench, as the audit trail names them: the system's user on a workstation.</summary>
    public string Actor
    {
        get => _actor();
        init => _actor = () => value;
    }

    /// <summary>Where <see cref="Actor"/> is read from at each call: on a team server, one workbench serves a tenant's users,
    /// and the user is the request's.</summary>
    public Func<string> ActorOf
    {
        init => _actor = value;
    }

    private readonly Func<string> _actor = () => Environment.UserName;

    /// <summary>The audit trail: what was searched, viewed, exported, corrected and released, by whom.</summary>
    public Auditing Audit => _audit ??= new Auditing(workspace.Audit);

    private Auditing? _audit;

    /// <summary>Writes one action of <see cref="Actor"/> to the trail.</summary>
    private void Audited(string action, string target, string detail) => Audit.Write(action, Actor, target, detail);

    private void Audited(string action, string target, string detail, string? region) => Audit.Write(action, Actor, target, detail, region);

    /// <summary>Link charts over the workspace's network.</summary>
    public Charts Charts => _charts ??= new Charts(workspace, Audited);

    private Charts? _charts;

    /// <summary>Photos: their facts, their re-posts, their files.</summary>
    public Photos Photos { get; } = new(workspace);

    /// <summary>Cases, notes and tags.</summary>
    public Casework Cases => _cases ??= new Casework(workspace, Charts, RecordOf, Audited);

    private Casework? _cases;

    /// <summary>The data owner's private releases and budgets.</summary>
    public Releasing.Releases Releases => _releases ??= new Releasing.Releases(workspace, Audited);

    private Releasing.Releases? _releases;

    /// <summary>Runs a search.</summary>
    /// <exception cref="BadRequestException">The query is empty or unreadable, or the limit is out of range.</exception>
    public SearchResponse Search(SearchRequest request)
    {
        if (request.Limit is < 1 or > MaxLimit) throw new BadRequestException($"limit must be between 1 and {MaxLimit:N0}, not {request.Limit}");
        if (request.From is { } from && request.To is { } to && to <= from) throw new BadRequestException("'to' must be after 'from'");
        if (request.Offset is < 0 or > MaxOffset) throw new BadRequestException($"offset must be between 0 and {MaxOffset:N0}, not {request.Offset}");
        if (request.Like is not null && (request.Offset > 0 || request.Facets)) throw new BadRequestException("records like one come as one page, without facets");
        SearchPage page;
        try
        {
            var options = new SearchOptions(request.Region?.ToUpperInvariant(), request.Fuzzy, request.Limit, request.Offset, request.Facets);
            var filter = new RecordFilter(request.Source, request.From, request.To, request.Location);
            if (request.Like is { } like)
            {
                var hits = Searcher.Like(RecordKey.TryParse(like, out var key) ? key : throw new BadRequestException($"'{like}' is not a record key (source:id)"), options, filter);
                page = new SearchPage(hits, hits.Count, null);
            }
            else page = Searcher.Page(request.Query ?? "", options, filter);
        }
        catch (QueryException e)
        {
            throw new BadRequestException(e.Message);
        }
        Audited("search", request.Like ?? "", Describe(request), request.Region?.ToUpperInvariant());
        return new SearchResponse(page.Hits.Select(h => new SearchResult(h.Record.Key.ToString(), h.Record.ObservedAt, h.Record.Title, h.Record.Location,
            h.Record.Country, h.Score, Marked(h.Snippet), workspace.EntityOf(h.Record.Key))).ToList(), page.Total, request.Offset, page.Facets);
    }

    /// <summary>A search as the trail keeps it: the query and each filter given.</summary>
    private static string Describe(SearchRequest r) => string.Join(' ', new[]
    {
        r.Query is { Length: > 0 } q ? q : null, r.Source is { } s ? $"source={s}" : null, r.Location is { } l ? $"location={l}" : null,
        r.From is { } f ? $"from={f:O}" : null, r.To is { } t ? $"to={t:O}" : null, r.Fuzzy ? "fuzzy" : null, r.Offset > 0 ? $"offset={r.Offset}" : null,
    }.OfType<string>());

    /// <summary>Looks up a list of selectors: which the workspace holds, how often, in which entities, and their newest records.</summary>
    /// <exception cref="BadRequestException">More than <see cref="SelectorLists.MaxSelectors"/> lines, or examples out of range.</exception>
    public SelectorListResponse FindSelectors(SelectorListRequest request)
    {
        if (request.Examples is < 1 or > 100) throw new BadRequestException($"examples must be between 1 and 100, not {request.Examples}");
        if (request.Lines.Count > SelectorLists.MaxSelectors) throw new BadRequestException($"at most {SelectorLists.MaxSelectors:N0} lines, not {request.Lines.Count:N0}");
        var found = new List<SelectorFound>();
        var missing = new List<SelectorLine>();
        var unreadable = new List<UnreadableLine>();
        var region = request.Region?.ToUpperInvariant();
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            if (SelectorLists.Read(line, region, out var reason) is not { } selector)
            {
                if (reason is not null) unreadable.Add(new UnreadableLine(i + 1, line.Length > 200 ? line[..200] : line, reason));
                continue;
            }
            var read = new SelectorLine(i + 1, selector.Kind.Name(), selector.Value);
            var count = workspace.CountSelector(selector.Kind, selector.Value);
            if (count == 0)
            {
                missing.Add(read);
                continue;
            }
            var holders = workspace.FindBySelector(selector.Kind, selector.Value, SelectorLists.EntitySample);
            var entityOf = holders.Select(h => workspace.EntityOf(h.Key)).ToList(); // each holder's entity read once
            var times = holders.Select(h => h.ObservedAt).OfType<DateTimeOffset>().ToList();
            found.Add(new SelectorFound(read, count, [.. entityOf.OfType<long>().Distinct().Order()], times.Count > 0 ? times.Max() : null,
                times.Count > 0 ? times.Min() : null,
                [.. holders.Take(request.Examples).Select((h, i) => new SearchResult(h.Key.ToString(), h.ObservedAt, h.Title, h.Location, h.Country, 0, [], entityOf[i]))]));
        }
        Audited("search", "", $"selector list of {request.Lines.Count:N0} lines: " + string.Join(' ', found.Select(f => f.Selector).Concat(missing).Take(1000).Select(l => $"{l.Kind}:{l.Value}")), region);
        return new SelectorListResponse([.. found.OrderByDescending(f => f.Records).ThenBy(f => f.Selector.Line)], missing, unreadable);
    }

    /// <summary>A record, or null when the workspace has none with that key; the view is audited (the attempt too).</summary>
    public RecordView? Record(RecordKey key)
    {
        var view = RecordOf(key);
        Audited("view", key.ToString(), view is null ? "no such record" : "");
        return view;
    }

    /// <summary>A record's view, not audited: what a view or an export made of many records shows of each (they audit themselves).</summary>
    private RecordView? RecordOf(RecordKey key)
    {
        var stored = workspace.GetRecord(key);
        if (stored is null) return null;
        var r = stored.Record;
        return new RecordView(r.Key.ToString(), r.ObservedAt, WithSelectors(r.Title, stored.Selectors, RecordField.Title),
            WithSelectors(r.Text, stored.Selectors, RecordField.Text), r.Url, r.Location, r.Country, r.Author, r.Platform, r.PhoneRegion, r.Attachments, r.Origin,
            stored.IngestedAt, stored.Revisions,
            stored.Selectors.Select(s => new SelectorView(s.Kind.Name(), s.Value, s.Original, s.Field.ToString().ToLowerInvariant(), s.Start, s.Length, s.Note,
                workspace.CountSelector(s.Kind, s.Value))).ToList(),
            workspace.EntityOf(key));
    }

    /// <summary>An entity, or null when there is none with that id.</summary>
    /// <param name="id">The entity id.</param>
    /// <param name="strongestLinks">How many of its strongest links to include.</param>
    public EntityView? Entity(long id, int strongestLinks = 10)
    {
        var members = workspace.EntityMembers(id);
        Audited("view", $"E{id}", members.Count == 0 ? "no such entity" : "");
        if (members.Count == 0) return null;
        var times = members.Where(m => m.ObservedAt is not null).Select(m => m.ObservedAt!.Value).ToList();
        var places = members.Select(m => Network.Place(m.Location, m.Country)).OfType<string>().GroupBy(p => p)
            .Select(g => new PlaceView(g.Key, g.Count())).OrderByDescending(p => p.Records).ThenBy(p => p.Place, StringComparer.Ordinal).ToList();
        return new EntityView(id, members.Count, times.Count > 0 ? times.Min() : null, times.Count > 0 ? times.Max() : null,
            members.Select(m => new MemberView(m.Key.ToString(), m.ObservedAt, m.Title, m.Location, m.Country)).ToList(),
            workspace.EntitySelectors(id).Select(s => new EntitySelectorView(s.Kind.Name(), s.Value, s.Records)).ToList(),
            places,
            workspace.EntityLinks(id, strongestLinks).Select(l => new LinkItem(l.A.ToString(), l.B.ToString(), l.Weight, l.Evidence)).ToList());
    }

    /// <summary>An entity's movement: its timeline of places (placed on the map by the shipped gazetteer), the moves with their
    /// distances, and circuit flags — <paramref name="places"/> or more places within <paramref name="days"/> days. Null when
    /// there is no such entity.</summary>
    /// <exception cref="BadRequestException">The places or days are out of range.</exception>
    public MovementView? Movement(long entity, int places = 3, double days = 30)
    {
        if (places is < 1 or > 100) throw new BadRequestException($"places must be between 1 and 100, not {places}");
        if (days is not (> 0 and <= 3660)) throw new BadRequestException($"days must be above 0 and at most 3,660, not {days}");
        var members = workspace.EntityMembers(entity);
        return members.Count == 0 ? null : Movements.Of(entity, members, places, days);
    }

    /// <summary>Counts, the newest <paramref name="runs"/> ingest runs and the newest <paramref name="quarantined"/> rejected inputs.</summary>
    /// <exception cref="BadRequestException">A limit is out of range.</exception>
    public WorkspaceOverview Overview(int runs = 20, int quarantined = 50)
    {
        if (runs is < 1 or > MaxLimit) throw new BadRequestException($"runs must be between 1 and {MaxLimit:N0}, not {runs}");
        var entries = Quarantine(quarantined);
        return new WorkspaceOverview(workspace.Location, workspace.GetStats(), workspace.GetRuns(runs), entries);
    }

    /// <summary>The newest <paramref name="limit"/> rejected inputs, each with its file, place and reason (without the counts
    /// <see cref="Overview"/> adds, which scan every selector).</summary>
    /// <exception cref="BadRequestException">The limit is out of range.</exception>
    public IReadOnlyList<QuarantineEntry> Quarantine(int limit = 50) =>
        limit is < 1 or > MaxLimit ? throw new BadRequestException($"quarantined must be between 1 and {MaxLimit:N0}, not {limit}") : workspace.GetQuarantine(limit);

    /// <summary>A dataset's privacy ledger, read-only. The store checks the ledger's hash chain on every read, so a ledger
    /// edited behind Minerva's back is an error here rather than a page of wrong figures.</summary>
    /// <exception cref="BadRequestException">No dataset is named.</exception>
    public LedgerView Ledger(string dataset)
    {
        if (string.IsNullOrWhiteSpace(dataset)) throw new BadRequestException("name the dataset whose ledger to show");
        var budget = workspace.GetBudget(dataset);
        var spends = workspace.GetSpends(dataset);
        var (rho, delta) = App.Ledger.Totals(spends);
        var state = budget is null ? null : App.Ledger.State(budget, spends);
        return new LedgerView(dataset, budget, state?.TotalRho, rho, delta, state?.SpentEpsilon, state?.RemainingRho, spends, workspace.GetBudgetChanges(dataset));
    }

    /// <summary>The entity of a record, or null when it has none (not resolved, or unknown).</summary>
    public long? EntityOf(RecordKey key) => workspace.EntityOf(key);

    /// <summary>Why two records are, or are not, in one entity.</summary>
    /// <exception cref="BadRequestException">The workspace was never resolved, or a key is unknown.</exception>
    public PairExplanation Why(RecordKey a, RecordKey b)
    {
        try
        {
            return new PairExplainer(workspace).Explain(a, b);
        }
        catch (RuleException e)
        {
            throw new BadRequestException(e.Message);
        }
    }

    /// <summary>Records that two records are (<paramref name="same"/>) or are not one person. Every resolution after it keeps
    /// to it: run <c>resolve</c> to see the entities change.</summary>
    /// <exception cref="BadRequestException">A record is unknown, the two are one record, or no reason is given.</exception>
    public Decision Mark(RecordKey a, RecordKey b, bool same, string by, string reason)
    {
        if (a == b) throw new BadRequestException("a record is always the same as itself: name two records");
        CheckWhoAndWhy(by, reason);
        foreach (var key in new[] { a, b })
            if (workspace.RecordId(key) is null) throw new BadRequestException($"no record {key} in {workspace.Location}");
        var id = workspace.AddDecision(a, b, same, by.Trim(), reason.Trim());
        Audited("correction", $"{a} {b}", $"{(same ? "the same person" : "not the same person")}, by {by.Trim()}: {reason.Trim()}");
        return workspace.GetDecisions().Single(d => d.Id == id);
    }

    private static void CheckWhoAndWhy(string by, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new BadRequestException("say why (--reason): the decision is kept with who made it, when and why");
        if (string.IsNullOrWhiteSpace(by)) throw new BadRequestException("say who decides (--by)");
    }

    /// <summary>Most other members a split may name: a larger entity is better taken apart pair by pair, or by its rules.</summary>
    public const int MaxSplit = 1_000;

    /// <summary>Records that <paramref name="record"/> is none of the other people of its entity: a "not the same" decision
    /// with each other member, so that the next resolution takes it out (and keeps it out, whatever links it).</summary>
    /// <exception cref="BadRequestException">The record is unknown, in no entity or alone in it, the entity is larger than
    /// <see cref="MaxSplit"/>, or no reason is given.</exception>
    public IReadOnlyList<Decision> SplitOut(RecordKey record, string by, string reason)
    {
        CheckWhoAndWhy(by, reason);
        if (workspace.RecordId(record) is null) throw new BadRequestException($"no record {record} in {workspace.Location}");
        if (workspace.EntityOf(record) is not { } entity) throw new BadRequestException($"{record} is in no entity: run resolve first");
        var others = workspace.EntityMembers(entity).Select(m => m.Key).Where(k => k != record).ToList();
        if (others.Count == 0) throw new BadRequestException($"{record} is alone in E{entity}: there is nothing to split it from");
        if (others.Count > MaxSplit)
            throw new BadRequestException($"E{entity} has {others.Count + 1:N0} records, more than a split names ({MaxSplit:N0}): mark the pairs that are wrong instead");
        var ids = others.Select(other => workspace.AddDecision(record, other, false, by.Trim(), reason.Trim())).ToHashSet();
        Audited("correction", record.ToString(), $"split out of E{entity} ({others.Count:N0} decisions), by {by.Trim()}: {reason.Trim()}");
        return [.. workspace.GetDecisions().Where(d => ids.Contains(d.Id))];
    }

    /// <summary>Every decision, oldest first.</summary>
    public IReadOnlyList<Decision> Decisions() => workspace.GetDecisions();

    /// <summary>Links the workspace's records into entities (with the last resolution's rules and scope when the request names
    /// none; else the built-in <c>ads</c>): incrementally after the first run with the same rules, fully
    /// when asked, when labels are given, or when decisions have been recorded. The previous entities stay until the new ones
    /// are saved, in one transaction.</summary>
    /// <exception cref="BadRequestException">An excluded source is not in the workspace.</exception>
    /// <exception cref="RuleException">The rules or the labels cannot be read, or name what the records lack.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the previous resolution is untouched.</exception>
    public ResolveReport Resolve(ResolveRequest request, IProgress<ResolveProgress>? progress = null, CancellationToken cancel = default)
    {
        // Without rules named, the rules and scope of the last resolution: re-resolving from the web after a decision must
        // not swap a workspace's own rules for the built-in ones.
        var last = request.Rules is null ? workspace.GetLatestResolution() : null;
        var rules = last is not null ? RuleLoader.Parse(last.Rules, $"the rules of resolution {last.Id} ({last.RuleSet})") : RuleLoader.Load(request.Rules ?? "ads");
        var sources = workspace.CountBySource();
        var excluded = request.ExcludeSources ?? (last is null ? [] : [.. sources.Keys.Where(k => !last.Sources.Contains(k))]);
        var unknown = excluded.Where(x => !sources.ContainsKey(x)).ToList();
        if (unknown.Count > 0)
            throw new BadRequestException($"no source {string.Join(", ", unknown)} in the workspace to leave out (it has {string.Join(", ", sources.Keys)})");
        var labelled = request.LabelsFile is { } file ? Calibration.ReadLabels(file) : [];
        // An investigator's decisions are the best labels there are; those naming a record left out of scope cannot calibrate.
        if (request.TrainOnDecisions)
            labelled.AddRange(workspace.GetDecisions().Where(d => !excluded.Contains(d.A.Source) && !excluded.Contains(d.B.Source))
                .Select(d => new LabelledPair(d.A, d.B, d.Same)));
        if (request.TrainOnDecisions && labelled.Count == 0)
            throw new BadRequestException("there are no decisions to train on: record some with 'mark same' or 'mark not-same' first");
        var resolver = new Resolver(workspace, rules, labelled.Count > 0 ? labelled : null, excluded);
        return request.Full || labelled.Count > 0 ? resolver.Run(progress, cancel) : resolver.Resolve(progress, cancel);
    }

    /// <summary>A snippet's runs, the words the search matched marked "match".</summary>
    public static IReadOnlyList<TextPart> Marked(string snippet)
    {
        var parts = new List<TextPart>();
        var at = 0;
        while (at < snippet.Length)
        {
            var open = snippet.IndexOf(Highlight.Open, at);
            if (open < 0) break;
            var close = snippet.IndexOf(Highlight.Close, open + 1);
            if (close < 0) break;
            if (open > at) parts.Add(new TextPart(snippet[at..open]));
            parts.Add(new TextPart(snippet[(open + 1)..close], "match"));
            at = close + 1;
        }
        var rest = snippet[at..].Replace(Highlight.Open.ToString(), "", StringComparison.Ordinal).Replace(Highlight.Close.ToString(), "", StringComparison.Ordinal);
        if (rest.Length > 0) parts.Add(new TextPart(rest));
        return parts;
    }

    /// <summary>A field's text in runs, each selector found in it marked with its <c>kind:value</c>; overlapping spans (a URL
    /// and its domain) merge under the first.</summary>
    public static IReadOnlyList<TextPart> WithSelectors(string? text, IReadOnlyList<Selector> selectors, RecordField field)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var parts = new List<TextPart>();
        var at = 0;
        foreach (var s in selectors.Where(s => s.Field == field && s.Length > 0).OrderBy(s => s.Start).ThenByDescending(s => s.Length))
        {
            var end = s.Start + s.Length;
            if (s.Start < at || end > text.Length) continue;
            if (s.Start > at) parts.Add(new TextPart(text[at..s.Start]));
            parts.Add(new TextPart(text[s.Start..end], s.Qualified));
            at = end;
        }
        if (at < text.Length) parts.Add(new TextPart(text[at..]));
        return parts;
    }
}
