using Minerva.Vips;

namespace Minerva.Generator;

/// <summary>
/// One photo file an ad shows: a re-post (cropped, shrunk, sometimes mirrored, re-compressed) of one of its
/// network's original photos, with the camera's EXIF when the site kept it.
/// </summary>
/// <param name="File">Path relative to the corpus folder, as the ad references it.</param>
/// <param name="Original">Seed of the original photo (unique per network and photo).</param>
/// <param name="Repost">Seed of the edits.</param>
/// <param name="MaxCrop">Largest share of each side cut off.</param>
/// <param name="Exif">The EXIF block written into the file, or null when stripped.</param>
public sealed record AdPhoto(string File, int Original, int Repost, double MaxCrop, CameraExif? Exif);

/// <summary>
/// The photos a network posts: two to five originals, re-posted in every ad, and for some networks a camera whose
/// serial number survives in part of the uploads. Decisions come from a random source of their own, so turning
/// photos on or off changes no other part of the corpus.
/// </summary>
internal sealed class NetworkPhotos
{
    private static readonly (string Make, string Model)[] Cameras =
        [("Canon", "Canon EOS 2000D"), ("NIKON CORPORATION", "NIKON D3500"), ("Apple", "iPhone 12"), ("samsung", "SM-G991B"), ("SONY", "ILCE-6000")];

    private readonly Random _random;
    private readonly int[] _originals;
    private readonly (string Make, string Model, string Serial)? _camera;

    public NetworkPhotos(int seed, int cluster)
    {
        _random = new Random(unchecked(seed * 1_000_003 + cluster));
        _originals = Enumerable.Range(0, 2 + _random.Next(4)).Select(k => unchecked(seed * 7919 + cluster * 8 + k)).ToArray();
        if (_random.NextDouble() < 0.35)
        {
            var (make, model) = Cameras[_random.Next(Cameras.Length)];
            _camera = (make, model, $"{_random.Next(10, 99)}{cluster:D6}");
        }
    }

    /// <summary>
    /// The <paramref name="count"/> photos of ad <paramref name="adId"/>, posted at <paramref name="timestamp"/>. Most
    /// re-posts are only shrunk and re-compressed; one in four is cropped by up to 3 % a side, one in twenty by up
    /// to 8 % — beyond what PDQ matches (about 11 bits per 1 % cropped), as in real re-posts.
    /// </summary>
    public IReadOnlyList<AdPhoto> For(string adId, int count, long timestamp) => Photos(adId, count, timestamp, _originals);

    /// <summary>One photo for ad <paramref name="adId"/>, a re-post of an original the network has already posted (or any,
    /// when none has been), cropped and compressed as in <see cref="For"/>.</summary>
    public IReadOnlyList<AdPhoto> Repost(string adId, long timestamp) =>
        Photos(adId, 1, timestamp, _posted.Count > 0 ? [.. _posted.Order()] : _originals);

    private readonly HashSet<int> _posted = [];

    private List<AdPhoto> Photos(string adId, int count, long timestamp, int[] originals) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var original = originals[_random.Next(originals.Length)];
            _posted.Add(original);
            var keepsExif = _camera is not null && _random.NextDouble() < 0.5;
            var exif = keepsExif && _camera is var (make, model, serial)
                ? new CameraExif(make, model, TakenAt: DateTimeOffset.FromUnixTimeSeconds(timestamp - _random.Next(86400 * 30)).UtcDateTime, BodySerial: serial)
                : null;
            var crop = _random.Next(20) switch { < 14 => 0.0, < 19 => 0.03, _ => 0.08 };
            return new AdPhoto($"img/{adId}-{i}.jpg", original, _random.Next(), crop, exif);
        }).ToList();

    /// <summary>The normalised camera selector an EXIF block plants (as Minerva's EXIF reader writes it).</summary>
    public static string CameraSelector(CameraExif exif) => $"{exif.Make!.Split(' ')[0].ToLowerInvariant()}/{exif.BodySerial}";
}

/// <summary>Renders and writes ad photos: originals drawn once per network, re-posts in parallel.</summary>
public static class PhotoWriter
{
    /// <summary>Side of the original photos; re-posts are 50–100 % of it after cropping.</summary>
    public const int OriginalWidth = 480, OriginalHeight = 360;

    /// <summary>Writes every photo under <paramref name="folder"/>; <paramref name="progress"/> gets the count written so far.</summary>
    public static void Write(string folder, IReadOnlyList<AdPhoto> photos, Action<int>? progress = null)
    {
        Directory.CreateDirectory(Path.Combine(folder, "img"));
        var written = 0;
        Parallel.ForEach(photos.GroupBy(p => p.Original), group =>
        {
            var original = SyntheticPhoto.Render(group.Key, OriginalWidth, OriginalHeight);
            foreach (var photo in group)
            {
                var (rgb, width, height) = SyntheticPhoto.Repost(original, OriginalWidth, OriginalHeight, new Random(photo.Repost), photo.MaxCrop);
                var path = Path.Combine(folder, photo.File);
                ImageEncoder.Save(rgb, width, height, path, quality: 70 + photo.Repost % 25);
                if (photo.Exif is not null) File.WriteAllBytes(path, ExifWriter.Insert(File.ReadAllBytes(path), photo.Exif));
                var done = Interlocked.Increment(ref written);
                if (done % 1000 == 0) progress?.Invoke(done);
            }
        });
    }
}
