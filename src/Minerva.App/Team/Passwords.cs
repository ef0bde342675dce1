using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Minerva.App.Team;

/// <summary>
/// Password hashes: Argon2id (RFC 9106) in the PHC string form, <c>$argon2id$v=19$m=…,t=…,p=…$salt$hash</c>, so a hash says how
/// it was made and old ones still verify when the cost is raised. Argon2id rather than ASP.NET Core Identity's PBKDF2: it
/// is memory-hard, so a stolen accounts table costs an attacker memory per guess and not only time, which GPUs have plenty
/// of. The cost is OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 60 ms a login on this machine.
/// </summary>
public static class Passwords
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinLength = 12;

    private const int MemoryKiB = 19 * 1024;
    private const int Passes = 2;
    private const int Lanes = 1;
    private const int HashBytes = 32;

    /// <summary>A hash of an unknown password, verified against when a login names no account, so that the answer takes as long
    /// as for a real one and does not tell which names exist.</summary>
    private static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    /// <summary>Hashes a password with a new random salt.</summary>
    /// <exception cref="BadRequestException">Shorter than <see cref="MinLength"/>.</exception>
    public static string Hash(string password)
    {
        if (password.Length < MinLength) throw new BadRequestException($"a password has at least {MinLength} characters");
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Derive(password, salt, MemoryKiB, Passes, Lanes, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={MemoryKiB},t={Passes},p={Lanes}${Unpadded(salt)}${Unpadded(hash)}");
    }

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="stored"/> was made from (false for a hash that
    /// is not an Argon2id PHC string).</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts is not ["", "argon2id", "v=19", var costs, var salt, var hash]) return false;
        var cost = costs.Split(',').Select(c => c.Split('=')).Where(c => c.Length == 2).ToDictionary(c => c[0], c => int.TryParse(c[1], CultureInfo.InvariantCulture, out var n) ? n : -1);
        if (!cost.TryGetValue("m", out var m) || !cost.TryGetValue("t", out var t) || !cost.TryGetValue("p", out var p) || m is < 8 or > 1 << 21 || t is < 1 or > 16 || p is < 1 or > 16)
            return false;
        byte[] expected;
        try
        {
            expected = FromUnpadded(hash);
            return CryptographicOperations.FixedTimeEquals(Derive(password, FromUnpadded(salt), m, t, p, expected.Length), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Spends the time a verification takes, for a login that names no account.</summary>
    public static void VerifyNothing(string password) => Verify(password, Decoy.Value);

    /// <summary>A random password a person can type: 20 characters from letters and digits that do not look alike.</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return string.Create(20, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    private static byte[] Derive(string password, byte[] salt, int memoryKiB, int passes, int lanes, int bytes)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password)) { Salt = salt, MemorySize = memoryKiB, Iterations = passes, DegreeOfParallelism = lanes };
        return argon.GetBytes(bytes);
    }

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] FromUnpadded(string text) => Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
}
