using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CoursePortal.Grains.Abstractions.Webhooks;

/// <summary>How a delivery is signed: <c>X-CoursePortal-Signature: v1=&lt;hex HMAC-SHA256(secret, "{timestamp}.{body}")&gt;</c>,
/// the timestamp being <c>X-CoursePortal-Timestamp</c> (unix seconds), so a receiver can refuse an old replay.</summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "X-CoursePortal-Event-Id";
    public const string DeliveryIdHeader = "X-CoursePortal-Delivery-Id";
    public const string TimestampHeader = "X-CoursePortal-Timestamp";
    public const string SignatureHeader = "X-CoursePortal-Signature";

    /// <summary>The signature header's value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>Whether <paramref name="signature"/> is the one <see cref="Sign"/> gives, compared in constant time.</summary>
    public static bool Verify(string secret, string timestamp, string body, string? signature) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ts) && signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, ts, body)), Encoding.ASCII.GetBytes(signature));
}
