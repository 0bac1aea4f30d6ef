using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Learning;

/// <summary>The news of a course completion, sent to the user by the course enrollment once the change that completed the
/// course has landed.</summary>
internal static class CompletionReport
{
    /// <summary>Sends <see cref="CourseEnrollmentState.CompletionToReport"/> and forgets it; false when the user could not
    /// be reached, so the outbox tries again.</summary>
    public static async Task<bool> SendAsync(IGrainFactory grains, string userId, CourseEnrollmentState state)
    {
        if (state.CompletionToReport is { } completion)
        {
            try
            {
                await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).RecordCourseCompletionAsync(completion);
                state.CompletionToReport = null;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                return false;
            }
        }

        return true;
    }
}
