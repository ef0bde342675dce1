using Minerva.Storage;

namespace Minerva.Search;

/// <summary>A query that cannot be run; the message says which term and why.</summary>
public sealed class QueryException(string message) : Exception(message);

/// <summary>How to search.</summary>
/// <param name="Region">Region for reading national phone numbers in <c>phone:</c> terms.</param>
/// <param name="Fuzzy">Match misspelt or partly obfuscated words by character trigrams.</param>
/// <param name="Limit">Most hits.</param>
public sealed record SearchOptions(string? Region = null, bool Fuzzy = false, int Limit = 20);

/// <summary>A parsed query: free-text terms and filters (including normalised selectors).</summary>
/// <param name="Terms">Words and quoted phrases, all required.</param>
/// <param name="Filter">Source, time, location and selector filters.</param>
public sealed record ParsedQuery(IReadOnlyList<string> Terms, RecordFilter Filter)
{
    /// <summary>Whether the query asks for anything at all.</summary>
    public bool IsEmpty => Terms.Count == 0 && Filter == RecordFilter.None;
}
