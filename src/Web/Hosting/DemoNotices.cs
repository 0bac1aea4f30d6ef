using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Hosting;

/// <summary>Local mode only: gives the demo learner (learner@demo.local) an assignment notice and a due-date reminder when their
/// inbox is still empty after the demo accounts exist, so the header's list and the pickup folder's mail show what notices
/// look like. Registered after <see cref="AccountBootstrap"/>.</summary>
public sealed class DemoNotices(PortalMode mode, AccountService accounts, IGrainFactory grains, TimeProvider clock) : IHostedService
{
    public const string LearnerEmail = "learner@demo.local";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!mode.IsLocal || await accounts.FindUserIdAsync(LearnerEmail) is not { } learnerId)
        {
            return;
        }

        var inbox = grains.GetGrain<INotificationInboxGrain>(GrainKeys.NotificationInbox(learnerId));
        if ((await inbox.GetAsync(1)).Items.Length > 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var due = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(14);
        await inbox.ReceiveAsync(new Notice($"demo:{learnerId}:assigned", NoticeKind.Assigned, learnerId, learnerId, DemoData.PackageId, 1, due, null, null, now.AddMinutes(-5)));
        await inbox.ReceiveAsync(new Notice($"demo:{learnerId}:due-14", NoticeKind.DueSoon, learnerId, learnerId, DemoData.PackageId, 1, due, null, 14, now));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
