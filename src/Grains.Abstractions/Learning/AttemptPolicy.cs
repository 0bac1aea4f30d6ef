using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;

namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>The author's attempts policy of an assessment applied to one learner's attempts so far: how many they may
/// make (the author's maximum plus what admins granted) and when the next one opens.</summary>
public static class AttemptPolicy
{
    /// <summary>How many attempts the learner may make in all; null when the assessment has no maximum.</summary>
    public static int? Allowed(Assessment assessment, int granted)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return assessment.MaxAttempts is { } max ? max + granted : null;
    }

    /// <summary>When the wait after the last attempt ends; null when there is no wait or no attempt yet.</summary>
    public static DateTimeOffset? WaitEndsAt(Assessment assessment, DateTimeOffset? lastAttemptAt)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return assessment.MinutesBetweenAttempts is int minutes && minutes > 0 && lastAttemptAt is { } last ? last.AddMinutes(minutes) : null;
    }

    /// <summary>Why an attempt at <paramref name="now"/> is refused (409 <c>attempts_exhausted</c>, or
    /// <c>attempt_too_soon</c> carrying when the next attempt opens), or null when it may be made.</summary>
    public static DomainException? Refusal(string lessonId, Assessment assessment, int made, int granted, DateTimeOffset? lastAttemptAt, DateTimeOffset now)
    {
        if (Allowed(assessment, granted) is { } allowed && made >= allowed)
        {
            return DomainException.Conflict(ErrorCodes.AttemptsExhausted,
                $"All {allowed.ToString(CultureInfo.InvariantCulture)} attempts at '{lessonId}' are used; an administrator can grant another one.");
        }

        if (WaitEndsAt(assessment, lastAttemptAt) is { } opens && now < opens)
        {
            return DomainException.Conflict(ErrorCodes.AttemptTooSoon,
                $"The next attempt at '{lessonId}' opens at {opens.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC.", opens);
        }

        return null;
    }
}
