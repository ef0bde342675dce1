using System.Runtime.ExceptionServices;

namespace Minerva.Ingest;

/// <summary>
/// A batch of independent items that any thread may help with, claiming one item at a time; results keep the items'
/// order. Ingest's writer helps whenever it has nothing to store, so both cores stay busy without a third thread
/// competing for them (1M ads on two cores, see the closing notes of issue 2).
/// </summary>
internal sealed class SharedWork<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> work)
{
    private readonly TResult[] _results = new TResult[items.Count];
    // Nothing to dispose: a helper may still be signalling it when the caller moves on.
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next = -1;
    private int _done;
    private ExceptionDispatchInfo? _error;

    /// <summary>Does one unclaimed item; false when every item is claimed.</summary>
    public bool HelpOne()
    {
        var i = Interlocked.Increment(ref _next);
        if (i >= _results.Length) return false;
        try
        {
            _results[i] = work(items[i]);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
        }
        finally
        {
            if (Interlocked.Increment(ref _done) == _results.Length) _finished.TrySetResult();
        }
        return true;
    }

    /// <summary>Helps until every item is claimed, waits for the others' items, and returns all results in order.</summary>
    /// <exception cref="Exception">The first exception an item threw, on whichever thread.</exception>
    public TResult[] Finish()
    {
        while (HelpOne())
        {
        }
        if (_results.Length > 0) _finished.Task.GetAwaiter().GetResult();
        _error?.Throw();
        return _results;
    }
}
