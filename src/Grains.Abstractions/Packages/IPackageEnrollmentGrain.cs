using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Learning;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>One learner's enrollment in one package, pinned to a version and a copy of its requirement
/// tree, evaluated in memory on every relevant completion. Only the user grain calls the changing methods, except
/// the due date's, which needs nothing of the user's record.
/// Key: <c>GrainKeys.PackageEnrollment(userId, packageId)</c>.</summary>
[Alias("courseportal.package-enrollment")]
public interface IPackageEnrollmentGrain : IGrainWithStringKey
{
    /// <summary>Enrolls on the active version with <paramref name="completions"/> as credit; enrolling while an
    /// enrollment is open returns it.</summary>
    [Alias("enroll")]
    Task<PackageEnrollmentView> EnrollAsync(string actor, DateTimeOffset? dueAt, ImmutableDictionary<string, CourseCompletion> completions);

    /// <summary>Refuses, exactly as enrolling would, an enrollment that would be refused (unknown package, no active
    /// version, outside its window, a past due date), storing nothing; passes while an enrollment is open.</summary>
    [Alias("ensure-can-enroll")]
    [ReadOnly]
    Task EnsureCanEnrollAsync(DateTimeOffset? dueAt);

    /// <summary>Takes a course completion into account; one of a course not in the pinned tree, or one already known, changes nothing.</summary>
    [Alias("course-completed")]
    Task OnCourseCompletedAsync(CourseCompletion completion);

    /// <summary>The learner started a course: an open enrollment whose tree names it, and that is not in progress yet,
    /// turns in progress now. Anything else changes nothing.</summary>
    [Alias("course-started")]
    Task OnCourseStartedAsync(string courseId);

    /// <summary>Moves an open enrollment on <paramref name="fromVersion"/> whose status is in <paramref name="statuses"/>
    /// to <paramref name="target"/>, keeping the old one in history and <paramref name="completions"/> as credit.
    /// Returns whether it moved; anything else (another version, completed, another status) stays as it is.</summary>
    [Alias("move-to-version")]
    Task<bool> MoveToVersionAsync(
        int fromVersion,
        ImmutableArray<EnrollmentStatus> statuses,
        CoursePortal.Grains.Abstractions.Versioning.ContentVersion<PackageContent> target,
        ImmutableDictionary<string, CourseCompletion> completions,
        string actor);

    /// <summary>Gives the open enrollment a new due date (null: none), recorded as <c>due_date_changed</c> by
    /// <paramref name="actor"/>, and plans its notices again; the same date changes nothing. 404 when never enrolled,
    /// 409 <c>enrollment_completed</c> when completed, 400 <c>invalid_due_date</c> for a date that has passed.</summary>
    [Alias("change-due-date")]
    Task<PackageEnrollmentView> ChangeDueDateAsync(string actor, DateTimeOffset? dueAt);

    /// <summary>The current enrollment; 404 when the user never enrolled.</summary>
    [Alias("get")]
    [ReadOnly]
    Task<PackageEnrollmentView> GetAsync();
}
