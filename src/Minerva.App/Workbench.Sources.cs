using Minerva.Core;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve.Evaluation;
using Minerva.Resolve.Rules;
using Minerva.Search;
using Minerva.Storage;

namespace Minerva.App;

/// <summary>Reading sources in, and scoring the entities against a truth file.</summary>
/// <param name="Definition">The connector, as <see cref="Workbench.Connector"/> loaded it.</param>
/// <param name="Inputs">Files or folders to read.</param>
/// <param name="AllowedRoots">Folders image references may also reach (by default only the folder of the input naming them).</param>
public sealed record IngestRequest(ConnectorDefinition Definition, IReadOnlyList<string> Inputs, IReadOnlyList<string> AllowedRoots);

/// <summary>What an ingest did, and what the search index had to say (another process holding its write lock).</summary>
/// <param name="Source">The source the records were stored under.</param>
/// <param name="Result">Counts that add up: read = ingested + updated + duplicate + quarantined.</param>
/// <param name="Warnings">The index's warnings, for the user.</param>
public sealed record IngestReport(string Source, IngestResult Result, IReadOnlyList<string> Warnings);

/// <summary>A scoring of the entities against a truth file.</summary>
/// <param name="Scores">Pairwise and B-cubed scores and the largest errors.</param>
/// <param name="Skipped">Truth records the workspace does not hold, skipped when asked to (else the truth file is refused).</param>
public sealed record EvalReport(Evaluation Scores, IReadOnlyList<string> Skipped);

public sealed partial class Workbench
{
    /// <summary>A connector by file or shipped name, its records stored under <paramref name="source"/> when one is given
    /// (two exports of one layout, e.g. the two sides of a linkage).</summary>
    /// <exception cref="DefinitionException">It cannot be found or read.</exception>
    public static ConnectorDefinition Connector(string pathOrName, string? source = null)
    {
        var definition = DefinitionLoader.Load(pathOrName);
        return source is null ? definition : DefinitionLoader.WithSource(definition, source);
    }

    /// <summary>Reads sources through a connector into the workspace, extracting selectors and hashing photos; the search
    /// index follows every committed batch and commits with the store's mark at the end (or catches up at the next open).</summary>
    /// <exception cref="IngestCancelledException">Cancelled; it holds what was stored before.</exception>
    public IngestReport Ingest(IngestRequest request, IProgress<IngestProgress>? progress = null, CancellationToken cancel = default)
    {
        var searchIndex = index ?? (_opened ??= RecordIndex.Open(workspace, cancellation: cancel));
        var warned = searchIndex.Warnings.Count;
        using var follower = searchIndex.Follow();
        var result = new Ingestor(workspace) { AllowedRoots = request.AllowedRoots, Index = follower }.Run(request.Definition, request.Inputs, progress, cancel);
        return new IngestReport(request.Definition.Source, result, [.. searchIndex.Warnings.Skip(warned)]);
    }

    /// <summary>Reads sources through a connector into a store that is not a workspace here — a team server's tenant, pushed
    /// to batch by batch — extracting selectors and hashing photos on this machine. The server's index follows its store.</summary>
    /// <exception cref="IngestCancelledException">Cancelled; it holds what was stored before.</exception>
    public static IngestReport Push(IIngestStore store, IngestRequest request, IProgress<IngestProgress>? progress = null, CancellationToken cancel = default) =>
        new(request.Definition.Source, new Ingestor(store) { AllowedRoots = request.AllowedRoots }.Run(request.Definition, request.Inputs, progress, cancel), []);

    /// <summary>Scores the entities against <paramref name="truthFile"/> (CSV record,cluster): pairwise and B-cubed precision,
    /// recall and F1, with the <paramref name="errors"/> largest false merges and misses.</summary>
    /// <exception cref="RuleException">The truth file names records the workspace does not hold, and <paramref name="ignoreMissing"/> is off.</exception>
    /// <exception cref="BadRequestException">The error count is out of range.</exception>
    public EvalReport Evaluate(string truthFile, int errors = 10, bool ignoreMissing = false)
    {
        if (errors is < 1 or > MaxLimit) throw new BadRequestException($"errors must be between 1 and {MaxLimit:N0}, not {errors}");
        var truth = Evaluator.ReadTruth(truthFile);
        var predicted = workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => $"E{m.Entity}", StringComparer.Ordinal);
        var unknown = truth.Keys.Where(k => !predicted.ContainsKey(k) && (!RecordKey.TryParse(k, out var key) || workspace.RecordId(key) is null)).ToList();
        if (unknown.Count > 0 && !ignoreMissing)
            throw new RuleException($"{truthFile}: {unknown.Count:N0} record keys are not in {workspace.Location}, e.g. {string.Join(", ", unknown.Take(5))} (--ignore-missing scores the rest)");
        foreach (var key in unknown) truth.Remove(key);
        return new EvalReport(Evaluator.Evaluate(truth, predicted, errors), unknown);
    }
}
