using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Web.ViewComponents;

/// <summary>The header's notifications: the signed-in user's unread count and newest notices (their own inbox only).</summary>
public sealed partial class NotificationsViewComponent(NotificationService notifications, ILogger<NotificationsViewComponent> logger) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (UserClaimsPrincipal.UserId() is not { } userId)
        {
            return Content("");
        }

        try
        {
            return View(await notifications.InboxAsync(userId, NotificationService.HeaderItems));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Every page has the header, the error page too: a cluster that cannot answer leaves the list out, not the page.
            LogUnavailable(logger, userId, ex);
            return View((InboxPage?)null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notifications of {UserId} could not be read for the header")]
    private static partial void LogUnavailable(ILogger logger, string userId, Exception exception);
}
