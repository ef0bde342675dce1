using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Minerva.Storage.Sqlite;

/// <summary>
/// A prepared statement driven through SQLite's C API: bound by position, stepped without a data reader. Only for the
/// per-record inserts of ingest, where Microsoft.Data.Sqlite's per-execution work (a parameter lookup by name for
/// each value, a data reader per <c>ExecuteNonQuery</c>) was about a tenth of all CPU at 1M ads, and for reading every
/// record's text after a bulk load, as UTF-8 without a string per column.
/// Runs inside whatever transaction the connection has open; errors surface as <see cref="SqliteException"/>. The
/// per-value calls go through <see cref="SqliteNative"/> on the raw pointers, which the handles kept here keep valid.
/// </summary>
internal sealed unsafe class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly IntPtr _dbPointer;
    private readonly IntPtr _pointer;
    private byte[] _utf8 = new byte[4096];

    /// <param name="db">The open connection's handle.</param>
    /// <param name="sql">One statement whose named parameters first appear in the order of <paramref name="parameters"/>,
    /// so that position i + 1 binds parameters[i]; checked here so a reordered statement fails at once.</param>
    /// <param name="parameters">Parameter names with their prefix, e.g. <c>$key</c>.</param>
    /// <exception cref="SqliteException">The statement does not compile.</exception>
    /// <exception cref="InvalidOperationException">The parameters are not in the order given.</exception>
    public RawStatement(sqlite3 db, string sql, IReadOnlyList<string> parameters)
    {
        _db = db;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement), db);
        var count = raw.sqlite3_bind_parameter_count(_statement);
        var misplaced = parameters.Where((name, i) => raw.sqlite3_bind_parameter_index(_statement, name) != i + 1).ToList();
        if (count == parameters.Count && misplaced.Count == 0)
        {
            _dbPointer = db.DangerousGetHandle();
            _pointer = _statement.DangerousGetHandle();
            return;
        }
        _statement.Dispose();
        throw new InvalidOperationException(
            $"Expected parameters {string.Join(", ", parameters)} in that order; {count} found, misplaced: {string.Join(", ", misplaced)}. SQL: {sql}");
    }

    /// <summary>Binds text (SQL NULL for null) at a 1-based position; SQLite copies it, so the buffer is reused.</summary>
    public void Text(int position, string? value)
    {
        if (value is null) Check(SqliteNative.sqlite3_bind_null(_pointer, position));
        else Text(position, value.AsSpan());
    }

    /// <summary>Binds text at a 1-based position.</summary>
    public void Text(int position, ReadOnlySpan<char> value)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most > _utf8.Length) _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
        var length = Encoding.UTF8.GetBytes(value, _utf8);
        Utf8(position, _utf8.AsSpan(0, length));
    }

    /// <summary>Binds text already in UTF-8 at a 1-based position.</summary>
    public void Utf8(int position, ReadOnlySpan<byte> value)
    {
        fixed (byte* text = value)
        {
            // A non-null pointer even for empty text, which is stored as '': a null pointer binds SQL NULL (as
            // SQLitePCL's span overload did, failing NOT NULL columns given an empty value).
            byte empty = 0;
            Check(SqliteNative.sqlite3_bind_text(_pointer, position, text == null ? &empty : text, value.Length, SqliteNative.Transient));
        }
    }

    /// <summary>Binds an integer (SQL NULL for null) at a 1-based position.</summary>
    public void Integer(int position, long? value) =>
        Check(value is { } v ? SqliteNative.sqlite3_bind_int64(_pointer, position, v) : SqliteNative.sqlite3_bind_null(_pointer, position));

    /// <summary>Binds a floating-point number at a 1-based position.</summary>
    public void Real(int position, double value) => Check(SqliteNative.sqlite3_bind_double(_pointer, position, value));

    /// <summary>Runs the statement to completion and returns the number of rows it changed.</summary>
    /// <exception cref="SqliteException">SQLite reported an error (a constraint, a full disk, ...).</exception>
    public int Execute()
    {
        var rc = SqliteNative.sqlite3_step(_pointer);
        try
        {
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            SqliteNative.sqlite3_reset(_pointer); // after reading the error: reset starts the next use clean
        }
        return SqliteNative.sqlite3_changes(_dbPointer);
    }

    /// <summary>Steps a query to its next row; false after the last (the statement is then reset).</summary>
    /// <exception cref="SqliteException">SQLite reported an error.</exception>
    public bool Next()
    {
        var rc = SqliteNative.sqlite3_step(_pointer);
        if (rc == raw.SQLITE_ROW) return true;
        try
        {
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            SqliteNative.sqlite3_reset(_pointer);
        }
        return false;
    }

    /// <summary>An integer column of the current row (0-based).</summary>
    public long Int64Column(int column) => SqliteNative.sqlite3_column_int64(_pointer, column);

    /// <summary>A text column of the current row (0-based) as UTF-8, empty for NULL; valid until the next step.</summary>
    public ReadOnlySpan<byte> Utf8Column(int column)
    {
        var text = SqliteNative.sqlite3_column_text(_pointer, column); // before the length: it may convert the value
        return text == null ? [] : new ReadOnlySpan<byte>(text, SqliteNative.sqlite3_column_bytes(_pointer, column));
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
