namespace Minerva.Extraction;

/// <summary>
/// Spans of a text for "does this overlap any of them?" in logarithmic time. Extractors asked it of a list, once per
/// match: a text of thousands of handles or of phones inside URLs was quadratic (a 64 KB page of "@name" took 0.1 s).
/// </summary>
internal static class Spans
{
    /// <summary>Whether [start, end) overlaps a span of <paramref name="sorted"/> (by start) whose running maximum end is
    /// <paramref name="maxEnd"/>.</summary>
    private static bool Overlaps(List<(int Start, int End)> sorted, List<int> maxEnd, int start, int end)
    {
        // The spans that start before `end`; one of them overlaps if the furthest any of them reaches passes `start`.
        var before = StartingBefore(sorted, end);
        return before > 0 && maxEnd[before - 1] > start;
    }

    /// <summary>How many spans of <paramref name="sorted"/> (by start) start before <paramref name="end"/>.</summary>
    private static int StartingBefore(List<(int Start, int End)> sorted, int end)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].Start < end) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>A fixed set of spans, possibly overlapping each other.</summary>
    internal sealed class Fixed
    {
        private readonly List<(int Start, int End)> _sorted;
        private readonly List<int> _maxEnd;

        public Fixed(IEnumerable<(int Start, int End)> spans)
        {
            _sorted = spans.OrderBy(s => s.Start).ToList();
            _maxEnd = new List<int>(_sorted.Count);
            foreach (var (_, end) in _sorted) _maxEnd.Add(Math.Max(end, _maxEnd.Count > 0 ? _maxEnd[^1] : int.MinValue));
        }

        public bool Overlaps(int start, int end) => Spans.Overlaps(_sorted, _maxEnd, start, end);
    }

    /// <summary>Spans that never overlap each other, added one at a time in any order.</summary>
    internal sealed class Disjoint
    {
        private readonly List<(int Start, int End)> _sorted = [];

        /// <summary>Adds [start, end) unless it overlaps a span already there; whether it was added.</summary>
        public bool TryAdd(int start, int end)
        {
            // Disjoint spans sorted by start are sorted by end too: the last one starting before `end` reaches furthest.
            var before = StartingBefore(_sorted, end);
            if (before > 0 && _sorted[before - 1].End > start) return false;
            _sorted.Insert(before, (start, end));
            return true;
        }
    }
}
