using System.Collections.Concurrent;
using System.Security.Cryptography;
using Minerva.App.Team;

namespace Minerva.Web;

/// <summary>
/// The team server's logged-in sessions, in memory: a random id in an HttpOnly cookie stands for a principal. A session ends
/// after 30 minutes unused or 12 hours after login, and its account is read again every minute, so that a user disabled
/// or given another role is held to it at once. A restarted server ends every session (users log in again; nothing
/// stored is lost).
/// </summary>
internal sealed class TeamSessions(TeamAccess access, TimeProvider clock)
{
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Longest = TimeSpan.FromHours(12);
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    private sealed record Session(TeamPrincipal Principal, DateTimeOffset Opened, DateTimeOffset Seen, DateTimeOffset Checked);

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>Opens a session; returns its id for the cookie.</summary>
    public string Open(TeamPrincipal principal)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in _sessions.Where(s => Ended(s.Value, now)).Select(s => s.Key).ToList()) _sessions.TryRemove(stale, out _);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _sessions[id] = new Session(principal, now, now, now);
        return id;
    }

    /// <summary>The session's principal, or null when there is none, it ended, or its account was disabled.</summary>
    public TeamPrincipal? Find(string? id)
    {
        if (id is null || !_sessions.TryGetValue(id, out var session)) return null;
        var now = clock.GetUtcNow();
        if (Ended(session, now))
        {
            _sessions.TryRemove(id, out _);
            return null;
        }
        if (now - session.Checked >= Recheck)
        {
            if (access.Refresh(session.Principal) is not { } current)
            {
                _sessions.TryRemove(id, out _);
                return null;
            }
            session = session with { Principal = current, Checked = now };
        }
        _sessions[id] = session with { Seen = now };
        return session.Principal;
    }

    /// <summary>Ends a session (logout).</summary>
    public void Close(string? id)
    {
        if (id is not null) _sessions.TryRemove(id, out _);
    }

    private static bool Ended(Session s, DateTimeOffset now) => now - s.Seen >= Idle || now - s.Opened >= Longest;
}
