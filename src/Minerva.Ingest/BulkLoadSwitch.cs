using Minerva.Storage;

namespace Minerva.Ingest;

/// <summary>
/// Turns a run into a bulk load (<see cref="IIngestStore.BeginBulkLoad"/>) once it has added at least
/// <paramref name="minimum"/> records and a quarter as many as the workspace held: from there, rebuilding the read
/// indexes once at the end costs less than keeping them current. Small runs into a large workspace never switch.
/// </summary>
internal sealed class BulkLoadSwitch(IIngestStore workspace, long existing, long minimum)
{
    private IDisposable? _bulk;

    /// <summary>Whether the run switched to a bulk load.</summary>
    public bool Switched => _bulk is not null;

    /// <summary>Called by the writer between batches with the records this run has added so far.</summary>
    public void Observe(long added)
    {
        if (_bulk is null && added >= minimum && added * 4 >= existing) _bulk = workspace.BeginBulkLoad();
    }

    /// <summary>Rebuilds what the bulk load suspended (a no-op if the run never switched).</summary>
    public void Finish()
    {
        _bulk?.Dispose();
        _bulk = null;
    }
}
