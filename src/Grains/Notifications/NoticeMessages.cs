using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Hosting;
using MimeKit;

namespace CoursePortal.Grains.Notifications;

/// <summary>Makes the mail of one notice: the recipient's template filled with names, dates in the recipient's time zone and
/// links under <c>Portal:PublicUrl</c>, as an HTML part with its plain-text alternative.</summary>
public sealed class NoticeMessages(MailSettings mail, PortalSettings portal, MailTemplates templates)
{
    /// <summary>The header naming the notice a mail was made for (its idempotency key), for whoever traces a mail back.</summary>
    public const string NoticeHeader = "X-CoursePortal-Notice";

    public MimeMessage Compose(Notice notice, UserProfile recipient, string learnerName, string packageName)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(recipient);
        var rendered = templates.Render(notice.Kind, notice.ToManager, Values(notice, recipient, learnerName, packageName));
        var message = new MimeMessage
        {
            Subject = rendered.Subject,
            // The same id on every attempt: a relay or mailbox that sees a mail twice (sent, but the answer lost) can tell.
            MessageId = $"{Hash(notice.Key)}@{new Uri(portal.PublicUrl).Host}",
            Body = new BodyBuilder { HtmlBody = rendered.Html, TextBody = rendered.Text }.ToMessageBody(),
        };
        message.From.Add(mail.Sender);
        message.To.Add(new MailboxAddress(recipient.DisplayName, recipient.Email));
        message.Headers.Add(NoticeHeader, notice.Key);
        return message;
    }

    /// <summary>Every placeholder's value for this notice and recipient.</summary>
    public Dictionary<string, string> Values(Notice notice, UserProfile recipient, string learnerName, string packageName)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(recipient);
        var zone = recipient.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
        return new(StringComparer.Ordinal)
        {
            ["recipientName"] = recipient.DisplayName,
            ["learnerName"] = learnerName,
            ["packageName"] = packageName,
            ["packageVersion"] = notice.Version.ToString(CultureInfo.InvariantCulture),
            ["dueDate"] = Date(notice.DueAt, zone),
            ["expiryDate"] = Date(notice.ExpiresAt, zone),
            ["daysBefore"] = notice.DaysBefore is { } days ? days == 1 ? "1 day" : $"{days.ToString(CultureInfo.InvariantCulture)} days" : "",
            // A manager acts on the team page; a learner on the package itself.
            ["link"] = notice.ToManager ? portal.Link("/Team") : portal.Link("/Learn/Package/" + Uri.EscapeDataString(notice.PackageId)),
            ["notificationsLink"] = portal.Link("/Account/Notifications"),
            ["profileLink"] = portal.Link("/Account/Profile"),
            ["portalUrl"] = portal.PublicUrl.TrimEnd('/'),
        };
    }

    private static string Date(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } instant ? TimeZoneInfo.ConvertTime(instant, zone).ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "none";

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
}
