namespace Minerva.Storage;

/// <summary>Times as every backend can store them exactly.</summary>
public static class StoredTime
{
    /// <summary>
    /// <paramref name="at"/> in UTC, cut to the microsecond: what PostgreSQL's timestamps hold, so that a time hashed
    /// into a chain, or compared with the chain's copy, is the one read back.
    /// </summary>
    public static DateTimeOffset Microseconds(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }
}
