namespace Minerva.Graph;

/// <summary>What a node stands for.</summary>
public enum NodeKind : byte
{
    /// <summary>A resolved entity (a person or account behind records).</summary>
    Entity,
    /// <summary>A source record (an ad, a profile, a case row).</summary>
    Record,
    /// <summary>A phone number.</summary>
    Phone,
    /// <summary>An email address.</summary>
    Email,
    /// <summary>A platform handle.</summary>
    Handle,
    /// <summary>A crypto wallet.</summary>
    Wallet,
    /// <summary>An image (perceptual hash).</summary>
    Image,
    /// <summary>A URL.</summary>
    Url,
    /// <summary>A web domain.</summary>
    Domain,
    /// <summary>A camera serial number.</summary>
    Camera,
    /// <summary>A place (city, country).</summary>
    Location,
    /// <summary>Anything else (nodes of an imported edge list).</summary>
    Other,
    /// <summary>A fact from a photo's EXIF other than a serial: device model, capture time, GPS place, software.</summary>
    PhotoFact,
}

/// <summary>What an edge says.</summary>
public enum EdgeKind : byte
{
    /// <summary>Entity —member→ record.</summary>
    Member,
    /// <summary>Record —has→ selector.</summary>
    Has,
    /// <summary>Scored link between records or entities.</summary>
    Linked,
    /// <summary>Record —located in→ place.</summary>
    LocatedIn,
    /// <summary>Two nodes sharing neighbours (bipartite projection).</summary>
    Shares,
    /// <summary>An edge of an imported edge list.</summary>
    Other,
    /// <summary>Image —resembles→ image: near-duplicate photos (PDQ within the match threshold, any rotation or flip).</summary>
    Resembles,
}
