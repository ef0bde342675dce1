using System.Text.Json;
using Minerva.Core;
using Minerva.Resolve.Features;
using Minerva.Resolve.Rules;
using Minerva.Resolve.Scoring;
using Minerva.Storage;

namespace Minerva.Resolve.Explain;

/// <summary>
/// Explains a pair against the latest resolution: recomputes its comparison vector with the saved rules and
/// model (hubs stripped, term frequencies from the workspace), and for a pair in one entity finds the chain of
/// links that joins them.
/// </summary>
public sealed class PairExplainer(IWorkspace workspace)
{
    /// <summary>Explains the pair <paramref name="a"/>, <paramref name="b"/>.</summary>
    /// <exception cref="RuleException">The workspace was never resolved, or a key is unknown.</exception>
    public PairExplanation Explain(RecordKey a, RecordKey b)
    {
        var info = workspace.GetLatestResolution() ?? throw new RuleException("the workspace has not been resolved yet; run 'minerva resolve' first");
        var rules = RuleLoader.Parse(info.Rules, $"rules of resolution {info.Id} ({info.RuleSet})");
        var model = JsonSerializer.Deserialize<MatchModel>(info.Model, ModelJson.Options)!;
        var space = FeatureSpace.For(rules);
        var table = new SelectorTable();
        var images = ImageForms.For(rules, workspace);
        var builder = new FeatureBuilder(space, table);
        var (fa, fb) = (builder.BuildOne(Scan(a)), builder.BuildOne(Scan(b)));
        var hubs = workspace.GetHubs().Select(h => (h.Kind, h.Value)).ToHashSet();
        for (var id = 0; id < table.Count; id++) table.SetRecordCount(id, workspace.CountSelector(table[id].Kind, table[id].Value));
        foreach (var f in new[] { fa, fb })
            for (var slot = 0; slot < f.Selectors.Length; slot++)
                f.Selectors[slot] = f.Selectors[slot].Where(id => !hubs.Contains(table[id])).ToArray();
        var comparator = new Comparator(rules, space, table, model.Frequency, images);
        var pattern = comparator.Compare(fa, fb, out var frequencyAdjustment);
        var weigher = new PairWeigher(model, comparator, rules.LinkThreshold);
        var comparisons = new List<ComparisonExplanation>();
        var total = model.Prior;
        for (var c = 0; c < rules.Comparisons.Count; c++)
        {
            var level = Comparator.LevelOf(pattern, c);
            var rule = rules.Comparisons[c];
            var ids = comparator.Shared(fa, fb, c).ToList();
            var shared = ids.Select(id => table[id].Value).ToList();
            var adjustment = level == 0 && rule is SelectorComparison s && ids.Count > 0
                ? ids.Max(id => model.Frequency.Adjustment(s.Kind, table.RecordCount(id))) : 0;
            var weight = model.Weight(c, level);
            if (rule is TextComparison && level != Comparator.Absent && comparator.TextHolders(fa, fb, c) is > 0 and var holders)
            {
                // A text level is worth at most what the shared text can be: the cut is this row's adjustment.
                adjustment = -weigher.TextCut(pattern, fa, fb, c);
                shared = [$"shared text on ~{holders:0} records" + (adjustment < 0 ? $": worth at most {weight + adjustment:0.0} bits" : "")];
            }
            total += weight + adjustment;
            var cm = model.Comparisons[c];
            comparisons.Add(level == Comparator.Absent
                ? new ComparisonExplanation(rule.Name, "absent", null, null, 0, 0, [])
                : new ComparisonExplanation(rule.Name, rule.Levels[level], cm.M[level], cm.U[level], weight, adjustment, shared));
        }
        // The weight the run gave the pair (one rule for the decisive floor); the rows above add up to it unless raised.
        var floor = weigher.DecisiveFloor;
        var decisive = comparator.Decisive(pattern) && total < floor;
        var summed = total;
        total = weigher.Weight(pattern, frequencyAdjustment, fa, fb);
        // The floor is a rule of its own, shown as a row with its effect, so the rows still add up to the total.
        if (decisive)
            comparisons.Add(new ComparisonExplanation("decisive", $"a decisive selector is shared: raised to {floor:0.0} bits", null, null, total - summed, 0,
                [.. comparisons.Where(r => rules.Comparisons.FirstOrDefault(x => x.Name == r.Name) is SelectorComparison { Decisive: true }).SelectMany(r => r.Shared)]));
        var candidate = BlockingAgrees(rules, space, fa, fb);
        var (ea, eb) = (workspace.EntityOf(a), workspace.EntityOf(b));
        var path = ea is not null && ea == eb ? LinkPath.Find(workspace.EntityLinks(ea.Value, 100_000), a, b) : [];
        var decision = workspace.GetDecisions().LastOrDefault(d => (d.A == a && d.B == b) || (d.A == b && d.B == a));
        var decided = decision is null ? "" : Decisions.Describe(decision);
        return new PairExplanation(a, b, rules.Name, comparisons, model.Prior, total, rules.LinkThreshold, candidate, ea, eb, path,
            (decision is null ? "" : $"{char.ToUpperInvariant(decided[0])}{decided[1..]}; resolutions keep to it. ") +
            (decision is { Same: false } && ea != eb ? $"They are in E{ea} and E{eb}, kept apart by that decision (the pair itself scores {total:+0.0;-0.0} bits)."
            : decision is { Same: true } && ea is not null && ea == eb ? $"Both are in entity E{ea}, joined by that decision (the pair itself scores {total:+0.0;-0.0} bits)."
            : (decisive ? $"A decisive selector is shared, so the pair links whatever else it scores (the 'decisive' row lifts it to {floor:0.0} bits, more than any soft evidence can add). " : "") + Verdict(rules, total, candidate, ea, eb, path))) { Decision = decision };
    }

    private ScannedRecord Scan(RecordKey key)
    {
        var stored = workspace.GetRecord(key) ?? throw new RuleException($"no record {key} in {workspace.Location}");
        return new ScannedRecord(workspace.RecordId(key)!.Value, stored.Record, stored.Selectors.Select(s => (s.Kind, s.Value)).ToList());
    }

    /// <summary>Whether some blocker would put the two in one block (similar-handle blocking is approximated by the handle comparison).</summary>
    private static bool BlockingAgrees(RuleSet rules, FeatureSpace space, RecordFeatures a, RecordFeatures b)
    {
        if (rules.Blocking.Selectors.Any(k => a.Selectors[space.KindSlot(k)].Intersect(b.Selectors[space.KindSlot(k)]).Any())) return true;
        if (rules.Blocking.MinHash is { } m && a.Signatures[space.TextSlot(m.Field)] is { } sa && b.Signatures[space.TextSlot(m.Field)] is { } sb)
            for (var band = 0; band < m.Bands; band++)
                if (sa.AsSpan(band * m.Rows, m.Rows).SequenceEqual(sb.AsSpan(band * m.Rows, m.Rows))) return true;
        if (rules.Blocking.Tokens is { } tokens && a.Fields[space.FieldSlot(tokens.Field)] is { } wa && b.Fields[space.FieldSlot(tokens.Field)] is { } wb
            && FieldVocabulary.Words(wa).Intersect(FieldVocabulary.Words(wb), StringComparer.Ordinal).Any()) return true; // rarity aside
        return rules.Blocking.Keys.Any(k => k.Parts.All(p =>
        {
            var (x, y) = (a.Fields[space.FieldSlot(p.Field)], b.Fields[space.FieldSlot(p.Field)]);
            return x is not null && y is not null && (p.Prefix > 0 ? x.AsSpan(0, Math.Min(p.Prefix, x.Length)).SequenceEqual(y.AsSpan(0, Math.Min(p.Prefix, y.Length))) : x == y);
        }));
    }

    private static string Verdict(RuleSet rules, double total, bool candidate, long? ea, long? eb, IReadOnlyList<LinkView> path)
    {
        var score = $"{total:+0.0;-0.0} bits against a threshold of {rules.LinkThreshold:0.#}";
        if (ea is not null && ea == eb)
        {
            if (path.Count == 1) return $"Linked directly ({score}); both are in entity E{ea}.";
            var weakest = path.MinBy(l => l.Weight)!;
            return $"Both are in entity E{ea} through a chain of {path.Count} links, the weakest {weakest.A}–{weakest.B} at {weakest.Weight:+0.0;-0.0} bits; " +
                   $"the pair itself scores {score}" + (total <= rules.CannotLink ? $", at or below cannot_link ({rules.CannotLink:0.#}): evidence of two people that the entity holds anyway (resolve counts these; consider splitting it)." : ".");
        }
        if (!candidate) return $"Not linked: no blocking rule pairs them, so they were never compared (they would score {score}).";
        return total >= rules.LinkThreshold
            ? $"The pair links ({score}), but their groups E{ea} and E{eb} lack the summed evidence needed to merge (anti-chaining); see rules 'bridge'."
            : $"Not linked: the pair scores {score}.";
    }
}
