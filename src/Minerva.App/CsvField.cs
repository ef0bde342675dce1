namespace Minerva.App;

/// <summary>CSV output (RFC 4180): a field is quoted when it holds a comma, quote or line break.</summary>
public static class CsvField
{
    /// <summary>The field as CSV writes it.</summary>
    public static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
