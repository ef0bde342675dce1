namespace Minerva.Vips;

/// <summary>Thrown inside the decoder when libvips rejects an operation; becomes a rejection reason.</summary>
internal sealed class VipsException(string message) : Exception(message);

/// <summary>
/// One libvips operation through the generic API: named, given its arguments, built, its output image taken.
/// Options that are numbers, booleans or enums go through libvips' own option-string parser
/// (<c>"width=512,size=down"</c>), so no enum type ids or variadic calls are needed here.
/// </summary>
internal static class Operation
{
    /// <summary>Runs <paramref name="name"/> and returns its <c>out</c> image (a new reference the caller unrefs).</summary>
    /// <exception cref="VipsException">libvips refused or failed.</exception>
    public static IntPtr Run(string name, string? filename = null, IntPtr input = 0, string? options = null) =>
        Execute(name, filename, input, options, output: true);

    /// <summary>
    /// Runs <paramref name="name"/> on <paramref name="input"/> and releases the input, whether the operation
    /// succeeds or not — for chains of steps where each image is only needed by the next.
    /// </summary>
    /// <exception cref="VipsException">libvips refused or failed.</exception>
    public static IntPtr Consume(IntPtr input, string name, string? options = null)
    {
        try
        {
            return Run(name, input: input, options: options);
        }
        finally
        {
            Native.ObjectUnref(input);
        }
    }

    /// <summary>Runs a saver: <paramref name="image"/> written to <paramref name="filename"/>.</summary>
    /// <exception cref="VipsException">libvips refused or failed.</exception>
    public static void Save(string name, IntPtr image, string filename, string? options) =>
        Execute(name, filename, image, options, output: false);

    private static IntPtr Execute(string name, string? filename, IntPtr input, string? options, bool output)
    {
        var op = Native.OperationNew(name);
        if (op == IntPtr.Zero) throw new VipsException(Errors.Take());
        try
        {
            if (filename is not null) SetString(op, "filename", filename);
            if (input != IntPtr.Zero) SetImage(op, "in", input);
            if (options is not null && Native.ObjectSetFromString(op, options) != 0) throw new VipsException(Errors.Take());
            var built = Native.CacheOperationBuild(op);
            if (built == IntPtr.Zero)
            {
                Native.ObjectUnrefOutputs(op);
                throw new VipsException(Errors.Take());
            }
            try
            {
                return output ? GetImage(built, "out") : IntPtr.Zero;
            }
            finally
            {
                Native.ObjectUnrefOutputs(built);
                Native.ObjectUnref(built);
            }
        }
        finally
        {
            Native.ObjectUnref(op);
        }
    }

    private static void SetString(IntPtr op, string property, string text)
    {
        var value = default(GValue);
        Native.ValueInit(ref value, Native.TypeString);
        Native.ValueSetString(ref value, text);
        Native.ObjectSetProperty(op, property, ref value);
        Native.ValueUnset(ref value);
    }

    private static void SetImage(IntPtr op, string property, IntPtr image)
    {
        var value = default(GValue);
        Native.ValueInit(ref value, Native.ImageGetType());
        Native.ValueSetObject(ref value, image);
        Native.ObjectSetProperty(op, property, ref value);
        Native.ValueUnset(ref value);
    }

    /// <summary>An output image, with a reference of its own (getting a GValue object adds none; copying it does).</summary>
    private static IntPtr GetImage(IntPtr op, string property)
    {
        var value = default(GValue);
        Native.ValueInit(ref value, Native.ImageGetType());
        Native.ObjectGetProperty(op, property, ref value);
        var image = Native.ValueGetObject(ref value);
        if (image == IntPtr.Zero)
        {
            Native.ValueUnset(ref value);
            throw new VipsException($"libvips operation gave no '{property}' image");
        }
        Native.ObjectRef(image);
        Native.ValueUnset(ref value);
        return image;
    }
}
