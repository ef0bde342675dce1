namespace Minerva.Storage.Sqlite;

/// <summary>
/// The best <c>capacity</c> items by score, a tie going to the lower record id (the older record), as search orders its
/// results. The ranking lists and a query's top both keep their records this way, so they agree on ties.
/// </summary>
internal sealed class BestOf<T>(int capacity)
{
    private readonly PriorityQueue<T, (double Score, long NegativeId)> _heap = new();

    /// <summary>Whether <c>capacity</c> items are kept.</summary>
    public bool Full => _heap.Count >= capacity;

    /// <summary>The score of the worst item kept (0 when none is).</summary>
    public double Worst => _heap.TryPeek(out _, out var worst) ? worst.Score : 0;

    /// <summary>The items kept with their scores, in no order.</summary>
    public IEnumerable<(T Item, double Score)> Items => _heap.UnorderedItems.Select(x => (x.Element, x.Priority.Score));

    /// <summary>Offers an item; returns the score of what was turned away (the item, or the worst kept until now), or
    /// null when nothing was.</summary>
    public double? Offer(T item, double score, long id)
    {
        var priority = (score, -id);
        if (!Full)
        {
            _heap.Enqueue(item, priority);
            return null;
        }
        _heap.TryPeek(out _, out var worst);
        if (priority.CompareTo(worst) <= 0) return score;
        _heap.DequeueEnqueue(item, priority);
        return worst.Score;
    }
}
