using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>The notice mails that failed past their retry budget, each with who it was for and why it failed, and a button
/// that queues it again.</summary>
public sealed class NotificationsModel(NotificationService notifications, UserService users) : PageModel
{
    public ImmutableArray<FailedMail> Failed { get; private set; } = [];

    public IReadOnlyDictionary<string, UserProfile> Recipients { get; private set; } = new Dictionary<string, UserProfile>();

    [TempData]
    public string? StatusMessage { get; set; }

    [TempData]
    public string? ErrorMessage { get; set; }

    public async Task OnGetAsync()
    {
        Failed = await notifications.FailedMailsAsync();
        Recipients = await users.DirectoryProfilesAsync(Failed.Select(m => m.RecipientId).Distinct());
    }

    public async Task<IActionResult> OnPostResendAsync(string? recipientId, string? key)
    {
        if (string.IsNullOrEmpty(recipientId) || string.IsNullOrEmpty(key) || !await notifications.ResendAsync(recipientId, key))
        {
            ErrorMessage = "That mail is not among the failed ones (it may have been sent again already).";
            return RedirectToPage();
        }

        StatusMessage = "The mail is queued again.";
        return RedirectToPage();
    }
}
