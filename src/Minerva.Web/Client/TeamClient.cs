using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Minerva.App;
using Minerva.Storage;

namespace Minerva.Web.Client;

/// <summary>
/// The command line's side of a team server: its JSON API over HTTP with an API token (<c>Authorization: Bearer</c>).
/// The token crosses the network with every request, so a server that is not this machine must be reached over https.
/// A refusal comes back as the server's own reason: a 400 as <see cref="BadRequestException"/>, a 401 or 403 (a token
/// expired, revoked, or without the scope) and a server that cannot be reached as <see cref="WorkspaceException"/>.
/// </summary>
public sealed class TeamClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly JsonSerializerOptions _json = ApiJson.Options();

    /// <summary>A client for the server at <paramref name="server"/> acting with <paramref name="token"/>.</summary>
    /// <exception cref="BadRequestException">The address is not an http(s) URL, or is plain http to another machine, or the token is not one.</exception>
    public TeamClient(string server, string token, HttpMessageHandler? handler = null)
    {
        if (!Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            throw new BadRequestException($"--server takes the team server's address (https://minerva.example.org/), not '{server}'");
        if (address.Scheme == "http" && !address.IsLoopback)
            throw new BadRequestException($"{address} is plain http to another machine: the token would cross the network readable; use https");
        if (App.Team.ApiTokens.Parse(token) is null) throw new BadRequestException("the token is not a Minerva API token (mnv_…): make one on the team page");
        Address = address;
        _http = new HttpClient(handler ?? new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>The server.</summary>
    public Uri Address { get; }

    /// <summary>GETs <paramref name="path"/> and reads the answer.</summary>
    public T Get<T>(string path) => Read<T>(Send(() => _http.GetAsync(new Uri(path, UriKind.Relative))));

    /// <summary>GETs <paramref name="path"/> as it comes (an export, a GEXF file).</summary>
    public byte[] GetBytes(string path)
    {
        using var response = Send(() => _http.GetAsync(new Uri(path, UriKind.Relative)));
        return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> and reads the answer.</summary>
    public T Post<T>(string path, object body) => Read<T>(Send(() => _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, _json)));

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/>, for its effect.</summary>
    public void Post(string path, object body) => Send(() => _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, _json)).Dispose();

    private T Read<T>(HttpResponseMessage response)
    {
        using (response)
            return response.Content.ReadFromJsonAsync<T>(_json).GetAwaiter().GetResult()
                   ?? throw new WorkspaceException($"the team server at {Address} answered {response.RequestMessage?.RequestUri?.AbsolutePath} with nothing");
    }

    private HttpResponseMessage Send(Func<Task<HttpResponseMessage>> send)
    {
        HttpResponseMessage response;
        try
        {
            response = send().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new WorkspaceException($"cannot reach the team server at {Address}: {e.Message}", e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            string reason;
            try
            {
                reason = response.Content.ReadFromJsonAsync<ErrorBody>(_json).GetAwaiter().GetResult()?.Error ?? response.ReasonPhrase ?? "";
            }
            catch (JsonException)
            {
                reason = response.ReasonPhrase ?? "";
            }
            throw response.StatusCode switch
            {
                HttpStatusCode.BadRequest => new BadRequestException(reason),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new WorkspaceException($"the team server at {Address} refused: {reason}"),
                _ => new WorkspaceException($"the team server at {Address} answered {(int)response.StatusCode}: {reason}"),
            };
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
