using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Minerva.App;

namespace Minerva.Web;

/// <summary>
/// <c>minerva serve</c>: the JSON API under <c>/api/</c> (described at <c>/openapi/v1.json</c>) and the UI, from one process
/// bound to 127.0.0.1 only. The printed link carries a one-time token; opening it sets a session cookie, and every other
/// request without that cookie is refused with 401 — another local user or a web page cannot read the workspace.
/// Ad text is hostile: the API returns it as JSON data, the UI renders it as text, and every response forbids scripts and
/// frames from anywhere but the app itself.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    /// <summary>The session cookie's name.</summary>
    public const string SessionCookie = "minerva_session";

    /// <summary>The header every state-changing request carries its antiforgery token in (from <c>GET /api/antiforgery</c>).</summary>
    public const string AntiforgeryHeader = "X-Minerva-Antiforgery";

    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private readonly WebApplication _app;
    private readonly Sessions _sessions;

    private WebServer(WebApplication app, Sessions sessions)
    {
        _app = app;
        _sessions = sessions;
    }

    /// <summary>The one-time token the login link carries.</summary>
    public string Token => _sessions.Token;

    /// <summary>The address the server listens on, once started.</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The link that logs a browser in (works once).</summary>
    public Uri LoginLink => new(Address, $"login?token={Token}");

    /// <summary>A server for <paramref name="workbench"/> on 127.0.0.1:<paramref name="port"/> (0: any free port).</summary>
    /// <param name="workbench">The use cases it serves.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="logging">Where the server logs (requests are logged at Debug only: their URLs hold selectors).</param>
    public static WebServer Create(Workbench workbench, int port, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.Converters.Add(new RecordKeyJson());
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        builder.Services.AddOpenApi();
        // Keys in memory only: tokens die with the process, as the sessions do, and nothing is written to the user's profile.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "minerva_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        var app = builder.Build();
        var sessions = new Sessions();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            // A page elsewhere that rebinds its name to 127.0.0.1 still sends its own Host: refuse it.
            if (!IsLocalHost(context.Request.Host.Host))
            {
                await Refuse(context, StatusCodes.Status400BadRequest, "this server answers only to 127.0.0.1 and localhost");
                return;
            }
            if (context.Request.Path != "/login" && !sessions.IsValid(context.Request.Cookies[SessionCookie]))
            {
                await Refuse(context, StatusCodes.Status401Unauthorized, "not logged in: open the link 'minerva serve' printed");
                return;
            }
            // Every request but a GET or HEAD carries the token, so a page elsewhere cannot change the workspace (a decision, a
            // resolution) even where a browser sends it the session cookie. The chart's POSTs only read, but one rule for
            // every POST is the one that cannot be forgotten on the next endpoint.
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                try
                {
                    await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
                }
                catch (AntiforgeryValidationException)
                {
                    await Refuse(context, StatusCodes.Status400BadRequest,
                        $"the antiforgery token is missing or wrong: send the one GET /api/antiforgery gives in the {AntiforgeryHeader} header");
                    return;
                }
            }
            await next(context);
        });
        app.MapGet("/api/antiforgery", (HttpContext context) =>
            Results.Json(new AntiforgeryBody(context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken!)))
            .WithSummary("The token every POST must carry in the " + AntiforgeryHeader + " header (it sets its cookie as well)");
        app.MapGet("/login", (HttpContext context, string? token) =>
        {
            if (sessions.Exchange(token) is not { } session)
                return Results.Json(new ErrorBody("this login link is not valid or was already used; restart 'minerva serve' for a new one"), statusCode: 401);
            context.Response.Cookies.Append(SessionCookie, session, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            return Results.Redirect("/");
        });
        Api.Map(app, workbench);
        app.MapOpenApi();
        app.MapGet("/favicon.ico", () => Results.NoContent()); // asked for by every browser; without it, a console error
        foreach (var (path, resource, type) in UiFiles)
            app.MapGet(path, () => Results.Bytes(Resource(resource), type));
        return new WebServer(app, sessions);
    }

    /// <summary>Starts listening.</summary>
    public Task StartAsync(CancellationToken cancel = default) => _app.StartAsync(cancel);

    /// <summary>Serves until <paramref name="cancel"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop serving.
        }
        await _app.StopAsync(CancellationToken.None);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static readonly (string Path, string Resource, string Type)[] UiFiles =
    [
        ("/", "ui/index.html", "text/html; charset=utf-8"),
        ("/app.js", "ui/app.js", "text/javascript; charset=utf-8"),
        ("/chart.js", "ui/chart.js", "text/javascript; charset=utf-8"),
        ("/map.js", "ui/map.js", "text/javascript; charset=utf-8"),
        ("/world.json", "ui/world.json", "application/json"),
        ("/app.css", "ui/app.css", "text/css; charset=utf-8"),
    ];

    private static byte[] Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not built in");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool IsLocalHost(string host) => host is "127.0.0.1" or "localhost";

    private static Task Refuse(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(reason));
    }

    /// <summary>The one login token and the sessions it opened. The token works once: a link left in a terminal's scroll-back
    /// or a shell history cannot open a second session.</summary>
    private sealed class Sessions
    {
        private readonly HashSet<string> _sessions = [];
        private bool _spent;

        public string Token { get; } = Random();

        public string? Exchange(string? token)
        {
            lock (_sessions)
            {
                if (_spent || token is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Token))) return null;
                _spent = true;
                var session = Random();
                _sessions.Add(session);
                return session;
            }
        }

        public bool IsValid(string? session)
        {
            if (session is null) return false;
            lock (_sessions) return _sessions.Contains(session);
        }

        private static string Random() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLower(CultureInfo.InvariantCulture);
    }
}

/// <summary>The body of every refusal: what was wrong.</summary>
/// <param name="Error">The reason.</param>
public sealed record ErrorBody(string Error);

/// <summary>The antiforgery token for state-changing requests.</summary>
/// <param name="Token">The value of the <see cref="WebServer.AntiforgeryHeader"/> header.</param>
public sealed record AntiforgeryBody(string Token);
