using Microsoft.Data.Sqlite;
using Minerva.Storage.Sqlite;

namespace Minerva.Storage.Tests;

public sealed class RawStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public RawStatementTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t(a TEXT NOT NULL UNIQUE, b INTEGER)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void Values_bound_by_position_arrive_intact_including_long_empty_and_non_ASCII_text()
    {
        var longText = new string('ś', 5_000); // 10,000 UTF-8 bytes: more than the first buffer
        using (var insert = new RawStatement(_connection.Handle!, "INSERT INTO t(a, b) VALUES($a, $b)", ["$a", "$b"]))
        {
            foreach (var (a, b) in new[] { ("Kieślowski 🙂", (long?)7), (longText, null), ("", 0) })
            {
                insert.Text(1, a);
                insert.Integer(2, b);
                Assert.Equal(1, insert.Execute());
            }
        }
        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT a, b FROM t ORDER BY rowid";
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(("Kieślowski 🙂", 7L), (reader.GetString(0), reader.GetInt64(1)));
        Assert.True(reader.Read());
        Assert.Equal(longText, reader.GetString(0));
        Assert.True(reader.IsDBNull(1));
        Assert.True(reader.Read());
        Assert.False(reader.IsDBNull(0)); // empty text is '', not SQL NULL
        Assert.Equal("", reader.GetString(0));
    }

    [Fact]
    public void A_failed_step_throws_SQLites_error_and_the_statement_stays_usable()
    {
        using var insert = new RawStatement(_connection.Handle!, "INSERT INTO t(a, b) VALUES($a, $b)", ["$a", "$b"]);
        insert.Text(1, "once");
        insert.Integer(2, 1);
        insert.Execute();

        var error = Assert.Throws<SqliteException>(() => insert.Execute());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE", error.Message, StringComparison.Ordinal);

        insert.Text(1, "twice");
        Assert.Equal(1, insert.Execute());
    }

    [Theory]
    [InlineData("INSERT INTO t(a, b) VALUES($b, $a)")] // same names, other order
    [InlineData("INSERT INTO t(a, b) VALUES($a, 1)")] // a parameter missing
    public void Parameters_out_of_the_declared_order_are_refused(string sql) =>
        Assert.Throws<InvalidOperationException>(() => new RawStatement(_connection.Handle!, sql, ["$a", "$b"]));
}
