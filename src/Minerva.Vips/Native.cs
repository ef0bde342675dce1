using System.Runtime.InteropServices;

namespace Minerva.Vips;

/// <summary>
/// The libvips, GObject and GLib entry points Minerva uses. Only functions with fixed argument lists: the C
/// API's variadic convenience functions are not portable through P/Invoke, so operations are built through
/// the generic operation API (create, set arguments, build, read outputs), as libvips' own bindings do.
/// </summary>
internal static partial class Native
{
    public const string Vips = "vips";
    public const string GObject = "gobject";
    public const string GLib = "glib";
    public const string LibC = "libc";

    /// <summary>GType of a fundamental type: its number shifted left by two (gtype.h).</summary>
    public const nuint TypeInt = 6 << 2;
    public const nuint TypeString = 16 << 2;

    [LibraryImport(Vips, EntryPoint = "vips_init", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Init(string argv0);

    [LibraryImport(Vips, EntryPoint = "vips_version")]
    public static partial int Version(int flag);

    [LibraryImport(Vips, EntryPoint = "vips_cache_set_max")]
    public static partial void CacheSetMax(int max);

    [LibraryImport(Vips, EntryPoint = "vips_concurrency_set")]
    public static partial void ConcurrencySet(int concurrency);

    [LibraryImport(Vips, EntryPoint = "vips_block_untrusted_set")]
    public static partial void BlockUntrustedSet([MarshalAs(UnmanagedType.Bool)] bool state);

    [LibraryImport(Vips, EntryPoint = "vips_operation_block_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void OperationBlockSet(string name, [MarshalAs(UnmanagedType.Bool)] bool state);

    [LibraryImport(Vips, EntryPoint = "vips_foreign_find_load", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr ForeignFindLoad(string filename);

    [LibraryImport(Vips, EntryPoint = "vips_foreign_find_save", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr ForeignFindSave(string filename);

    [LibraryImport(Vips, EntryPoint = "vips_operation_new", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr OperationNew(string name);

    [LibraryImport(Vips, EntryPoint = "vips_cache_operation_build")]
    public static partial IntPtr CacheOperationBuild(IntPtr operation);

    [LibraryImport(Vips, EntryPoint = "vips_object_set_from_string", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ObjectSetFromString(IntPtr obj, string options);

    [LibraryImport(Vips, EntryPoint = "vips_object_unref_outputs")]
    public static partial void ObjectUnrefOutputs(IntPtr obj);

    [LibraryImport(Vips, EntryPoint = "vips_image_get_type")]
    public static partial nuint ImageGetType();

    [LibraryImport(Vips, EntryPoint = "vips_image_get_width")]
    public static partial int ImageGetWidth(IntPtr image);

    [LibraryImport(Vips, EntryPoint = "vips_image_get_height")]
    public static partial int ImageGetHeight(IntPtr image);

    [LibraryImport(Vips, EntryPoint = "vips_image_get_bands")]
    public static partial int ImageGetBands(IntPtr image);

    [LibraryImport(Vips, EntryPoint = "vips_image_get_format")]
    public static partial int ImageGetFormat(IntPtr image);

    [LibraryImport(Vips, EntryPoint = "vips_image_set_kill")]
    public static partial void ImageSetKill(IntPtr image, [MarshalAs(UnmanagedType.Bool)] bool kill);

    [LibraryImport(Vips, EntryPoint = "vips_image_set_int", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ImageSetInt(IntPtr image, string name, int value);

    [LibraryImport(Vips, EntryPoint = "vips_image_write_to_memory")]
    public static partial IntPtr ImageWriteToMemory(IntPtr image, out nuint size);

    [LibraryImport(Vips, EntryPoint = "vips_image_new_from_memory_copy")]
    public static partial IntPtr ImageNewFromMemoryCopy(IntPtr data, nuint size, int width, int height, int bands, int format);

    [LibraryImport(Vips, EntryPoint = "vips_error_buffer")]
    public static partial IntPtr ErrorBuffer();

    [LibraryImport(Vips, EntryPoint = "vips_error_clear")]
    public static partial void ErrorClear();

    [LibraryImport(GObject, EntryPoint = "g_object_ref")]
    public static partial IntPtr ObjectRef(IntPtr obj);

    [LibraryImport(GObject, EntryPoint = "g_object_unref")]
    public static partial void ObjectUnref(IntPtr obj);

    [LibraryImport(GObject, EntryPoint = "g_object_set_property", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ObjectSetProperty(IntPtr obj, string name, ref GValue value);

    [LibraryImport(GObject, EntryPoint = "g_object_get_property", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ObjectGetProperty(IntPtr obj, string name, ref GValue value);

    [LibraryImport(GObject, EntryPoint = "g_value_init")]
    public static partial IntPtr ValueInit(ref GValue value, nuint type);

    [LibraryImport(GObject, EntryPoint = "g_value_unset")]
    public static partial void ValueUnset(ref GValue value);

    [LibraryImport(GObject, EntryPoint = "g_value_set_string", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ValueSetString(ref GValue value, string text);

    [LibraryImport(GObject, EntryPoint = "g_value_set_object")]
    public static partial void ValueSetObject(ref GValue value, IntPtr obj);

    [LibraryImport(GObject, EntryPoint = "g_value_get_object")]
    public static partial IntPtr ValueGetObject(ref GValue value);

    [LibraryImport(GLib, EntryPoint = "g_free")]
    public static partial void Free(IntPtr memory);

    [LibraryImport(LibC, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetEnv(string name, string value, int overwrite);
}

/// <summary>GLib's GValue: a type tag and two 64-bit data words (gvalue.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GValue
{
    public nuint Type;
    public ulong Data0;
    public ulong Data1;
}
