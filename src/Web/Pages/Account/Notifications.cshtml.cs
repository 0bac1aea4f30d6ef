using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Account;

/// <summary>Everyone's own notices, newest first, the same ones their mails told them; opening one marks it read.</summary>
public sealed class NotificationsModel(NotificationService notifications) : PageModel
{
    public InboxPage Inbox { get; private set; } = null!;

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync() => Inbox = await notifications.InboxAsync(User.UserId()!, int.MaxValue);

    /// <summary>Marks the notice read and goes where it leads; a notice no longer kept leads back to this list.</summary>
    public async Task<IActionResult> OnPostOpenAsync(string? key)
    {
        var inbox = await notifications.InboxAsync(User.UserId()!, int.MaxValue);
        if (inbox.Items.FirstOrDefault(i => i.Notice.Key == key) is not { } item)
        {
            StatusMessage = "That notification is no longer kept.";
            return RedirectToPage();
        }

        await notifications.MarkReadAsync(User.UserId()!, item.Notice.Key);
        return LocalRedirect(NoticeWords.Link(item.Notice));
    }

    public async Task<IActionResult> OnPostReadAsync(string? key)
    {
        StatusMessage = key is not null && await notifications.MarkReadAsync(User.UserId()!, key)
            ? "Marked read." : "That notification is not unread here.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAllReadAsync()
    {
        var marked = await notifications.MarkAllReadAsync(User.UserId()!);
        StatusMessage = marked == 1 ? "1 notification marked read." : $"{marked} notifications marked read.";
        return RedirectToPage();
    }
}
