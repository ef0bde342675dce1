using Minerva.App;
using Minerva.Resolve;

namespace Minerva.Web;

/// <summary>Where the web's resolution stands.</summary>
/// <param name="State">idle (none run since the server started), running, done, failed or cancelled.</param>
/// <param name="Stage">The stage running now (or last), e.g. "reading records".</param>
/// <param name="Fraction">How far that stage is, 0–1.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Report">What a finished run did.</param>
/// <param name="Error">Why a run failed.</param>
public sealed record ResolveStatus(string State, string? Stage, double Fraction, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    ResolveReport? Report, string? Error);

/// <summary>
/// One resolution at a time, run in the background so that the request that starts it returns at once and the page can
/// show its progress. It holds the workspace for as long as it runs (a resolution rewrites the entities every other
/// request reads); the other requests are told so, with the progress, instead of waiting minutes without a word.
/// </summary>
internal sealed class ResolveJob(Workbench workbench, SemaphoreSlim gate, CancellationToken stopping)
{
    private readonly Lock _lock = new();
    private ResolveStatus _status = new("idle", null, 0, null, null, null, null);

    /// <summary>Where it stands now.</summary>
    public ResolveStatus Status
    {
        get { lock (_lock) return _status; }
    }

    /// <summary>Whether a run holds the workspace.</summary>
    public bool Running => Status.State == "running";

    /// <summary>Starts a run; false when one is already running.</summary>
    public bool Start(ResolveRequest request)
    {
        lock (_lock)
        {
            if (_status.State == "running") return false;
            _status = new ResolveStatus("running", "waiting for the workspace", 0, DateTimeOffset.UtcNow, null, null, null);
        }
        _ = Task.Run(() => Run(request));
        return true;
    }

    private async Task Run(ResolveRequest request)
    {
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            var progress = new Inline(p => Update(s => s with { Stage = p.Stage, Fraction = p.Fraction }));
            var report = workbench.Resolve(request, progress, stopping);
            Update(s => s with { State = "done", Fraction = 1, EndedAt = DateTimeOffset.UtcNow, Report = report });
        }
        catch (OperationCanceledException)
        {
            Update(s => s with { State = "cancelled", EndedAt = DateTimeOffset.UtcNow, Error = "the server stopped; the previous entities are untouched" });
        }
        catch (Exception e)
        {
            // The top of its own thread: whatever stopped the run is shown to the page that polls, not lost with the task.
            Update(s => s with { State = "failed", EndedAt = DateTimeOffset.UtcNow, Error = e.Message });
        }
        finally
        {
            gate.Release();
        }
    }

    private void Update(Func<ResolveStatus, ResolveStatus> change)
    {
        lock (_lock) _status = change(_status);
    }

    /// <summary>Progress reported on the resolving thread (Progress&lt;T&gt; would post it to the thread pool out of order).</summary>
    private sealed class Inline(Action<ResolveProgress> report) : IProgress<ResolveProgress>
    {
        public void Report(ResolveProgress value) => report(value);
    }
}
