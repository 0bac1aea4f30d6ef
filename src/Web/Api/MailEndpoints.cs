using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>A notice mail given up on past its retry budget: to whom (with their e-mail and name when the user exists), the
/// notice's key, kind and package, how often it was tried, when it was given up and the relay's last answer.</summary>
public sealed record FailedMailJson(
    string RecipientId, string? RecipientEmail, string? RecipientName, string Key, string Kind, string PackageId, int Attempts, DateTimeOffset FailedAt, string Error);

/// <summary>The body of POST /v1/mail/failed/resend: the failed mail, by its recipient and the notice's key.</summary>
public sealed record ResendMailJson(string? RecipientId, string? Key);

/// <summary>The answer to a resend: the mail is queued again and leaves the failed list.</summary>
public sealed record ResentMailJson(string RecipientId, string Key, bool Queued);

/// <summary>Mail operations: the failed notice mails and resending one, as on /Admin/Notifications.</summary>
public static class MailEndpoints
{
    public static RouteGroupBuilder MapMailEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var mail = v1.MapGroup("/mail/failed").RequireAuthorization(Policies.Admin);
        mail.MapGet("", ListFailedMail);
        mail.MapPost("/resend", ResendMail).ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    /// <summary>Every notice mail that failed past its retry budget, the most recent first.</summary>
    public static async Task<Ok<IReadOnlyList<FailedMailJson>>> ListFailedMail(NotificationService notifications, UserService users)
    {
        var failed = await notifications.FailedMailsAsync();
        var recipients = await users.DirectoryProfilesAsync(failed.Select(m => m.RecipientId).Distinct());
        return TypedResults.Ok<IReadOnlyList<FailedMailJson>>([.. failed.Select(m =>
        {
            var recipient = recipients.GetValueOrDefault(m.RecipientId);
            return new FailedMailJson(m.RecipientId, recipient?.Email, recipient?.DisplayName, m.Key,
                JsonNamingPolicy.SnakeCaseLower.ConvertName(m.Kind.ToString()), m.PackageId, m.Attempts, m.FailedAt, m.Error);
        })]);
    }

    /// <summary>Queues a failed mail again (its retry budget starts over); 404 when no failed mail has that recipient and key.</summary>
    public static async Task<Ok<ResentMailJson>> ResendMail(ResendMailJson body, NotificationService notifications)
    {
        ArgumentNullException.ThrowIfNull(body);
        List<FieldError> errors = [];
        if (string.IsNullOrWhiteSpace(body.RecipientId))
        {
            errors.Add(new FieldError(ErrorCodes.Required, "recipientId", "Name the recipient of the failed mail."));
        }

        if (string.IsNullOrWhiteSpace(body.Key))
        {
            errors.Add(new FieldError(ErrorCodes.Required, "key", "Name the failed mail's key (as the list gives it)."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        return await notifications.ResendAsync(body.RecipientId!, body.Key!)
            ? TypedResults.Ok(new ResentMailJson(body.RecipientId!, body.Key!, true))
            : throw new DomainException(DomainErrorKind.NotFound, ErrorCodes.NotFound,
                $"No failed mail to '{body.RecipientId}' has the key '{body.Key}' (it may have been sent again already).");
    }
}
