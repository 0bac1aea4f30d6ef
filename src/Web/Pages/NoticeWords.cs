using System.Globalization;
using CoursePortal.Grains.Abstractions.Notifications;

namespace CoursePortal.Web.Pages;

/// <summary>How a notice reads in the portal (the header's list and the notifications page), in the words of its mail's
/// subject, and where it leads: the package for the learner, the team page for their manager.</summary>
public static class NoticeWords
{
    public static string Text(InboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (notice, package, learner) = (item.Notice, item.PackageName, item.LearnerName ?? item.Notice.LearnerId);
        var days = notice.DaysBefore is { } n ? n == 1 ? "1 day" : $"{n.ToString(CultureInfo.InvariantCulture)} days" : "a few days";
        return (notice.Kind, notice.ToManager) switch
        {
            (NoticeKind.Assigned, false) => notice.DueAt is { } due ? $"{package} was assigned to you, due {Date(due)}" : $"{package} was assigned to you",
            (NoticeKind.Assigned, true) => $"{learner} was assigned {package}",
            (NoticeKind.DueSoon, false) => $"{package} is due in {days}",
            (NoticeKind.DueSoon, true) => $"{learner}: {package} is due in {days}",
            (NoticeKind.Overdue, false) => $"{package} is overdue",
            (NoticeKind.Overdue, true) => $"{learner} is overdue on {package}",
            (NoticeKind.CertificationExpiring, false) => $"Your {package} certification expires in {days}",
            (NoticeKind.CertificationExpiring, true) => $"{learner}: {package} certification expires in {days}",
            (NoticeKind.RecertificationOpened, false) => $"Recertification for {package} is open",
            (NoticeKind.RecertificationOpened, true) => $"{learner} can renew {package}",
            (NoticeKind.Completed, false) => $"You completed {package}",
            (NoticeKind.Completed, true) => $"{learner} completed {package}",
            _ => $"{notice.Kind}: {package}",
        };
    }

    /// <summary>The portal path the notice leads to.</summary>
    public static string Link(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice.ToManager ? "/Team" : "/Learn/Package/" + Uri.EscapeDataString(notice.PackageId);
    }

    public static string Date(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
