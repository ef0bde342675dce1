using System.Runtime.InteropServices;

namespace Minerva.Storage.Sqlite;

/// <summary>
/// The SQLite C functions <see cref="RawStatement"/> calls once per value, on the raw statement pointer. Through
/// SQLitePCL every call also counted the statement's SafeHandle up and down and went through its provider interface:
/// about a twentieth of the ingest writer's CPU at 1M ads. The library is the one Microsoft.Data.Sqlite loads
/// (e_sqlite3), so handles pass between the two freely.
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies bound text before the call returns, so the caller's buffer is free again.</summary>
    public static readonly IntPtr Transient = -1;

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_text(IntPtr statement, int index, byte* text, int length, IntPtr destructor);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_int64(IntPtr statement, int index, long value);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_double(IntPtr statement, int index, double value);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_null(IntPtr statement, int index);

    [LibraryImport(Library)]
    public static partial int sqlite3_step(IntPtr statement);

    [LibraryImport(Library)]
    public static partial int sqlite3_reset(IntPtr statement);

    [LibraryImport(Library)]
    public static partial int sqlite3_changes(IntPtr db);

    [LibraryImport(Library)]
    public static partial long sqlite3_column_int64(IntPtr statement, int column);

    [LibraryImport(Library)]
    public static partial byte* sqlite3_column_text(IntPtr statement, int column);

    [LibraryImport(Library)]
    public static partial int sqlite3_column_bytes(IntPtr statement, int column);
}
