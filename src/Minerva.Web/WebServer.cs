using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
using Minerva.App.Team;

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
    private readonly Sessions? _sessions;

    private WebServer(WebApplication app, Sessions? sessions)
    {
        _app = app;
        _sessions = sessions;
    }

    /// <summary>The one-time token the login link carries (a workstation's).</summary>
    public string Token => _sessions?.Token ?? throw new InvalidOperationException("a team server has no login link: users log in with their accounts");

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
        var app = Build(new IPEndPoint(IPAddress.Loopback, port), logging);
        var sessions = new Sessions();
        app.Use(async (context, next) =>
        {
            Secure(context);
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
            if (!await Unforged(context)) return;
            await next(context);
        });
        app.MapGet("/login", (HttpContext context, string? token) =>
        {
            if (sessions.Exchange(token) is not { } session)
                return Results.Json(new ErrorBody("this login link is not valid or was already used; restart 'minerva serve' for a new one"), statusCode: 401);
            context.Response.Cookies.Append(SessionCookie, session, SessionCookieOptions(context));
            return Results.Redirect("/");
        });
        app.MapGet("/api/me", () => Results.Json(new MeBody(false, Environment.UserName, null, null)))
            .WithSummary("Who uses the server: on a workstation, its user; on a team server, the logged-in user, their role and tenant");
        Api.Map(app, new OneDesk(new Desk(workbench, app.Lifetime.ApplicationStopping)));
        MapUi(app);
        return new WebServer(app, sessions);
    }

    /// <summary>
    /// A team server: many users of many tenants, each request bound to its user's tenant (the database shows it nothing
    /// else), logins checked against the accounts with throttling, API tokens for scripts and the command line, and each
    /// endpoint open only to the roles (and token scopes) it names. Listens on <paramref name="listen"/>.
    /// </summary>
    public static WebServer CreateTeam(TeamSite site, IPEndPoint listen, Action<ILoggingBuilder>? logging = null)
    {
        var app = Build(listen, logging);
        var clock = site.Clock ?? TimeProvider.System;
        var access = new TeamAccess(site.Accounts, tenant => site.Workspace(tenant).Audit, clock);
        var sessions = new TeamSessions(access, clock);
        var desks = new TenantDesks(tenant => site.Desk(tenant, () => TenantDesks.Current.Value?.Name ?? "team server", app.Lifetime.ApplicationStopping));
        app.Lifetime.ApplicationStopped.Register(desks.Dispose);
        app.Use(async (context, next) =>
        {
            Secure(context);
            var path = context.Request.Path.Value ?? "";
            var open = HttpMethods.IsGet(context.Request.Method) && path is "/login" or "/login.js" or "/app.css" or "/favicon.ico" or "/api/antiforgery"
                       || HttpMethods.IsPost(context.Request.Method) && path == "/api/login";
            if (!open)
            {
                TeamPrincipal principal;
                var bearer = context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim() : null;
                try
                {
                    principal = bearer is not null ? access.Token(bearer)
                        : sessions.Find(context.Request.Cookies[SessionCookie]) ?? throw new AccessRefusedException("not logged in");
                }
                catch (AccessRefusedException e)
                {
                    if (bearer is null && HttpMethods.IsGet(context.Request.Method) && !path.StartsWith("/api/", StringComparison.Ordinal))
                    {
                        context.Response.Redirect("/login");
                        return;
                    }
                    context.Response.Headers["X-Minerva-Login"] = "/login";
                    await Refuse(context, StatusCodes.Status401Unauthorized, bearer is null ? $"{e.Message}: log in at /login" : e.Message);
                    return;
                }
                context.Items[typeof(TeamPrincipal)] = principal;
                TenantDesks.Current.Value = principal;
                // A token travels in a header a page elsewhere cannot add; a session cookie does travel, so its POSTs need the token.
                if (bearer is null && !await Unforged(context)) return;
                var need = context.GetEndpoint()?.Metadata.GetMetadata<Need>();
                if (need is null && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && context.GetEndpoint() is not null)
                {
                    await Refuse(context, StatusCodes.Status403Forbidden, "this endpoint is not open on a team server");
                    return;
                }
                need ??= new Need(TeamRole.Viewer, "read");
                if (!principal.May(need.Role, need.Scope))
                {
                    await Refuse(context, StatusCodes.Status403Forbidden, principal.Role < need.Role
                        ? $"a {principal.Role.Name()} may not do this: it needs a {need.Role.Name()}"
                        : $"this token may not do this: it needs the '{need.Scope}' scope");
                    return;
                }
            }
            else if (HttpMethods.IsPost(context.Request.Method) && !await Unforged(context)) return; // login, too: no logging a browser into someone else's account
            await next(context);
        });
        app.MapGet("/login", () => Results.Bytes(Resource("ui/login.html"), "text/html; charset=utf-8"));
        app.MapGet("/login.js", () => Results.Bytes(Resource("ui/login.js"), "text/javascript; charset=utf-8"));
        app.MapPost("/api/login", async (HttpRequest request) =>
        {
            var context = request.HttpContext;
            var body = await Body<LoginBody>(context);
            if (body is null) return Results.Json(new ErrorBody("a JSON body with name and password is required"), statusCode: 400);
            try
            {
                var principal = access.SignIn(body.Name ?? "", body.Password ?? "", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                context.Response.Cookies.Append(SessionCookie, sessions.Open(principal), SessionCookieOptions(context));
                return Results.Json(Me(principal));
            }
            catch (AccessRefusedException e)
            {
                if (e.RetryAfter is { } wait) context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return Results.Json(new ErrorBody(e.Message), statusCode: e.RetryAfter is null ? 401 : StatusCodes.Status429TooManyRequests);
            }
        }).WithSummary("Logs in (name, password): sets the session cookie. Failed logins are throttled per name and per address");
        app.MapPost("/api/logout", (HttpContext context) =>
        {
            sessions.Close(context.Request.Cookies[SessionCookie]);
            context.Response.Cookies.Delete(SessionCookie);
            return Results.NoContent();
        }).Needs(TeamRole.Viewer, "read").WithSummary("Ends the session");
        app.MapGet("/api/me", (HttpContext context) => Results.Json(Me(TenantDesks.Principal(context))))
            .WithSummary("Who uses the server: on a workstation, its user; on a team server, the logged-in user, their role and tenant");
        TeamApi.Map(app, site, desks, clock);
        IngestApi.Map(app, desks);
        Api.Map(app, desks);
        MapUi(app);
        return new WebServer(app, null);
    }

    private static MeBody Me(TeamPrincipal p) => new(true, p.Name, p.Role.Name(), p.Tenant);

    private static CookieOptions SessionCookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    internal static async Task<T?> Body<T>(HttpContext context) where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<JsonOptions>>().Value.SerializerOptions);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static WebApplication Build(IPEndPoint listen, Action<ILoggingBuilder>? logging)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k => k.Listen(listen));
        builder.Services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
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
        app.MapGet("/api/antiforgery", (HttpContext context) =>
            Results.Json(new AntiforgeryBody(context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken!)))
            .WithSummary("The token every POST must carry in the " + AntiforgeryHeader + " header (it sets its cookie as well)");
        return app;
    }

    private static void Secure(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }

    /// <summary>
    /// Every request but a GET or HEAD carries the antiforgery token, so a page elsewhere cannot change the workspace (a
    /// decision, a resolution) even where a browser sends it the session cookie. The chart's POSTs only read, but one rule for
    /// every POST is the one that cannot be forgotten on the next endpoint. False (and the refusal written) when it is wrong.
    /// </summary>
    private static async Task<bool> Unforged(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) return true;
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            await Refuse(context, StatusCodes.Status400BadRequest,
                $"the antiforgery token is missing or wrong: send the one GET /api/antiforgery gives in the {AntiforgeryHeader} header");
            return false;
        }
    }

    private static void MapUi(WebApplication app)
    {
        app.MapOpenApi();
        app.MapGet("/favicon.ico", () => Results.NoContent()); // asked for by every browser; without it, a console error
        foreach (var (path, resource, type) in UiFiles)
            app.MapGet(path, () => Results.Bytes(Resource(resource), type));
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

/// <summary>Who uses the server.</summary>
/// <param name="Team">Whether it is a team server.</param>
/// <param name="Name">The user.</param>
/// <param name="Role">Their role (team server).</param>
/// <param name="Tenant">Their tenant (team server).</param>
public sealed record MeBody(bool Team, string Name, string? Role, long? Tenant);

/// <summary>A login.</summary>
/// <param name="Name">Login name.</param>
/// <param name="Password">Password.</param>
internal sealed record LoginBody(string? Name, string? Password);

/// <summary>The antiforgery token for state-changing requests.</summary>
/// <param name="Token">The value of the <see cref="WebServer.AntiforgeryHeader"/> header.</param>
public sealed record AntiforgeryBody(string Token);
