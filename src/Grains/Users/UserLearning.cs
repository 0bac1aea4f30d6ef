using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Learning;

namespace CoursePortal.Grains.Users;

/// <summary>
/// The learning side of one user's record, held by <see cref="UserGrain"/>: the courses started, the latest completion of
/// each course (credit included), passed on to the user's package enrollments, and the index of those enrollments. Every
/// change ends with the grain's one write.
/// </summary>
internal sealed class UserLearning(IGrainFactory grains, string userId, IPersistentState<UserState> state, Func<Task> write, TimeProvider clock)
{
    private UserState Record => state.State;

    public ImmutableDictionary<string, CourseCompletion> Completions => Record.Completions.ToImmutableDictionary(StringComparer.Ordinal);

    public async Task RecordCompletionAsync(CourseCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (!Record.Completions.TryGetValue(completion.CourseId, out var known) || known.CompletedAt < completion.CompletedAt)
        {
            Record.Completions[completion.CourseId] = completion;
            await write();
        }

        // Passed on every time: a retry after a failed hand-over reaches the enrollments that missed it,
        // and the ones that already have it ignore it.
        foreach (var packageId in Record.PackageEnrollments)
        {
            await Enrollment(packageId).OnCourseCompletedAsync(completion);
        }
    }

    public async Task RecordStartAsync(string courseId)
    {
        if (!Record.StartedCourses.Contains(courseId))
        {
            Record.StartedCourses.Add(courseId);
            await write();
        }

        // Passed on every time, like completions: a repeated start repairs a lost notice, and an enrollment already in
        // progress (or without the course) ignores it. Not awaited: the learner's start does not wait for their packages,
        // and an enrollment on a silo of the previous release (which lacks the method) cannot fail it.
        foreach (var packageId in Record.PackageEnrollments)
        {
            Enrollment(packageId).OnCourseStartedAsync(courseId).Ignore();
        }
    }

    public Task GrantCreditAsync(string courseId, string reason, string actor)
    {
        RequireUser();
        UserValidation.ThrowIfInvalidCredit(courseId, reason);
        return CreditAsync(new CourseCompletion(courseId, null, clock.GetUtcNow(), CompletionSource.ManualCredit, actor, reason.Trim()), "manual");
    }

    public async Task<bool> ImportCreditAsync(string courseId, DateTimeOffset completedAt, string? note, string actor)
    {
        RequireUser();
        if (Record.Completions.TryGetValue(courseId, out var known) && known.CompletedAt >= completedAt)
        {
            return false;
        }

        await CreditAsync(new CourseCompletion(courseId, null, completedAt, CompletionSource.Imported, actor, note), "imported");
        return true;
    }

    public async Task<PackageEnrollmentView> EnrollAsync(string packageId, string actor, DateTimeOffset? dueAt)
    {
        RequireUser();
        // Nothing new is assigned to a deactivated account; what it has keeps its record.
        if (Record.Profile!.Deactivated)
        {
            throw DomainException.Conflict(ErrorCodes.AccountDeactivated, $"{Record.Profile.Email} is deactivated: reactivate the account to assign it anything.");
        }

        var enrollment = Enrollment(packageId);
        var completions = Completions;
        if (Record.PackageEnrollments.Contains(packageId))
        {
            return await enrollment.EnrollAsync(actor, dueAt, completions);
        }

        // The package and its window say yes before anything is stored here: a refused enrollment leaves the user's
        // record as it was. The index is written before the enrollment, so completions always find an enrollment
        // that exists; one refused in between (the package archived a moment ago) is taken out again.
        await enrollment.EnsureCanEnrollAsync(dueAt);
        Record.PackageEnrollments.Add(packageId);
        await write();
        try
        {
            return await enrollment.EnrollAsync(actor, dueAt, completions);
        }
        catch (DomainException)
        {
            Record.PackageEnrollments.Remove(packageId);
            await write();
            throw;
        }
    }

    // Credit is audited as credit_granted with its source, then counts like any completion.
    private Task CreditAsync(CourseCompletion credit, string source)
    {
        Record.Outbox.Add(new LearningEvent(Guid.NewGuid(), clock.GetUtcNow(), LearningEventKinds.CreditGranted, credit.GrantedBy, userId,
            CourseId: credit.CourseId, Details: Outbox.Details(new { reason = credit.Reason, source, completedAt = credit.CompletedAt })));
        return RecordCompletionAsync(credit);
    }

    private void RequireUser()
    {
        if (Record.Profile is null)
        {
            throw DomainException.NotFound("User", userId);
        }
    }

    private IPackageEnrollmentGrain Enrollment(string packageId) =>
        grains.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(userId, packageId));
}
