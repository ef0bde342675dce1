using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Minerva.App;
using Minerva.App.Team;

namespace Minerva.Web;

/// <summary>
/// The JSON API: one endpoint per use case of the <see cref="Workbench"/>, parse → call → return. Bad input is a 400 whose
/// body names the parameter and what is wrong; an unknown record or entity is a 404.
/// </summary>
internal static class Api
{
    public static void Map(WebApplication app, Desks desks)
    {
        async Task<IResult> Call(HttpContext context, Func<Workbench, IResult> work)
        {
            var desk = desks.For(context);
            if (desk.Resolving.Running) return Busy(desk.Resolving.Status);
            await desk.Gate.WaitAsync();
            try
            {
                return Guarded(() => work(desk.Workbench));
            }
            finally
            {
                desk.Gate.Release();
            }
        }

        // A body is read before the gate: a slow client does not hold the workspace.
        async Task<IResult> WithBody<T>(HttpRequest request, Func<Workbench, T, IResult> work, bool gated = true) where T : class
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
            if (!gated) return Guarded(() => work(desks.For(request.HttpContext).Workbench, body));
            return await Call(request.HttpContext, workbench => work(workbench, body));
        }

        string Who(HttpRequest request, string? by) => desks.Author(request.HttpContext, by);

        app.MapGet("/api/search", (HttpRequest request) => Call(request.HttpContext, workbench =>
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
        app.MapPost("/api/search/selectors", (HttpRequest request) => WithBody<SelectorsBody>(request, (workbench, body) =>
            Results.Json(workbench.FindSelectors(new SelectorListRequest(body.Lines ?? throw new BadRequestException("'lines' is required"),
                body.Region, body.Examples ?? 5)))))
            .Needs(TeamRole.Viewer, "read")
            .WithSummary("Which selectors of a list the workspace holds: records, entities, when seen, newest records; unreadable lines with the reason");

        app.MapGet("/api/records/{**key}", (string key, HttpContext context) => Call(context, workbench =>
            workbench.Record(Keys.Record(key)) is { } record ? Results.Json(record) : NotFound($"no record {key}")))
            .WithSummary("A record with its selectors marked in its text");

        app.MapGet("/api/entities/{id}", (string id, HttpContext context) => Call(context, workbench =>
            workbench.Entity(Keys.Entity(id)) is { } entity ? Results.Json(entity) : NotFound($"no entity {id}")))
            .WithSummary("An entity: members, selectors, places, strongest links");

        app.MapGet("/api/entities/{id}/movement", (string id, HttpRequest request) => Call(request.HttpContext, workbench =>
            workbench.Movement(Keys.Entity(id), Number(request.Query["places"], "places") ?? 3, Number(request.Query["days"], "days") ?? 30) is { } movement
                ? Results.Json(movement) : NotFound($"no entity {id}")))
            .WithSummary("An entity's timeline of places with coordinates, its moves with distances, and circuit flags (places= distinct places within days= days)");

        app.MapGet("/api/photos", (string? record, HttpContext context) => Call(context, workbench => Results.Json(workbench.Photos.Of(Keys.Record(Required(record, "record"))))))
            .WithSummary("A record's hashed photos: format, size, PDQ quality and hash; each photo's id is the record and its attachment position");

        app.MapGet("/api/photos/reposts", (string? record, HttpRequest request) => Call(request.HttpContext, workbench =>
            workbench.Photos.Reposts(Keys.Record(Required(record, "record")), Number(request.Query["attachment"], "attachment") ?? 0,
                Number(request.Query["radius"], "radius") ?? Minerva.Images.NearDuplicates.RepostRadius, Number(request.Query["limit"], "limit") ?? 50) is { } found
                ? Results.Json(found) : NotFound($"no photo {request.Query["attachment"]} of {record}")))
            .WithSummary("The photos of other records that are the same picture (re-compressed, re-cropped, rotated, mirrored), nearest first");

        // By id only: the path comes from the workspace's table of hashed images, never from the request.
        app.MapGet("/api/photos/file", (string? record, HttpRequest request) => Call(request.HttpContext, workbench =>
            workbench.Photos.File(Keys.Record(Required(record, "record")), Number(request.Query["attachment"], "attachment") ?? 0) is { } file
                ? TypedResults.PhysicalFile(file.Path, file.ContentType) : NotFound($"no photo {request.Query["attachment"]} of {record}, or its file is gone")))
            .WithSummary("A photo's file, by record and attachment");

        app.MapGet("/api/why", (string? a, string? b, HttpContext context) => Call(context, workbench =>
            Results.Json(workbench.Why(Keys.Record(Required(a, "a")), Keys.Record(Required(b, "b"))))))
            .WithSummary("Why two records are, or are not, in one entity");

        // POST only because the keys already on a chart can be many; it changes nothing.
        app.MapPost("/api/chart/expand", (HttpRequest request) => WithBody<ExpandRequest>(request, (workbench, expand) =>
            Results.Json(workbench.Charts.Expand(expand with { Node = Required(expand.Node, "node") }))))
            .Needs(TeamRole.Viewer, "read")
            .WithSummary("A node of the network and its neighbours (by kind, strongest first), with the edges to the nodes already shown");

        app.MapPost("/api/chart/communities", (HttpRequest request) => WithBody<CommunitiesRequest>(request, (workbench, body) =>
            Results.Json(workbench.Charts.Communities(body.Shown ?? throw new BadRequestException("'shown' is required")))))
            .Needs(TeamRole.Viewer, "read")
            .WithSummary("Communities (Louvain) among the nodes on a chart");

        app.MapPost("/api/chart/gexf", (HttpRequest request) => WithBody<CommunitiesRequest>(request, (workbench, body) =>
            Results.File(workbench.Charts.Gexf(body.Shown ?? throw new BadRequestException("'shown' is required")), "application/gexf+xml", "minerva-chart.gexf")))
            .Needs(TeamRole.Viewer, "export")
            .WithSummary("The nodes on a chart and the edges between them as GEXF 1.3 (Gephi), with each node's PageRank");

        app.MapGet("/api/chart/path", (string? from, string? to, HttpContext context) => Call(context, workbench =>
            Results.Json(workbench.Charts.Path(Required(from, "from"), Required(to, "to")))))
            .WithSummary("The strongest evidence path between two nodes");

        app.MapGet("/api/workspace", (HttpRequest request) => Call(request.HttpContext, workbench =>
            Results.Json(workbench.Overview(Number(request.Query["runs"], "runs") ?? 20, Number(request.Query["quarantined"], "quarantined") ?? 50))))
            .WithSummary("What the workspace holds (records by source, selectors by kind), its newest ingest runs and quarantined inputs");

        app.MapGet("/api/ledger", (string? dataset, HttpContext context) => Call(context, workbench => Results.Json(workbench.Ledger(dataset ?? "cases"))))
            .WithSummary("A dataset's privacy ledger, read-only: budget, every release's spend with its manifest hash, budget changes, what is left");

        app.MapGet("/api/decisions", (HttpRequest request) => Call(request.HttpContext, workbench => Results.Json(workbench.Decisions())))
            .WithSummary("Every decision that two records are, or are not, one person, oldest first");

        app.MapPost("/api/decisions", (HttpRequest request) => WithBody<DecisionBody>(request, (workbench, body) =>
        {
            var decision = workbench.Mark(Keys.Record(Required(body.A, "a")), Keys.Record(Required(body.B, "b")),
                body.Same ?? throw new BadRequestException("'same' is required: true (one person) or false (two people)"),
                Who(request, body.By), body.Reason ?? "");
            return Results.Json(decision, statusCode: StatusCodes.Status201Created);
        })).Needs(TeamRole.Analyst, "write")
            .WithSummary("Records that two records are (same=true) or are not one person, with why; every later resolution keeps to it");

        app.MapPost("/api/decisions/split", (HttpRequest request) => WithBody<DecisionBody>(request, (workbench, body) =>
            Results.Json(workbench.SplitOut(Keys.Record(Required(body.A, "a")), Who(request, body.By), body.Reason ?? ""), statusCode: StatusCodes.Status201Created)))
            .Needs(TeamRole.Analyst, "write")
            .WithSummary("Records that record a is none of the other people of its entity (a 'not the same' decision with each other member)");

        MapCasework(app, Call, WithBody, Who);

        app.MapPost("/api/resolve", (HttpRequest request) => WithBody<ResolveBody>(request, (_, body) =>
        {
            var resolving = desks.For(request.HttpContext).Resolving;
            if (!resolving.Start(new ResolveRequest(Full: body.Full ?? false, TrainOnDecisions: body.TrainOnDecisions ?? false)))
                return Results.Json(new ErrorBody("a resolution is already running"), statusCode: StatusCodes.Status409Conflict);
            return Results.Json(resolving.Status, statusCode: StatusCodes.Status202Accepted);
        }, gated: false)).Needs(TeamRole.Analyst, "resolve")
            .WithSummary("Starts re-resolving the workspace with its rules and decisions, in the background; GET /api/resolve follows it");

        app.MapGet("/api/resolve", (HttpContext context) => Results.Json(desks.For(context).Resolving.Status))
            .WithSummary("Where the resolution started from the web stands: stage, progress, and what it did");
    }

    /// <summary>Case work: cases and their items, notes and tags, a search over them, a case's export. A case is named in the
    /// query or body, not the path: a name may hold any character.</summary>
    private static void MapCasework(WebApplication app, Func<HttpContext, Func<Workbench, IResult>, Task<IResult>> call,
        Func<HttpRequest, Func<Workbench, CaseworkBody, IResult>, bool, Task<IResult>> withBody, Func<HttpRequest, string?, string> who)
    {
        app.MapGet("/api/cases", (HttpRequest request) => call(request.HttpContext, workbench => Results.Json(workbench.Cases.List()))).WithSummary("Every case, by name");

        app.MapPost("/api/cases", (HttpRequest request) => withBody(request, (workbench, body) =>
            Results.Json(workbench.Cases.Open(Required(body.Name, "name"), body.Description, who(request, body.By)), statusCode: StatusCodes.Status201Created), true))
            .Needs(TeamRole.Analyst, "write")
            .WithSummary("Opens a case (name, description)");

        app.MapGet("/api/case", (string? name, HttpContext context) => call(context, workbench =>
            workbench.Cases.Show(Required(name, "name")) is { } view ? Results.Json(view) : NotFound($"no case '{name}'")))
            .WithSummary("A case: its records, entities and selectors as they stand now, with their notes and tags");

        app.MapPost("/api/case/items", (HttpRequest request) => withBody(request, (workbench, body) =>
            Results.Json(new { added = workbench.Cases.Add(Required(body.Case, "case"), body.Subject, who(request, body.By)) }), true))
            .Needs(TeamRole.Analyst, "write")
            .WithSummary("Adds a record, entity or selector (kind, ref) to a case");

        app.MapPost("/api/case/items/remove", (HttpRequest request) => withBody(request, (workbench, body) =>
            Results.Json(new { removed = workbench.Cases.Remove(Required(body.Case, "case"), body.Subject) }), true))
            .Needs(TeamRole.Analyst, "write")
            .WithSummary("Takes a record, entity or selector (kind, ref) out of a case");

        app.MapGet("/api/case/export", (string? name, HttpContext context) => call(context, workbench =>
            workbench.Cases.Export(Required(name, "name")) is { } whole ? Results.Json(whole) : NotFound($"no case '{name}'")))
            .Needs(TeamRole.Viewer, "export")
            .WithSummary("A case written out whole (minerva-case/1): items, the records they stand for, notes and tags");

        app.MapGet("/api/case/gexf", (string? name, HttpContext context) => call(context, workbench =>
            workbench.Cases.Gexf(Required(name, "name")) is { } gexf ? Results.File(gexf, "application/gexf+xml", "minerva-case.gexf") : NotFound($"no case '{name}'")))
            .Needs(TeamRole.Viewer, "export")
            .WithSummary("A case's network as GEXF 1.3: its items, its entities' records, the edges between them");

        app.MapGet("/api/about", (string? kind, string? @ref, HttpContext context) => call(context, workbench => Results.Json(workbench.Cases.About(Casework.Parse(kind, @ref)))))
            .WithSummary("The notes, tags and cases of a record, entity, selector or case (kind, ref)");

        app.MapPost("/api/notes", (HttpRequest request) => withBody(request, (workbench, body) =>
            Results.Json(workbench.Cases.AddNote(body.Subject, body.Text ?? "", who(request, body.By)), statusCode: StatusCodes.Status201Created), true))
            .Needs(TeamRole.Analyst, "write")
            .WithSummary("Writes a note (text) on a record, entity, selector or case (kind, ref); notes are kept, never edited");

        app.MapPost("/api/tags", (HttpRequest request) => withBody(request, (workbench, body) =>
            Results.Json(new { added = workbench.Cases.AddTag(body.Subject, Required(body.Tag, "tag"), who(request, body.By)) }), true))
            .Needs(TeamRole.Analyst, "write")
            .WithSummary("Tags a record, entity, selector or case (kind, ref)");

        app.MapPost("/api/tags/remove", (HttpRequest request) => withBody(request, (workbench, body) =>
            Results.Json(new { removed = workbench.Cases.RemoveTag(body.Subject, Required(body.Tag, "tag")) }), true))
            .Needs(TeamRole.Analyst, "write")
            .WithSummary("Takes a tag off");

        app.MapGet("/api/tags", (string? tag, HttpContext context) => call(context, workbench => tag is null
            ? Results.Json(workbench.Cases.Tags().Select(t => new { tag = t.Tag, subjects = t.Subjects }))
            : Results.Json(workbench.Cases.Tagged(tag))))
            .WithSummary("Tags in use with their counts, or what carries one (tag=)");

        app.MapGet("/api/casework/find", (string? q, HttpRequest request) => call(request.HttpContext, workbench =>
            Results.Json(workbench.Cases.Find(q ?? "", Number(request.Query["limit"], "limit") ?? 100))))
            .WithSummary("Notes, tags and cases holding every word of q (case and accents aside), newest first");
    }

    /// <summary>The body of the case-work endpoints: what it is about (kind, ref), and what to write.</summary>
    private sealed record CaseworkBody(string? Name, string? Description, string? Case, string? Kind, string? Ref, string? Text, string? Tag, string? By)
    {
        /// <summary>What it is about.</summary>
        public Minerva.Storage.Subject Subject => Casework.Parse(Kind, Ref);
    }

    /// <summary>The refusal while a resolution holds the workspace: what it is doing, so the page can say when to come back.</summary>
    private static IResult Busy(ResolveStatus status) => Results.Json(
        new ErrorBody($"the workspace is being re-resolved ({status.Stage}, {status.Fraction:P0}); try again when it ends"),
        statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>The body of POST /api/decisions and /api/decisions/split.</summary>
    private sealed record DecisionBody(string? A, string? B, bool? Same, string? Reason, string? By);

    /// <summary>The body of POST /api/resolve.</summary>
    private sealed record ResolveBody(bool? Full, bool? TrainOnDecisions);

    /// <summary>The body of /api/search/selectors.</summary>
    private sealed record SelectorsBody(IReadOnlyList<string>? Lines, string? Region, int? Examples);

    /// <summary>The body of /api/chart/communities and /api/chart/gexf: the keys on the chart.</summary>
    private sealed record CommunitiesRequest(IReadOnlyList<string>? Shown);

    private static IResult Guarded(Func<IResult> work)
    {
        try
        {
            return work();
        }
        catch (BadRequestException e)
        {
            return BadRequest(e.Message);
        }
        catch (Minerva.Storage.WorkspaceException e)
        {
            // The workspace itself is wrong (a ledger edited behind Minerva's back): not the request's fault, but said plainly.
            return Results.Json(new ErrorBody(e.Message), statusCode: StatusCodes.Status500InternalServerError);
        }
    }

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
        // A sign is read, so that "-1" gets the application layer's range message ("offset must be between 0 and …").
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw new BadRequestException($"'{name}' is not a whole number: '{text}'");

    private static bool Flag(Microsoft.Extensions.Primitives.StringValues value, string name) => Text(value) switch
    {
        null or "0" or "false" => false,
        "1" or "true" => true,
        var text => throw new BadRequestException($"'{name}' is true or false, not '{text}'"),
    };
}
