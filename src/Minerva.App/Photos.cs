using Minerva.Core;
using Minerva.Images;
using Minerva.Storage;
using Minerva.Vips;

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

/// <summary>What a workspace's images are and how much they re-occur.</summary>
/// <param name="Images">Images hashed.</param>
/// <param name="Records">Records holding them.</param>
/// <param name="DistinctHashes">Distinct PDQ hashes.</param>
/// <param name="Unreliable">Images whose hash is unreliable (quality under 50: flat or tiny); they link nothing.</param>
/// <param name="Formats">Images by format, most first.</param>
/// <param name="Photos">Distinct photos: groups of images within 31 bits of one another.</param>
/// <param name="RepostedPhotos">Photos with more than one image.</param>
/// <param name="ImagesInReposts">Images in those.</param>
/// <param name="MostReposted">The most images of one photo.</param>
/// <param name="RecordsSharingAPhoto">Records holding an image of a re-posted photo.</param>
/// <param name="QuarantinedFiles">Image files quarantined at ingest.</param>
public sealed record PhotoStats(int Images, int Records, int DistinctHashes, int Unreliable, IReadOnlyDictionary<string, int> Formats, int Photos,
    int RepostedPhotos, int ImagesInReposts, int MostReposted, int RecordsSharingAPhoto, int QuarantinedFiles);

/// <summary>The hashes to look for: a file's, or every hashed image of a record (whose own images are then not matched).</summary>
/// <param name="Hashes">Each image's name and its eight forms (as posted, then rotations and mirrors).</param>
/// <param name="Self">The record the images are of, or null for a file.</param>
public sealed record ImageQuery(IReadOnlyList<(string Name, Hash256[] Forms)> Hashes, RecordKey? Self);

/// <summary>A stored image within the radius of a query's image.</summary>
/// <param name="Query">The query image's name.</param>
/// <param name="Distance">Hamming distance, of 256 bits.</param>
/// <param name="Form">Which form of the query matched.</param>
/// <param name="Image">The stored image.</param>
public sealed record SimilarImage(string Query, int Distance, DihedralForm Form, StoredImage Image);

/// <summary>
/// Photos by id (a record key and an attachment position): their facts, their re-posts by PDQ distance, and their files.
/// A photo is only ever found through the workspace's own table of hashed images, so no request can name a path on disk.
/// The hashes of every stored photo are read once and again only after the workspace has changed.
/// </summary>
public sealed class Photos(IWorkspace workspace)
{
    /// <summary>Most re-posts one request lists.</summary>
    public const int MaxLimit = 500;

    private (long Mark, List<StoredImage> Images, Lazy<NearDuplicates> Finder)? _all;

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
            : finder.Value.Find(forms, radius).Where(m => images[m.Position].Record != record && images[m.Position].Image.Quality >= ImageHashes.MinimumQuality)
                .GroupBy(m => m.Position).Select(g => g.MinBy(m => m.Distance))
                .OrderBy(m => m.Distance).ThenBy(m => images[m.Position].Record.ToString(), StringComparer.Ordinal).Take(limit)
                .Select(m => new RepostView(View(images[m.Position]), m.Distance, m.Form.ToString().ToLowerInvariant(), EntityOf(images[m.Position].Record)))
                .ToList();
        return new PhotoReposts(View(photo), EntityOf(record), radius, reposts, images.Count);
    }

    /// <summary>What the workspace's images are and how much they re-occur (within <see cref="NearDuplicates.RepostRadius"/> bits).</summary>
    public PhotoStats Stats()
    {
        var (images, _) = All();
        var reliable = images.Select(i => i.Image.Quality >= ImageHashes.MinimumQuality).ToArray();
        var groups = NearDuplicates.Groups([.. images.Select(i => Hash256.ParseForms(i.Image.Pdq, i.Image.Variants))], i => reliable[i]);
        var reposted = groups.Where(x => x.Count > 1).ToList();
        return new PhotoStats(images.Count, images.Select(i => i.RecordId).Distinct().Count(), images.Select(i => i.Image.Pdq).Distinct().Count(),
            reliable.Count(r => !r), images.GroupBy(i => i.Image.Format).OrderByDescending(x => x.Count()).ToDictionary(x => x.Key, x => x.Count()),
            groups.Count, reposted.Count, reposted.Sum(x => x.Count), reposted.Count == 0 ? 0 : reposted.Max(x => x.Count),
            reposted.SelectMany(x => x.Select(i => images[i].RecordId)).Distinct().Count(),
            workspace.GetQuarantine(int.MaxValue).Count(q => q.Location == "image"));
    }

    /// <summary>The hashes of an image file the investigator brings (it is hashed, not stored).</summary>
    /// <exception cref="BadRequestException">The file is not an image the hasher reads.</exception>
    public static ImageQuery QueryOfFile(string path)
    {
        try
        {
            return new ImageQuery([(Path.GetFileName(path), [.. ImageHasher.Hash(path).AllForms])], null);
        }
        catch (ImageRejectedException e)
        {
            throw new BadRequestException($"{path}: {e.Message}");
        }
    }

    /// <summary>The hashes of a record's images.</summary>
    /// <exception cref="BadRequestException">There is no such record, or it has no hashed image.</exception>
    public ImageQuery QueryOfRecord(RecordKey key)
    {
        if (workspace.GetRecord(key) is null) throw new BadRequestException($"no record {key} in {workspace.Location}");
        var own = workspace.ScanImages(key).Select(s => (Path.GetFileName(s.Image.Path), Hash256.ParseForms(s.Image.Pdq, s.Image.Variants))).ToList();
        return own.Count > 0 ? new ImageQuery(own, key) : throw new BadRequestException($"record {key} has no hashed images");
    }

    /// <summary>The stored images within <paramref name="radius"/> bits of any of the query's, nearest first, each once (by its
    /// nearest query image), the query record's own left out; <paramref name="flips"/> also matches rotated and mirrored copies.</summary>
    /// <exception cref="BadRequestException">The radius is out of range.</exception>
    public (IReadOnlyList<SimilarImage> Matches, int Compared) Similar(ImageQuery query, int radius, bool flips, int limit)
    {
        if (radius is < 0 or > 128) throw new BadRequestException($"--radius {radius}: use 0–128 bits (PDQ's usual threshold is {NearDuplicates.DefaultRadius})");
        if (limit < 1) throw new BadRequestException($"limit must be at least 1, not {limit}");
        var (images, finder) = All();
        var matches = query.Hashes
            .SelectMany(q => finder.Value.Find(flips ? q.Forms : [q.Forms[0]], radius).Select(m => (Query: q.Name, Match: m)))
            .Where(x => query.Self is null || images[x.Match.Position].Record != query.Self)
            .GroupBy(x => x.Match.Position).Select(x => x.MinBy(y => y.Match.Distance))
            .OrderBy(x => x.Match.Distance).Take(limit)
            .Select(x => new SimilarImage(x.Query, x.Match.Distance, x.Match.Form, images[x.Match.Position])).ToList();
        return (matches, images.Count);
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

    /// <summary>Every stored image, read again only after the workspace has changed; the finder over their hashes is built
    /// when a search first needs it (statistics do not).</summary>
    private (List<StoredImage> Images, Lazy<NearDuplicates> Finder) All()
    {
        var mark = workspace.GetChangeLog().Last;
        if (_all is not { } all || all.Mark != mark)
        {
            var images = workspace.ScanImages().ToList();
            _all = all = (mark, images, new Lazy<NearDuplicates>(() => new NearDuplicates([.. images.Select(i => Hash256.Parse(i.Image.Pdq))])));
        }
        return (all.Images, all.Finder);
    }

    private static PhotoView View(StoredImage s) => new(s.Record.ToString(), s.Image.Attachment, Path.GetFileName(s.Image.Path), s.Image.Format,
        s.Image.Width, s.Image.Height, s.Image.Quality, s.Image.Quality >= ImageHashes.MinimumQuality, s.Image.Pdq);
}
