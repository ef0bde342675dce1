using Microsoft.Data.Sqlite;

namespace Minerva.Storage.Sqlite;

/// <summary>What a SQLite failure means for whoever must act on it: the one reading of result codes that the workspace's
/// warnings and the CLI's messages share.</summary>
public enum StorageFault
{
    /// <summary>Something else (the message says what).</summary>
    Other,
    /// <summary>SQLITE_FULL: the disk is full.</summary>
    DiskFull,
    /// <summary>SQLITE_READONLY: the file or its folder cannot be written.</summary>
    ReadOnly,
    /// <summary>SQLITE_CANTOPEN: a file (the log, the shared-memory file) cannot be opened, as on a read-only file system.</summary>
    CannotOpen,
    /// <summary>SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock.</summary>
    Busy,
    /// <summary>SQLITE_IOERR: the operating system refused a read or write.</summary>
    IoError,
    /// <summary>SQLITE_CORRUPT or SQLITE_NOTADB: the file is damaged.</summary>
    Damaged,
}

/// <summary>Reads SQLite's primary result codes as <see cref="StorageFault"/>s.</summary>
public static class StorageFaults
{
    /// <summary>The fault behind <paramref name="e"/>.</summary>
    public static StorageFault Of(SqliteException e) => (e.SqliteErrorCode & 0xFF) switch
    {
        13 => StorageFault.DiskFull,
        8 => StorageFault.ReadOnly,
        14 => StorageFault.CannotOpen,
        5 or 6 => StorageFault.Busy,
        10 => StorageFault.IoError,
        11 or 26 => StorageFault.Damaged,
        _ => StorageFault.Other,
    };
}
