namespace Minerva.Graph.Algorithms;

/// <summary>A record of an entity seen at a place and time.</summary>
/// <param name="Record">Record key.</param>
/// <param name="Time">When.</param>
/// <param name="Place">City or area.</param>
public sealed record Sighting(string Record, DateTimeOffset Time, string Place);

/// <summary>A circuit: the same entity advertising in several places within a short window, a known trafficking indicator.</summary>
/// <param name="From">First sighting in the window.</param>
/// <param name="To">Last sighting in the window.</param>
/// <param name="Places">Distinct places, in order of first appearance.</param>
/// <param name="Records">The records that show it.</param>
public sealed record CircuitFlag(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Places, IReadOnlyList<string> Records);

/// <summary>
/// An entity's movement: its sightings in time order, the moves between places, and circuit flags — every
/// maximal window of at most <c>windowDays</c> in which it appears in at least <c>minPlaces</c> distinct places
/// (by default three places within 30 days).
/// </summary>
public sealed class Movement
{
    /// <summary>Analyses <paramref name="sightings"/>; places compare case-insensitively.</summary>
    public Movement(IEnumerable<Sighting> sightings, int minPlaces = 3, double windowDays = 30)
    {
        Timeline = sightings.OrderBy(s => s.Time).ThenBy(s => s.Record, StringComparer.Ordinal).ToList();
        var moves = new List<(Sighting From, Sighting To)>();
        for (var i = 1; i < Timeline.Count; i++)
            if (!Same(Timeline[i - 1].Place, Timeline[i].Place)) moves.Add((Timeline[i - 1], Timeline[i]));
        Moves = moves;
        var flags = new List<CircuitFlag>();
        var window = TimeSpan.FromDays(windowDays);
        var lastEnd = -1;
        for (var start = 0; start < Timeline.Count; start++)
        {
            var end = start;
            while (end + 1 < Timeline.Count && Timeline[end + 1].Time - Timeline[start].Time <= window) end++;
            if (end <= lastEnd) continue; // contained in the window already reported
            var slice = Timeline.Skip(start).Take(end - start + 1).ToList();
            var places = slice.Select(s => s.Place).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (places.Count < minPlaces) continue;
            flags.Add(new CircuitFlag(slice[0].Time, slice[^1].Time, places, slice.Select(s => s.Record).ToList()));
            lastEnd = end;
        }
        Circuits = flags;
    }

    /// <summary>Sightings by time.</summary>
    public IReadOnlyList<Sighting> Timeline { get; }

    /// <summary>Consecutive sightings in different places.</summary>
    public IReadOnlyList<(Sighting From, Sighting To)> Moves { get; }

    /// <summary>Circuit windows found.</summary>
    public IReadOnlyList<CircuitFlag> Circuits { get; }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
