namespace Minerva.App.Team;

/// <summary>
/// Slows down password guessing: after <see cref="FreePerName"/> failed logins for one name, or <see cref="FreePerAddress"/>
/// from one address, within <see cref="Window"/>, every further attempt waits — 2 s, then twice as long after each failure,
/// at most 15 minutes — and is refused unread until then. Per name stops guessing one analyst's password from many
/// machines; per address stops one machine trying many names, with room for an office of analysts behind one address
/// mistyping now and then. Kept in memory: a restarted server forgets, and the window starts again.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    /// <summary>Failures for one name before its attempts wait.</summary>
    public const int FreePerName = 5;

    /// <summary>Failures from one address before its attempts wait.</summary>
    public const int FreePerAddress = 30;

    /// <summary>How long a failure counts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, (int Failures, DateTimeOffset Last)> _failures = new(StringComparer.Ordinal);

    /// <summary>How long an attempt for <paramref name="name"/> from <paramref name="address"/> must still wait, or null.</summary>
    public TimeSpan? Wait(string name, string address)
    {
        var now = clock.GetUtcNow();
        lock (_failures)
        {
            var waits = new[] { WaitFor(Key("name", name), FreePerName, now), WaitFor(Key("address", address), FreePerAddress, now) }.OfType<TimeSpan>().ToList();
            return waits.Count == 0 ? null : waits.Max();
        }
    }

    /// <summary>Counts a failed attempt.</summary>
    public void Failed(string name, string address)
    {
        var now = clock.GetUtcNow();
        lock (_failures)
        {
            if (_failures.Count > 100_000) Forget(now); // a flood of names from many addresses does not grow memory without end
            foreach (var key in new[] { Key("name", name), Key("address", address) })
                _failures[key] = (_failures.TryGetValue(key, out var f) && now - f.Last < Window ? f.Failures + 1 : 1, now);
        }
    }

    /// <summary>Clears the name's failures after a successful login (the address's stay: it may be trying others).</summary>
    public void Succeeded(string name)
    {
        lock (_failures) _failures.Remove(Key("name", name));
    }

    private TimeSpan? WaitFor(string key, int free, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var f) || now - f.Last >= Window || f.Failures < free) return null;
        var wait = TimeSpan.FromSeconds(Math.Min(Longest.TotalSeconds, Math.Pow(2, f.Failures - free + 1)));
        var left = f.Last + wait - now;
        return left > TimeSpan.Zero ? left : null;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var key in _failures.Where(p => now - p.Value.Last >= Window).Select(p => p.Key).ToList()) _failures.Remove(key);
    }

    private static string Key(string kind, string value) => $"{kind}:{value.ToLowerInvariant()}";
}
