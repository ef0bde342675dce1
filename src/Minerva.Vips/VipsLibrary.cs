using System.Reflection;
using System.Runtime.InteropServices;

namespace Minerva.Vips;

/// <summary>libvips is not installed or could not start; the message says how to install it.</summary>
public sealed class VipsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Loads and starts libvips once per process, thread-safely. Settings chosen for untrusted input: only the
/// JPEG, PNG, WebP and GIF loaders are allowed (libvips can read dozens of formats, some through large
/// third-party parsers), the operation cache is off (each file is read once), and libvips runs one thread per
/// image because Minerva spreads images across cores itself.
/// </summary>
public static class VipsLibrary
{
    /// <summary>What to tell a user whose machine lacks libvips.</summary>
    public const string InstallHint =
        "libvips is not installed; image hashing needs it. Run tools/setup.sh, or on Debian/Ubuntu: apt-get install libvips42";

    private static readonly string[] AllowedLoaders =
        ["VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif"];

    private static readonly Lazy<string> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    static VipsLibrary() => NativeLibrary.SetDllImportResolver(typeof(VipsLibrary).Assembly, Resolve);

    /// <summary>Whether libvips could be loaded and started.</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                Ensure();
                return true;
            }
            catch (VipsUnavailableException)
            {
                return false;
            }
        }
    }

    /// <summary>The libvips version, e.g. <c>8.14.1</c>.</summary>
    /// <exception cref="VipsUnavailableException">libvips is missing.</exception>
    public static string Version => Ensure();

    /// <summary>Starts libvips if it is not yet running.</summary>
    /// <exception cref="VipsUnavailableException">libvips is missing or failed to start.</exception>
    public static string Ensure()
    {
        try
        {
            return Started.Value;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            throw new VipsUnavailableException(e is InvalidOperationException ? e.Message : InstallHint, e);
        }
    }

    private static string Start()
    {
        // libvips writes its warnings to stderr; a corrupt file is reported through our quarantine instead.
        Native.SetEnv("VIPS_WARNING", "0", 0);
        // libvips loads its plug-in modules (HEIF, PDF, ImageMagick, OpenSlide) from VIPSHOME/lib. We allow none of
        // their formats, and OpenSlide drags in the system libsqlite3, whose symbols then displace the SQLite that
        // Microsoft.Data.Sqlite ships and break the workspace. An empty home keeps every module out.
        Native.SetEnv("VIPSHOME", Path.Combine(AppContext.BaseDirectory, "no-vips-modules"), 1);
        if (Native.Init("minerva") != 0) throw new InvalidOperationException($"libvips failed to start: {Errors.Take()}");
        Native.CacheSetMax(0);
        Native.ConcurrencySet(1);
        Native.BlockUntrustedSet(true);
        Native.OperationBlockSet("VipsForeignLoad", true);
        foreach (var loader in AllowedLoaders) Native.OperationBlockSet(loader, false);
        return $"{Native.Version(0)}.{Native.Version(1)}.{Native.Version(2)}";
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        var file = name switch
        {
            Native.Vips => "libvips.so.42",
            Native.GObject => "libgobject-2.0.so.0",
            Native.GLib => "libglib-2.0.so.0",
            Native.LibC => "libc.so.6",
            _ => null,
        };
        if (file is null) return IntPtr.Zero;
        return NativeLibrary.TryLoad(file, assembly, path, out var handle) ? handle : IntPtr.Zero;
    }
}

/// <summary>libvips' error buffer, read and cleared.</summary>
internal static class Errors
{
    private static readonly Lock Gate = new();

    /// <summary>The last errors as one line (libvips keeps one buffer per process, so reads are serialised).</summary>
    public static string Take()
    {
        lock (Gate)
        {
            var text = Marshal.PtrToStringUTF8(Native.ErrorBuffer()) ?? "";
            Native.ErrorClear();
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "unknown libvips error" : string.Join("; ", lines.Distinct());
        }
    }
}
