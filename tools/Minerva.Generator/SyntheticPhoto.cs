namespace Minerva.Generator;

/// <summary>
/// Seeded synthetic "photos" (coloured discs, half soft-edged and half hard, over a gradient, with grain: enough
/// structure for PDQ quality 66–100, as a real photo has) and re-posts of them: cropped,
/// shrunk, mirrored, re-compressed — the edits a re-posted ad photo goes through. Pixels are 8-bit RGB, row-major.
/// </summary>
public static class SyntheticPhoto
{
    /// <summary>A width × height picture determined by <paramref name="seed"/>.</summary>
    public static byte[] Render(int seed, int width, int height)
    {
        var random = new Random(seed);
        var shapes = Enumerable.Range(0, 12 + random.Next(12)).Select(_ => (
            X: random.NextDouble() * width, Y: random.NextDouble() * height,
            R: (0.05 + random.NextDouble() * 0.3) * Math.Min(width, height),
            Colour: new[] { random.Next(256), random.Next(256), random.Next(256) }, Hard: random.Next(2) == 0)).ToArray();
        var (top, bottom) = (new[] { random.Next(256), random.Next(256), random.Next(256) }, new[] { random.Next(256), random.Next(256), random.Next(256) });
        var rgb = new byte[width * height * 3];
        Span<double> c = stackalloc double[3];
        for (var y = 0; y < height; y++)
        {
            var t = (double)y / height;
            for (var x = 0; x < width; x++)
            {
                for (var k = 0; k < 3; k++) c[k] = top[k] + (bottom[k] - top[k]) * t;
                foreach (var s in shapes)
                {
                    var d2 = ((x - s.X) * (x - s.X) + (y - s.Y) * (y - s.Y)) / (s.R * s.R);
                    if (d2 >= 1) continue;
                    var w = s.Hard ? 1 : 1 - d2 * d2;
                    for (var k = 0; k < 3; k++) c[k] = c[k] * (1 - w) + s.Colour[k] * w;
                }
                var grain = random.Next(-6, 7);
                var p = (y * width + x) * 3;
                for (var k = 0; k < 3; k++) rgb[p + k] = (byte)Math.Clamp(c[k] + grain, 0, 255);
            }
        }
        return rgb;
    }

    /// <summary>A re-post: up to <paramref name="maxCrop"/> of each side cut off, scaled by 0.5–1, sometimes mirrored.</summary>
    public static (byte[] Rgb, int Width, int Height) Repost(byte[] rgb, int width, int height, Random random, double maxCrop = 0.06, bool mayMirror = true)
    {
        int Cut(int size) => (int)(random.NextDouble() * maxCrop * size);
        var (left, right, top, bottom) = (Cut(width), Cut(width), Cut(height), Cut(height));
        var scale = 0.5 + random.NextDouble() * 0.5;
        var mirror = mayMirror && random.Next(10) == 0;
        var (cw, ch) = (width - left - right, height - top - bottom);
        var (ow, oh) = (Math.Max(8, (int)(cw * scale)), Math.Max(8, (int)(ch * scale)));
        var output = new byte[ow * oh * 3];
        var sum = new int[3];
        for (var y = 0; y < oh; y++)
            for (var x = 0; x < ow; x++)
            {
                // Box-average the source pixels this output pixel covers.
                var (x0, x1) = (left + x * cw / ow, left + Math.Max(x * cw / ow + 1, (x + 1) * cw / ow));
                var (y0, y1) = (top + y * ch / oh, top + Math.Max(y * ch / oh + 1, (y + 1) * ch / oh));
                Array.Clear(sum);
                for (var sy = y0; sy < y1; sy++)
                    for (var sx = x0; sx < x1; sx++)
                        for (var k = 0; k < 3; k++) sum[k] += rgb[(sy * width + sx) * 3 + k];
                var n = (x1 - x0) * (y1 - y0);
                var p = (y * ow + (mirror ? ow - 1 - x : x)) * 3;
                for (var k = 0; k < 3; k++) output[p + k] = (byte)(sum[k] / n);
            }
        return (output, ow, oh);
    }
}
