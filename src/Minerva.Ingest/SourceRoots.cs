using System.Runtime.InteropServices;

namespace Minerva.Ingest;

/// <summary>
/// Where a source's files may reach. Ad pages name their photos, and the pages are written by the people under
/// investigation: a reference such as <c>../../etc/passwd</c>, an absolute path or a link out of the folder must not make
/// Minerva read (and attach the EXIF of) a file from elsewhere on the analyst's machine. A reference is allowed only
/// when its canonical path — every symbolic link resolved — lies inside the folder of the input it came from, or inside
/// a root the user allowed explicitly.
/// </summary>
internal sealed partial class SourceRoots
{
    private readonly string[] _extra;

    /// <param name="extra">Folders the user allowed besides each input's own (<c>--allow-root</c>).</param>
    /// <exception cref="InputException">An extra root does not exist.</exception>
    public SourceRoots(IEnumerable<string> extra)
    {
        _extra = extra.Select(r => Canonical(Path.GetFullPath(r)) is { } real && Directory.Exists(real)
            ? real
            : throw new InputException($"{Path.GetFullPath(r)}: --allow-root names no folder")).ToArray();
    }

    /// <summary>
    /// Why <paramref name="path"/> may not be read for a record of an input whose folder is <paramref name="root"/>
    /// (canonical), or null when it may; <paramref name="real"/> is the canonical path (null when nothing is there).
    /// </summary>
    public string? Refusal(string path, string root, out string? real)
    {
        var canonical = real = Canonical(path);
        if (canonical is null) return null; // missing: the caller counts it as missing
        if (!IsInside(canonical, root) && !_extra.Any(r => IsInside(canonical, r)))
            return canonical == path
                ? "outside the source's folder (allow it with --allow-root)"
                : $"resolves to {canonical}, outside the source's folder (allow it with --allow-root)";
        return RegularFileRefusal(canonical);
    }

    /// <summary>
    /// Why <paramref name="real"/> is not a regular file, or null. A FIFO, a socket or a device would block the
    /// reading thread forever (open() on a FIFO waits for a writer) or never end; stat reports all of them with size
    /// 0, and an empty file holds no image either, so size is checked without opening anything.
    /// </summary>
    public static string? RegularFileRefusal(string real)
    {
        if (Directory.Exists(real)) return "a folder, not a file";
        var info = new FileInfo(real);
        if (!info.Exists) return null;
        return info.Length == 0 ? "empty, or not a regular file (a pipe, socket or device)" : null;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies below it (both canonical).</summary>
    public static bool IsInside(string path, string root) =>
        path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) && (root.EndsWith('/') || path[root.Length] == '/')
        || path == root;

    /// <summary>The canonical absolute path (every link and "..", resolved by the OS), or null when it does not exist.</summary>
    public static string? Canonical(string path)
    {
        var resolved = RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
