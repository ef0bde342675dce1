using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Minerva.App;

namespace Minerva.Web;

/// <summary>
/// The JSON API: one endpoint per use case of the <see cref="Workbench"/>, parse → call → return. Bad input is a 400 whose
/// body names the parameter and what is wrong; an unknown record or entity is a 404.
/// </summary>
internal static class Api
{
    public static void Map(WebApplication app, Workbench workbench)
    {
        // One workspace connection serves every request, and a SQLite connection is not for two threads at once.
        var gate = new SemaphoreSlim(1, 1);
        async Task<IResult> Call(Func<IResult> work)
        {
            await gate.WaitAsync();
            try
            {
                return work();
            }
            catch (BadRequestException e)
            {
                return BadRequest(e.Message);
            }
            finally
            {
                gate.Release();
            }
        }

        // A body is read before the gate: a slow client does not hold the workspace.
        async Task<IResult> WithBody<T>(HttpRequest request, Func<T, IResult> work) where T : class
        {
            T? body;
            try
            {
                body = await request.ReadFromJsonAsync<T>(request.HttpContext.RequestServices
                    .GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
            {
                return BadRequest($"the body is not the JSON this endpoint reads: {e.Message}");
            }
            if (body is null) return BadRequest("a JSON body is required");
            return await Call(() => work(body));
        }

        app.MapGet("/api/search", (HttpRequest request) => Call(() =>
        {
            var q = request.Query;
            var search = new SearchRequest(
                Query: q["q"].ToString(),
                Source: Text(q["source"]),
                From: Time(q["from"], "from"),
                To: Time(q["to"], "to"),
                Location: Text(q["location"]),
                Fuzzy: Flag(q["fuzzy"], "fuzzy"),
                Region: Text(q["region"]),
                Limit: Number(q["limit"], "limit") ?? 20,
                Like: Text(q["like"]),
                Offset: Number(q["offset"], "offset") ?? 0,
                Facets: Flag(q["facets"], "facets"));
            if (search.Like is not null && search.Query.Length > 0) throw new BadRequestException("give q or like, not both");
            return Results.Json(workbench.Search(search));
        })).WithSummary("Full-text and selector search (the query language of 'minerva search'), or records written like one (like=KEY); " +
                         "offset= pages, facets=true counts every match by source, country, place, selector kind and month");

        // POST because a list of selectors can be long; it changes nothing.
        app.MapPost("/api/search/selectors", (HttpRequest request) => WithBody<SelectorsBody>(request, body =>
            Results.Json(workbench.FindSelectors(new SelectorListRequest(body.Lines ?? throw new BadRequestException("'lines' is required"),
                body.Region, body.Examples ?? 5)))))
            .WithSummary("Which selectors of a list the workspace holds: records, entities, when seen, newest records; unreadable lines with the reason");

        app.MapGet("/api/records/{**key}", (string key) => Call(() =>
            workbench.Record(Keys.Record(key)) is { } record ? Results.Json(record) : NotFound($"no record {key}")))
            .WithSummary("A record with its selectors marked in its text");

        app.MapGet("/api/entities/{id}", (string id) => Call(() =>
            workbench.Entity(Keys.Entity(id)) is { } entity ? Results.Json(entity) : NotFound($"no entity {id}")))
            .WithSummary("An entity: members, selectors, places, strongest links");

        app.MapGet("/api/why", (string? a, string? b) => Call(() =>
            Results.Json(workbench.Why(Keys.Record(Required(a, "a")), Keys.Record(Required(b, "b"))))))
            .WithSummary("Why two records are, or are not, in one entity");

        // POST only because the keys already on a chart can be many; it changes nothing.
        app.MapPost("/api/chart/expand", (HttpRequest request) => WithBody<ExpandRequest>(request, expand =>
            Results.Json(workbench.Charts.Expand(expand with { Node = Required(expand.Node, "node") }))))
            .WithSummary("A node of the network and its neighbours (by kind, strongest first), with the edges to the nodes already shown");

        app.MapPost("/api/chart/communities", (HttpRequest request) => WithBody<CommunitiesRequest>(request, body =>
            Results.Json(workbench.Charts.Communities(body.Shown ?? throw new BadRequestException("'shown' is required")))))
            .WithSummary("Communities (Louvain) among the nodes on a chart");

        app.MapPost("/api/chart/gexf", (HttpRequest request) => WithBody<CommunitiesRequest>(request, body =>
            Results.File(workbench.Charts.Gexf(body.Shown ?? throw new BadRequestException("'shown' is required")), "application/gexf+xml", "minerva-chart.gexf")))
            .WithSummary("The nodes on a chart and the edges between them as GEXF 1.3 (Gephi), with each node's PageRank");

        app.MapGet("/api/chart/path", (string? from, string? to) => Call(() =>
            Results.Json(workbench.Charts.Path(Required(from, "from"), Required(to, "to")))))
            .WithSummary("The strongest evidence path between two nodes");
    }

    /// <summary>The body of /api/search/selectors.</summary>
    private sealed record SelectorsBody(IReadOnlyList<string>? Lines, string? Region, int? Examples);

    /// <summary>The body of /api/chart/communities and /api/chart/gexf: the keys on the chart.</summary>
    private sealed record CommunitiesRequest(IReadOnlyList<string>? Shown);

    private static IResult BadRequest(string reason) => Results.Json(new ErrorBody(reason), statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(string reason) => Results.Json(new ErrorBody(reason), statusCode: StatusCodes.Status404NotFound);

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new BadRequestException($"'{name}' is required") : value;

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => string.IsNullOrWhiteSpace(value) ? null : value.ToString();

    private static DateTimeOffset? Time(Microsoft.Extensions.Primitives.StringValues value, string name) =>
        Text(value) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : throw new BadRequestException($"'{name}' is not a date or time: '{text}' (e.g. 2024-05-01)");

    private static int? Number(Microsoft.Extensions.Primitives.StringValues value, string name) =>
        Text(value) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new BadRequestException($"'{name}' is not a whole number: '{text}'");

    private static bool Flag(Microsoft.Extensions.Primitives.StringValues value, string name) => Text(value) switch
    {
        null or "0" or "false" => false,
        "1" or "true" => true,
        var text => throw new BadRequestException($"'{name}' is true or false, not '{text}'"),
    };
}
