using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CoursePortal.Web.Services;

/// <summary>
/// The text of an API token: <c>cpt_</c> and 32 random bytes in base64url (256 bits, so a plain SHA-256 of it is safe to
/// store: nobody can search a space that size, and a slow password hash would only cost every request). The prefix makes
/// a leaked token recognizable to secret scanners; its first characters identify it in lists without revealing it.
/// </summary>
public static class ApiTokenSecrets
{
    public const string Marker = "cpt_";

    private const int SecretBytes = 32;

    // Marker + 43 base64url characters (32 bytes, unpadded).
    private const int TokenLength = 47;

    private static readonly SearchValues<char> Base64UrlCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    // The marker and 6 characters: 36 of the 256 bits, enough to tell tokens apart, far too few to help guess one.
    private const int PrefixLength = 10;

    /// <summary>A new token's text (shown once, kept nowhere), the hash the registry keeps, and its listed prefix.</summary>
    public static (string Token, string Hash, string Prefix) New()
    {
        var token = Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (token, Hash(token), token[..PrefixLength]);
    }

    /// <summary>SHA-256 of the token text, lower-case hex: the only form the portal stores.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Whether the text has a token's shape; anything else is refused without a lookup.</summary>
    public static bool IsWellFormed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == TokenLength && text.StartsWith(Marker, StringComparison.Ordinal)
            && text.AsSpan(Marker.Length).IndexOfAnyExcept(Base64UrlCharacters) < 0;
    }
}
