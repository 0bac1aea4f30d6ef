using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Web.Services;

/// <summary>An admin's corrections to a learner's record: credit for a course given or imported from history, and one
/// more attempt at an assessment. Each names the admin, and the given ones a reason, in the audit trail.</summary>
public sealed class LearnerRecordService(IGrainFactory grains, UserService users)
{
    public const int MaxReasonLength = 500;

    /// <summary>Gives the user (an e-mail address or user id) credit for a course, as recognised prior learning, and answers
    /// the user's completion of the course that results. A course that never had a version is refused (404), as the
    /// import refuses its row: credit names a course someone could have taken.</summary>
    public async Task<CourseCompletion> GrantCreditAsync(string emailOrUserId, string courseId, string reason, string actor, string userField = "email")
    {
        var user = await users.FindAsync(emailOrUserId, userField);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new FieldError(ErrorCodes.Required, "reason", "Say why the credit is given; the reason stays in the audit trail.")]);
        }

        if (!Ids.IsValid(courseId) || !await IsKnownCourseAsync(courseId))
        {
            throw DomainException.NotFound("Course", courseId ?? "");
        }

        await User(user.UserId).GrantCreditAsync(courseId, reason.Trim(), actor);
        return (await User(user.UserId).GetCompletionsAsync())[courseId];
    }

    /// <summary>Records a completion from before the portal as imported credit; false when the user already had it.</summary>
    public Task<bool> ImportCreditAsync(string userId, string courseId, DateTimeOffset completedAt, string? note, string actor) =>
        User(userId).ImportCreditAsync(courseId, completedAt, note, actor);

    /// <summary>Whether credit can name this course: it has an active version, or had versions once.</summary>
    public async Task<bool> IsKnownCourseAsync(string courseId)
    {
        var course = grains.Reference<ICourseGrain>(GrainKeys.Course(Ids.Existing("Course", courseId)));
        return (await course.GetPrerequisiteInfoAsync()).ActiveVersion is not null || !(await course.GetHistoryAsync()).IsEmpty;
    }

    /// <summary>Allows the user (an e-mail address or user id) one more attempt at an assessment of a course they started.</summary>
    public async Task<CourseProgress> GrantAttemptAsync(string emailOrUserId, string courseId, string lessonId, string? reason, string actor)
    {
        var user = await users.FindAsync(emailOrUserId, "userId");
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new FieldError(ErrorCodes.Required, "reason", "Say why another attempt is granted; the reason stays in the audit trail.")]);
        }

        if (reason.Trim().Length > MaxReasonLength)
        {
            throw new DomainException([new FieldError(ErrorCodes.TooLong, "reason", $"The reason has at most {MaxReasonLength} characters.")]);
        }

        var enrollment = grains.Reference<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(user.UserId, Ids.Existing("Course", courseId)));
        return await enrollment.GrantAttemptAsync(lessonId ?? "", actor, reason.Trim());
    }

    private IUserGrain User(string userId) => grains.Reference<IUserGrain>(GrainKeys.User(userId));
}
