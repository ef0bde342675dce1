using Minerva.Generator;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve;
using Minerva.Resolve.Rules;
using Minerva.Testing;

namespace Minerva.App.Tests;

/// <summary>A test on 400 generated ads ingested and resolved into entities, with a workbench over them.</summary>
public abstract class ResolvedCorpusTest : WorkspaceTest
{
    private Workbench? _workbench;

    protected override void Closing() => _workbench?.Dispose();

    /// <summary>Generates, ingests and resolves the corpus of <paramref name="seed"/>; returns the workbench over it.</summary>
    protected Workbench Resolved(int seed)
    {
        CorpusGenerator.Write(Folder.Path, new CorpusOptions(Ads: 400, Seed: seed));
        new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml")), [Folder.File("ads.jsonl")]);
        new Resolver(Workspace, RuleLoader.Load("ads")).Run();
        return _workbench = new Workbench(Workspace);
    }
}
