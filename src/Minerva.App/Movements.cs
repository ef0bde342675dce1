using Minerva.Geo;
using Minerva.Graph.Algorithms;
using Minerva.Storage;

namespace Minerva.App;

/// <summary>A record of an entity seen at a place and time, placed on the map where the gazetteer knows the place.</summary>
/// <param name="Record">The record's key.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Place">Its place as the network names it (<c>Houston, US</c>).</param>
/// <param name="Latitude">Where the place is (null when the gazetteer does not know it).</param>
/// <param name="Longitude">Where the place is.</param>
/// <param name="CountryOnly">Only the country was found: the point is the country's centre, not a city.</param>
/// <param name="Circuit">The circuit flag (its index in <see cref="MovementView.Circuits"/>) this sighting is part of, if any.</param>
public sealed record SightingView(string Record, DateTimeOffset Time, string Place, double? Latitude, double? Longitude, bool CountryOnly, int? Circuit);

/// <summary>A move between two consecutive sightings in different places.</summary>
/// <param name="From">The earlier record.</param>
/// <param name="To">The later one.</param>
/// <param name="FromPlace">Where the earlier one was.</param>
/// <param name="ToPlace">Where the later one was.</param>
/// <param name="Days">Days between them.</param>
/// <param name="Kilometres">Great-circle distance between the places (null when either is not placed or only by country).</param>
public sealed record MoveView(string From, string To, string FromPlace, string ToPlace, double Days, double? Kilometres);

/// <summary>An entity's movement: its timeline of places, the moves, and circuit flags.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Timeline">Its records with a time and a place, in time order.</param>
/// <param name="Moves">Consecutive sightings in different places.</param>
/// <param name="Circuits">Every maximal window of at most the given days with at least the given distinct places.</param>
/// <param name="WithoutTimeOrPlace">Members left off the timeline: no observed time, or neither a location nor a country.</param>
/// <param name="Unplaced">Sightings whose place the gazetteer does not know (they are on the timeline, not on the map).</param>
public sealed record MovementView(long Entity, IReadOnlyList<SightingView> Timeline, IReadOnlyList<MoveView> Moves, IReadOnlyList<CircuitFlag> Circuits,
    int WithoutTimeOrPlace, int Unplaced);

/// <summary>An entity's movement over time and space, for the command line's <c>graph movement</c> and the web's timeline and map.</summary>
internal static class Movements
{
    public static MovementView Of(long entity, IReadOnlyList<RecordSummary> members, int places, double days)
    {
        var gazetteer = Gazetteer.Shipped;
        var located = members.Where(m => m.ObservedAt is not null && (m.Location ?? m.Country) is not null)
            .Select(m => (Sighting: new Sighting(m.Key.ToString(), m.ObservedAt!.Value, Network.Place(m.Location, m.Country)!), At: gazetteer.Find(m.Location, m.Country)))
            .ToList();
        var where = located.ToDictionary(s => s.Sighting.Record, s => s.At); // an entity holds a record once
        var movement = new Movement(located.Select(s => s.Sighting), places, days);
        var circuitOf = new Dictionary<string, int>();
        for (var i = movement.Circuits.Count - 1; i >= 0; i--)
            foreach (var record in movement.Circuits[i].Records) circuitOf[record] = i; // the first circuit holding a record names it
        var timeline = movement.Timeline.Select(s =>
        {
            var at = where[s.Record];
            return new SightingView(s.Record, s.Time, s.Place, at?.Latitude, at?.Longitude, at?.CountryOnly ?? false, circuitOf.TryGetValue(s.Record, out var c) ? c : null);
        }).ToList();
        var moves = movement.Moves.Select(m =>
        {
            var (a, b) = (where[m.From.Record], where[m.To.Record]);
            double? km = a is { CountryOnly: false } && b is { CountryOnly: false } ? Math.Round(Gazetteer.DistanceKm(a.Latitude, a.Longitude, b.Latitude, b.Longitude)) : null;
            return new MoveView(m.From.Record, m.To.Record, m.From.Place, m.To.Place, Math.Round((m.To.Time - m.From.Time).TotalDays, 1), km);
        }).ToList();
        return new MovementView(entity, timeline, moves, movement.Circuits, members.Count - timeline.Count, timeline.Count(s => s.Latitude is null));
    }
}
