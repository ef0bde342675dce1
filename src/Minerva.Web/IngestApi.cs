using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Minerva.App;
using Minerva.App.Team;
using Minerva.Core;
using Minerva.Storage;

namespace Minerva.Web;

/// <summary>A record pushed by a connector run elsewhere: the record, its selectors, its content hash and its hashed photos.</summary>
public sealed record PushedRecord(SourceRecord Record, IReadOnlyList<Selector> Selectors, string Hash, IReadOnlyList<ImageFacts>? Images);

/// <summary>A batch pushed to the team server: stored in one transaction, or not at all.</summary>
public sealed record PushedBatch(IReadOnlyList<PushedRecord> Records, IReadOnlyList<QuarantineEntry> Quarantine);

/// <summary>What the server did with a pushed batch.</summary>
public sealed record PushedOutcome(int Added, int Updated, int Duplicate, int Quarantined);

/// <summary>What an ingest reads of the tenant before it starts: its records per source, and which country its records give each place.</summary>
public sealed record IngestContext(IReadOnlyDictionary<string, long> Sources, IReadOnlyList<PlaceCountry> Places);

/// <summary>The content hashes the tenant holds for some keys (keys it does not hold are left out).</summary>
public sealed record KnownKeys(IReadOnlyDictionary<string, string> Hashes);

/// <summary>
/// A connector run on an analyst's laptop pushing to the team (<c>minerva ingest --server</c>): the laptop reads, maps and
/// extracts, as it does into a workspace; the server stores each batch in the user's tenant in one transaction and brings
/// the tenant's search index up to date. What is pushed is checked as input from outside is: sizes, and every selector's
/// place inside its field.
/// </summary>
internal static class IngestApi
{
    /// <summary>Most records one pushed batch may hold (the client sends 2,048).</summary>
    public const int MaxBatch = 5_000;

    public static void Map(WebApplication app, TenantDesks desks)
    {
        IResult Answer(HttpContext context, Func<Desk, IResult> work)
        {
            try
            {
                return work(desks.For(context));
            }
            catch (BadRequestException e)
            {
                return Results.Json(new ErrorBody(e.Message), statusCode: StatusCodes.Status400BadRequest);
            }
        }

        async Task<IResult> With<T>(HttpRequest request, Func<Desk, T, IResult> work) where T : class =>
            await WebServer.Body<T>(request.HttpContext) is { } body
                ? Answer(request.HttpContext, desk => work(desk, body))
                : Results.Json(new ErrorBody("the body is not the JSON this endpoint reads"), statusCode: StatusCodes.Status400BadRequest);

        app.MapGet("/api/ingest/context", (HttpContext context) => Answer(context, desk =>
            Results.Json(new IngestContext(desk.Store!.CountBySource(), desk.Store.CountPlaceCountries()))))
            .Needs(TeamRole.Analyst, "ingest").WithSummary("What an ingest pushed from elsewhere reads first: records per source, places' countries");

        app.MapPost("/api/ingest/known", (HttpRequest request) => With<IReadOnlyList<string>>(request, (desk, keys) =>
        {
            if (keys.Count > MaxBatch) throw new BadRequestException($"at most {MaxBatch:N0} keys at once");
            var parsed = keys.Select(k => RecordKey.TryParse(k, out var key) ? key : (RecordKey?)null).OfType<RecordKey>().ToList();
            return Results.Json(new KnownKeys(desk.Store!.ContentHashes(parsed)));
        })).Needs(TeamRole.Analyst, "ingest").WithSummary("The content hashes the tenant holds for some record keys, so a pushed run counts duplicates as the server will");

        app.MapPost("/api/ingest/batch", (HttpRequest request) => With<PushedBatch>(request, (desk, batch) =>
        {
            Check(batch);
            var (added, updated, duplicate) = (0, 0, 0);
            using (var writing = desk.Store!.BeginBatch())
            {
                writing.Expect([.. batch.Records.Select(r => r.Record.Key)]);
                foreach (var r in batch.Records)
                {
                    // A photo's file stays on the machine that hashed it: a path from there names nothing here, and a path
                    // chosen by the sender must never become a file this server hands out (GET /api/photos/file).
                    var images = r.Images?.Select(i => i with { Path = "" }).ToList();
                    switch (writing.Add(r.Record, r.Selectors, r.Hash, images))
                    {
                        case IngestOutcome.Added: added++; break;
                        case IngestOutcome.Updated: updated++; break;
                        default: duplicate++; break;
                    }
                }
                foreach (var q in batch.Quarantine) writing.Quarantine(q);
                writing.Commit();
            }
            desk.Index?.CatchUp();
            var who = TenantDesks.Principal(request.HttpContext);
            desk.Workbench.Audit.Write("ingest", who.Name, batch.Records.FirstOrDefault()?.Record.Key.Source ?? "",
                $"{batch.Records.Count:N0} records pushed: {added:N0} new, {updated:N0} updated, {duplicate:N0} duplicate; {batch.Quarantine.Count:N0} quarantined");
            return Results.Json(new PushedOutcome(added, updated, duplicate, batch.Quarantine.Count));
        })).Needs(TeamRole.Analyst, "ingest").WithSummary("Stores a batch of records a connector run elsewhere read, in one transaction");

        app.MapPost("/api/ingest/run", (HttpRequest request) => With<IngestRun>(request, (desk, run) =>
        {
            desk.Store!.RecordRun(run);
            return Results.NoContent();
        })).Needs(TeamRole.Analyst, "ingest").WithSummary("Records a pushed run's counts, for provenance");
    }

    /// <exception cref="BadRequestException">The batch is too large, or a selector lies outside its field.</exception>
    private static void Check(PushedBatch batch)
    {
        if (batch.Records.Count + batch.Quarantine.Count > MaxBatch) throw new BadRequestException($"at most {MaxBatch:N0} records in a batch");
        foreach (var r in batch.Records)
        {
            if (r.Record?.Key is null || string.IsNullOrEmpty(r.Hash) || r.Record.RawPayload is null || r.Record.Origin is null)
                throw new BadRequestException("every pushed record needs its key, raw payload, origin and content hash");
            foreach (var s in r.Selectors ?? [])
            {
                var field = s.Field switch
                {
                    RecordField.Title => r.Record.Title,
                    RecordField.Text => r.Record.Text,
                    _ => null,
                };
                if (string.IsNullOrEmpty(s.Value) || s.Start < 0 || s.Length < 0 || field is not null && s.Start + s.Length > field.Length)
                    throw new BadRequestException($"{r.Record.Key}: a {s.Kind.Name()} selector lies outside its {s.Field.ToString().ToLowerInvariant()}");
            }
        }
    }
}
