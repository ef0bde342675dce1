using Minerva.Core;
using Minerva.Search;

namespace Minerva.App;

/// <summary>A request the caller got wrong (a limit out of range, a malformed key): the message says what to fix. The web
/// answers it with 400, the command line with a usage error.</summary>
public sealed class BadRequestException(string message) : Exception(message);

/// <summary>A search.</summary>
/// <param name="Query">Words, "phrases", operators (OR, NOT, parentheses, NEAR) and selector terms (<c>phone:…</c>), as
/// <c>minerva search</c> takes them.</param>
/// <param name="Source">Only records of this source.</param>
/// <param name="From">Observed at or after.</param>
/// <param name="To">Observed before.</param>
/// <param name="Location">Location has these words, or the country is this code.</param>
/// <param name="Fuzzy">Tolerate misspelt or partly obfuscated words.</param>
/// <param name="Region">Region for national numbers in <c>phone:</c> terms.</param>
/// <param name="Limit">Most results (1–10,000).</param>
/// <param name="Like">Instead of the query, records written like this one (its key): more-like-this.</param>
/// <param name="Offset">Hits skipped first, for the next pages (0–10,000; not with <paramref name="Like"/>).</param>
/// <param name="Facets">Also count every match by source, country, place, selector kind and month (not with <paramref name="Like"/>).</param>
public sealed record SearchRequest(string Query, string? Source = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    string? Location = null, bool Fuzzy = false, string? Region = null, int Limit = 20, string? Like = null, int Offset = 0, bool Facets = false);

/// <summary>Search results, best first.</summary>
/// <param name="Hits">The records found (this page).</param>
/// <param name="Total">How many records match in all (for more-like-this: those on this page).</param>
/// <param name="Offset">Hits skipped before this page.</param>
/// <param name="Facets">Every match counted by source, country, place, selector kind and month, when asked for.</param>
public sealed record SearchResponse(IReadOnlyList<SearchResult> Hits, int Total = 0, int Offset = 0, FacetCounts? Facets = null);

/// <summary>One record found.</summary>
/// <param name="Record">Its key.</param>
/// <param name="ObservedAt">When it was posted or observed.</param>
/// <param name="Title">Its title.</param>
/// <param name="Location">Its location.</param>
/// <param name="Country">Its country.</param>
/// <param name="Score">Relevance, higher is better (0 for a search by filters only, listed newest first).</param>
/// <param name="Snippet">The matching passage, the matched words marked.</param>
/// <param name="Entity">Its entity, if resolved.</param>
public sealed record SearchResult(string Record, DateTimeOffset? ObservedAt, string? Title, string? Location, string? Country, double Score,
    IReadOnlyList<TextPart> Snippet, long? Entity);

/// <summary>A run of text; <paramref name="Mark"/> says what it is when it is marked (a matched word, or a selector as
/// <c>kind:value</c>). Text is data: a front-end renders it as text, never as markup.</summary>
/// <param name="Text">The characters.</param>
/// <param name="Mark">Null for plain text.</param>
public sealed record TextPart(string Text, string? Mark = null);

/// <summary>A record as stored, its selectors marked in its text.</summary>
/// <param name="Key">Its key.</param>
/// <param name="ObservedAt">When it was posted or observed.</param>
/// <param name="Title">The title, selectors marked.</param>
/// <param name="Text">The body, selectors marked.</param>
/// <param name="Url">Its URL at its source (shown, never fetched).</param>
/// <param name="Location">Its location.</param>
/// <param name="Country">Its country.</param>
/// <param name="Author">Its author.</param>
/// <param name="Platform">Its platform.</param>
/// <param name="PhoneRegion">The region its source reads national numbers in.</param>
/// <param name="Attachments">Its photos and files, as the source named them.</param>
/// <param name="Origin">File and line it came from.</param>
/// <param name="IngestedAt">When it was stored.</param>
/// <param name="Revisions">Earlier versions kept.</param>
/// <param name="Selectors">Its selectors.</param>
/// <param name="Entity">Its entity, if resolved.</param>
public sealed record RecordView(string Key, DateTimeOffset? ObservedAt, IReadOnlyList<TextPart> Title, IReadOnlyList<TextPart> Text, string? Url,
    string? Location, string? Country, string? Author, string? Platform, string? PhoneRegion, IReadOnlyList<string> Attachments, string Origin,
    DateTimeOffset IngestedAt, int Revisions,
    IReadOnlyList<SelectorView> Selectors, long? Entity);

/// <summary>A selector of a record.</summary>
/// <param name="Kind">phone, email, handle…</param>
/// <param name="Value">Canonical value.</param>
/// <param name="Original">As written.</param>
/// <param name="Field">title or text.</param>
/// <param name="Start">Where it starts in the field (characters).</param>
/// <param name="Length">How many characters it spans there.</param>
/// <param name="Note">Why an alternative reading exists, or which region a national number was read in.</param>
/// <param name="Holders">Records holding it.</param>
public sealed record SelectorView(string Kind, string Value, string Original, string Field, int Start, int Length, string? Note, long Holders);

/// <summary>An entity: its members and what they share.</summary>
/// <param name="Id">The entity id.</param>
/// <param name="Records">How many records.</param>
/// <param name="First">Earliest observation.</param>
/// <param name="Last">Latest observation.</param>
/// <param name="Members">Its records, oldest first.</param>
/// <param name="Selectors">Selectors of its records, with how many records hold each.</param>
/// <param name="Places">Places, most records first.</param>
/// <param name="StrongestLinks">The strongest links between its records.</param>
public sealed record EntityView(long Id, int Records, DateTimeOffset? First, DateTimeOffset? Last, IReadOnlyList<MemberView> Members,
    IReadOnlyList<EntitySelectorView> Selectors, IReadOnlyList<PlaceView> Places, IReadOnlyList<LinkItem> StrongestLinks);

/// <summary>A member record of an entity.</summary>
/// <param name="Record">Its key.</param>
/// <param name="ObservedAt">When it was observed.</param>
/// <param name="Title">Its title.</param>
/// <param name="Location">Its location.</param>
/// <param name="Country">Its country.</param>
public sealed record MemberView(string Record, DateTimeOffset? ObservedAt, string? Title, string? Location, string? Country);

/// <summary>A selector within an entity.</summary>
/// <param name="Kind">Its kind.</param>
/// <param name="Value">Its value.</param>
/// <param name="Records">Records of the entity holding it.</param>
public sealed record EntitySelectorView(string Kind, string Value, long Records);

/// <summary>A place an entity's records name.</summary>
/// <param name="Place">Location and country.</param>
/// <param name="Records">Records naming it.</param>
public sealed record PlaceView(string Place, int Records);

/// <summary>A stored link between two records.</summary>
/// <param name="A">One record.</param>
/// <param name="B">The other.</param>
/// <param name="Weight">Its weight in bits.</param>
/// <param name="Evidence">What the two share.</param>
public sealed record LinkItem(string A, string B, double Weight, string Evidence);

/// <summary>Helpers for keys given by callers.</summary>
public static class Keys
{
    /// <summary>The record key in <paramref name="text"/>.</summary>
    /// <exception cref="BadRequestException">It is not <c>source:id</c>.</exception>
    public static RecordKey Record(string? text) =>
        RecordKey.TryParse(text, out var key) ? key : throw new BadRequestException($"'{text}' is not a record key; expected <source>:<id>, e.g. citypulse:cp-88123");

    /// <summary>The entity id in <paramref name="text"/> (<c>E123</c> or <c>123</c>).</summary>
    /// <exception cref="BadRequestException">It is not an entity id.</exception>
    public static long Entity(string? text)
    {
        var digits = text is ['E' or 'e', .. var rest] ? rest : text;
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
            ? id : throw new BadRequestException($"'{text}' is not an entity id; expected E123 or 123");
    }
}

/// <summary>What to resolve, and how.</summary>
/// <param name="Rules">A rule file, or a built-in rule set's name; null: the rules and scope of the last resolution (the built-in
/// <c>ads</c> rules over every source when there is none).</param>
/// <param name="Full">Re-resolve everything and re-estimate the model, even if only new records were added.</param>
/// <param name="LabelsFile">Labelled pairs (CSV record_a,record_b,match) that calibrate m and u; implies a full run.</param>
/// <param name="TrainOnDecisions">Calibrate m and u with the recorded decisions as labelled pairs as well; implies a full run.</param>
/// <param name="ExcludeSources">Sources left out of the resolution.</param>
public sealed record ResolveRequest(string? Rules = null, bool Full = false, string? LabelsFile = null, bool TrainOnDecisions = false,
    IReadOnlyList<string>? ExcludeSources = null);
