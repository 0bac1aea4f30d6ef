using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Learning;

/// <summary>What a course enrollment asks before it starts: the course is not locked in a series of the learner's
/// packages, it has an active version (or, archived, is still named by an open package enrollment of the learner's),
/// that version is within its start and end dates, and the learner completed its prerequisites.</summary>
public static class CourseStartChecks
{
    /// <summary>The active version the learner may start, or the conflict that stops them, checked in that order.</summary>
    public static async Task<ContentVersion<CourseContent>> StartableVersionAsync(
        IGrainFactory grains, IUserGrain user, string userId, string courseId, string? packageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(user);
        var enrollments = await OpenEnrollmentsAsync(grains, user, userId, packageId);
        foreach (var enrollment in enrollments)
        {
            ThrowIfLocked(enrollment, courseId);
        }

        // An archived course takes nobody new, but a learner whose pinned package version still names it finishes that
        // version: they start the course's last active version.
        var course = grains.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        var version = await course.GetActiveAsync()
            ?? (enrollments.Any(e => e.Requirement.CourseIds().Contains(courseId, StringComparer.Ordinal)) ? await course.GetRetiredAsync() : null)
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

    /// <summary>The learner's open package enrollments: the series locks of each apply to every route that starts a
    /// course (catalog, course page, API, with or without a package), and an archived course is still started for one
    /// that names it. Read-only calls to the user's index and then to each package enrollment, neither of which ever
    /// calls a course enrollment, so no call can wait on the asking enrollment. An enrollment the user indexes but that
    /// does not exist (a refused enrollment of an older version) is left out.</summary>
    private static async Task<IReadOnlyList<PackageEnrollmentView>> OpenEnrollmentsAsync(IGrainFactory grains, IUserGrain user, string userId, string? packageId)
    {
        var packageIds = (await user.GetPackageEnrollmentsAsync()).ToHashSet(StringComparer.Ordinal);
        var views = new List<PackageEnrollmentView>();
        if (packageId is not null)
        {
            // The package the learner came from must be theirs: asking through a package they are not in is a 404.
            packageIds.Remove(packageId);
            views.Add(await Enrollment(packageId).GetAsync());
        }

        var others = await Task.WhenAll(packageIds.Order(StringComparer.Ordinal).Select(async id =>
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
        views.AddRange(others.OfType<PackageEnrollmentView>());
        // A finished enrollment's order governs nothing any more, and it needs no course finished.
        return [.. views.Where(v => v.CompletedAt is null)];

        IPackageEnrollmentGrain Enrollment(string id) => grains.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(userId, id));
    }

    private static void ThrowIfLocked(PackageEnrollmentView enrollment, string courseId)
    {
        if (SeriesLock.FinishFirst(enrollment.Requirement, enrollment.Evaluation, courseId) is { } first)
        {
            throw DomainException.Conflict(ErrorCodes.LockedInSeries,
                $"'{courseId}' is locked in a series of package '{enrollment.PackageId}': finish '{first}' first.");
        }
    }
}
