using Minerva.Core;
using Minerva.Images;
using Minerva.Storage;

namespace Minerva.App;

/// <summary>A hashed photo of a record.</summary>
/// <param name="Record">The record's key.</param>
/// <param name="Attachment">Its position in the record's attachments: with the key, the photo's id.</param>
/// <param name="File">The file's name (not its folder: the page has no use for where the workspace keeps its files).</param>
/// <param name="Format">jpeg, png, webp or gif.</param>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Quality">PDQ quality, 0–100.</param>
/// <param name="Reliable">Whether the hash is reliable (quality 50 or more); an unreliable one links nothing.</param>
/// <param name="Pdq">The PDQ hash, 64 hex digits.</param>
public sealed record PhotoView(string Record, int Attachment, string File, string Format, int Width, int Height, int Quality, bool Reliable, string Pdq);

/// <summary>Another photo that is the same picture.</summary>
/// <param name="Photo">It.</param>
/// <param name="Distance">Hamming distance between the hashes, of 256 bits (0 identical; up to 31 PDQ's strict match).</param>
/// <param name="Form">How it matched: original, or the rotation or mirror of it that did.</param>
/// <param name="Entity">The entity of its record.</param>
public sealed record RepostView(PhotoView Photo, int Distance, string Form, long? Entity);

/// <summary>A photo and its re-posts, nearest first.</summary>
/// <param name="Photo">The photo.</param>
/// <param name="Entity">Its record's entity.</param>
/// <param name="Radius">The largest distance that counted.</param>
/// <param name="Reposts">Photos of other records within the radius, nearest first.</param>
/// <param name="Compared">How many stored photos were compared.</param>
public sealed record PhotoReposts(PhotoView Photo, long? Entity, int Radius, IReadOnlyList<RepostView> Reposts, int Compared);

/// <summary>The file behind a photo, for serving it.</summary>
/// <param name="Path">Where the workspace found it at ingest.</param>
/// <param name="ContentType">image/jpeg, image/png, image/webp or image/gif.</param>
public sealed record PhotoFile(string Path, string ContentType);

/// <summary>
/// Photos by id (a record key and an attachment position): their facts, their re-posts by PDQ distance, and their files.
/// A photo is only ever found through the workspace's own table of hashed images, so no request can name a path on disk.
/// The hashes of every stored photo are read once and again only after the workspace has changed.
/// </summary>
public sealed class Photos(IWorkspace workspace)
{
    /// <summary>Most re-posts one request lists.</summary>
    public const int MaxLimit = 500;

    private (long Mark, List<StoredImage> Images, NearDuplicates Finder)? _all;

    /// <summary>The hashed photos of a record, by attachment (none when it has no images or is unknown).</summary>
    public IReadOnlyList<PhotoView> Of(RecordKey record) => [.. workspace.ScanImages(record).Select(View)];

    /// <summary>A photo and the photos of other records that are the same picture — re-compressed, re-cropped, rotated or
    /// mirrored — within <paramref name="radius"/> bits; null when there is no such photo.</summary>
    /// <exception cref="BadRequestException">The radius or limit is out of range.</exception>
    public PhotoReposts? Reposts(RecordKey record, int attachment, int radius = NearDuplicates.RepostRadius, int limit = 50)
    {
        if (radius is < 0 or > 128) throw new BadRequestException($"radius must be between 0 and 128 bits, not {radius}");
        if (limit is < 1 or > MaxLimit) throw new BadRequestException($"limit must be between 1 and {MaxLimit}, not {limit}");
        if (Find(record, attachment) is not { } photo) return null;
        var (images, finder) = All();
        var forms = Hash256.ParseForms(photo.Image.Pdq, photo.Image.Variants);
        var entities = new Dictionary<RecordKey, long?>();
        long? EntityOf(RecordKey key) => entities.TryGetValue(key, out var e) ? e : entities[key] = workspace.EntityOf(key);
        var reposts = photo.Image.Quality < ImageHashes.MinimumQuality ? [] // an unreliable hash matches by chance
            : finder.Find(forms, radius).Where(m => images[m.Position].Record != record && images[m.Position].Image.Quality >= ImageHashes.MinimumQuality)
                .GroupBy(m => m.Position).Select(g => g.MinBy(m => m.Distance))
                .OrderBy(m => m.Distance).ThenBy(m => images[m.Position].Record.ToString(), StringComparer.Ordinal).Take(limit)
                .Select(m => new RepostView(View(images[m.Position]), m.Distance, m.Form.ToString().ToLowerInvariant(), EntityOf(images[m.Position].Record)))
                .ToList();
        return new PhotoReposts(View(photo), EntityOf(record), radius, reposts, images.Count);
    }

    /// <summary>The file of a photo, or null when there is no such photo or its file is gone.</summary>
    public PhotoFile? File(RecordKey record, int attachment)
    {
        if (Find(record, attachment) is not { } photo) return null;
        if (!System.IO.File.Exists(photo.Image.Path)) return null;
        return new PhotoFile(Path.GetFullPath(photo.Image.Path), photo.Image.Format switch
        {
            "jpeg" => "image/jpeg",
            "png" => "image/png",
            "webp" => "image/webp",
            "gif" => "image/gif",
            // Only the formats the hasher decodes are stored; anything else is not served as an image.
            _ => "application/octet-stream",
        });
    }

    /// <summary>The photo with this id, or null.</summary>
    private StoredImage? Find(RecordKey record, int attachment) => workspace.ScanImages(record).FirstOrDefault(i => i.Image.Attachment == attachment);

    private (List<StoredImage> Images, NearDuplicates Finder) All()
    {
        var mark = workspace.GetChangeLog().Last;
        if (_all is not { } all || all.Mark != mark)
        {
            var images = workspace.ScanImages().ToList();
            _all = all = (mark, images, new NearDuplicates([.. images.Select(i => Hash256.Parse(i.Image.Pdq))]));
        }
        return (all.Images, all.Finder);
    }

    private static PhotoView View(StoredImage s) => new(s.Record.ToString(), s.Image.Attachment, Path.GetFileName(s.Image.Path), s.Image.Format,
        s.Image.Width, s.Image.Height, s.Image.Quality, s.Image.Quality >= ImageHashes.MinimumQuality, s.Image.Pdq);
}
