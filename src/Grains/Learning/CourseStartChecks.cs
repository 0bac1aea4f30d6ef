using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Learning;

/// <summary>What a course enrollment asks before it starts: the course is not locked in a series of the learner's
/// packages, it has an active version, that version is within its start and end dates, and the learner completed its
/// prerequisites.</summary>
public static class CourseStartChecks
{
    /// <summary>The active version the learner may start, or the conflict that stops them, checked in that order.</summary>
    public static async Task<ContentVersion<CourseContent>> StartableVersionAsync(
        IGrainFactory grains, IUserGrain user, string userId, string courseId, string? packageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(user);
        await EnsureNotLockedAsync(grains, user, userId, courseId, packageId);

        var version = await grains.GetGrain<ICourseGrain>(GrainKeys.Course(courseId)).GetActiveAsync()
            ?? throw DomainException.Conflict(ErrorCodes.NoActiveVersion, $"Course '{courseId}' has no active version to start.");
        if (CourseAvailability.WhyNot(version.Content, now) is { } closed)
        {
            throw DomainException.Conflict(ErrorCodes.CourseNotAvailable, closed);
        }

        var prerequisites = version.Content.Prerequisites;
        if (prerequisites.Length > 0)
        {
            var done = await user.GetCompletionsAsync();
            var missing = prerequisites.Where(p => !done.ContainsKey(p)).ToList();
            if (missing.Count > 0)
            {
                throw DomainException.Conflict(ErrorCodes.PrerequisitesIncomplete, $"Complete {string.Join(", ", missing)} before starting '{courseId}'.");
            }
        }

        return version;
    }

    /// <summary>A course locked in a series of any open package enrollment of the learner cannot be started, whichever
    /// route asks (catalog, course page, API, with or without a package). Read-only calls to the user's index and
    /// then to each package enrollment, neither of which ever calls a course enrollment, so no call can wait on
    /// the asking enrollment. A finished enrollment's order governs nothing any more; an enrollment the user indexes
    /// but that does not exist (a refused enrollment of an older version) locks nothing.</summary>
    private static async Task EnsureNotLockedAsync(IGrainFactory grains, IUserGrain user, string userId, string courseId, string? packageId)
    {
        var packageIds = (await user.GetPackageEnrollmentsAsync()).ToHashSet(StringComparer.Ordinal);
        if (packageId is not null)
        {
            // The package the learner came from must be theirs: asking through a package they are not in is a 404.
            packageIds.Remove(packageId);
            ThrowIfLocked(await Enrollment(packageId).GetAsync());
        }

        var enrollments = await Task.WhenAll(packageIds.Order(StringComparer.Ordinal).Select(async id =>
        {
            try
            {
                return await Enrollment(id).GetAsync();
            }
            catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
            {
                return null;
            }
        }));
        foreach (var enrollment in enrollments.OfType<PackageEnrollmentView>())
        {
            ThrowIfLocked(enrollment);
        }

        IPackageEnrollmentGrain Enrollment(string id) => grains.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(userId, id));

        void ThrowIfLocked(PackageEnrollmentView enrollment)
        {
            if (enrollment.CompletedAt is null && SeriesLock.FinishFirst(enrollment.Requirement, enrollment.Evaluation, courseId) is { } first)
            {
                throw DomainException.Conflict(ErrorCodes.LockedInSeries,
                    $"'{courseId}' is locked in a series of package '{enrollment.PackageId}': finish '{first}' first.");
            }
        }
    }
}
