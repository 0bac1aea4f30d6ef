using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Services;

/// <summary>The outcome of assigning one user: the enrollment, or why it was refused.</summary>
public sealed record AssignmentResult(string UserId, PackageEnrollmentView? Enrollment, string? ErrorCode, string? Error);

/// <summary>The outcome of assigning the user with one e-mail address: the enrollment, or why there is none (no such
/// user, or the refusal).</summary>
public sealed record EmailAssignmentResult(string Email, PackageEnrollmentView? Enrollment, string? Error);

/// <summary>What a learner is doing, as My learning and <c>GET /v1/me/enrollments</c> both show it: their package
/// enrollments, the courses they started or completed in the portal (newest activity first), and their completions
/// (so credit not earned in the portal can be marked).</summary>
public sealed record OwnLearning(
    IReadOnlyList<PackageEnrollmentView> Packages,
    IReadOnlyList<CourseProgress> Courses,
    IReadOnlyDictionary<string, CourseCompletion> Completions);

/// <summary>Package enrollments: the packages on offer, self-enrollment, assignment of many users at once by an admin or
/// by a manager to the people below them (each through the user's grain), and a learner's own enrollments for My learning
/// and <c>/v1/me/enrollments</c>.</summary>
public sealed partial class EnrollmentService(
    IGrainFactory grains, ProgressService progress, UserService users, TeamService team, TimeProvider clock, ILogger<EnrollmentService> logger)
{
    public const int MaxUsersPerAssignment = 10_000;
    private const int Parallelism = 32;

    /// <summary>The active version of every published package: what a learner can enroll in.</summary>
    public async Task<IReadOnlyList<ContentVersion<PackageContent>>> ListOfferedPackagesAsync()
    {
        var summaries = await grains.Reference<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: false);
        var versions = await Task.WhenAll(summaries.Select(s => grains.Reference<IPackageGrain>(GrainKeys.Package(s.Id)).GetActiveAsync()));
        return [.. versions.OfType<ContentVersion<PackageContent>>()];
    }

    /// <summary>The learner enrolls themselves in the package's active version.</summary>
    public Task<PackageEnrollmentView> EnrollAsync(string userId, string packageId) =>
        grains.Reference<IUserGrain>(GrainKeys.User(userId)).EnrollInPackageAsync(Ids.Existing("Package", packageId), userId, dueAt: null);

    /// <summary>Everything My learning and <c>/v1/me/enrollments</c> show of the learner, read once for both.</summary>
    public async Task<OwnLearning> GetOwnAsync(string userId)
    {
        var packages = await ListOwnPackagesAsync(userId);
        var completions = await grains.Reference<IUserGrain>(GrainKeys.User(userId)).GetCompletionsAsync();
        return new OwnLearning(packages, await progress.ListProgressAsync(userId, completions), completions);
    }

    /// <summary>The version of a course the learner sees on its page: the active one; for an archived course, the version
    /// they started, or, not started, its last active version while an open package enrollment of theirs names it (they
    /// finish what they enrolled in); null otherwise, since an archived course has left the catalog.</summary>
    public async Task<ContentVersion<CourseContent>?> CourseVersionForAsync(string userId, string courseId, CourseProgress? started)
    {
        if (!Ids.IsValid(courseId))
        {
            return null;
        }

        var course = grains.Reference<ICourseGrain>(GrainKeys.Course(courseId));
        if (await course.GetActiveAsync() is { } active)
        {
            return active;
        }

        if (started is not null)
        {
            return await course.GetVersionAsync(started.Version);
        }

        return (await CountingForAsync(userId, courseId)).Any(e => e.CompletedAt is null) ? await course.GetRetiredAsync() : null;
    }

    /// <summary>The learner's enrollments whose pinned tree names the course: what the player shows the course counts for.</summary>
    public async Task<IReadOnlyList<PackageEnrollmentView>> CountingForAsync(string userId, string courseId) =>
        [.. (await ListOwnPackagesAsync(userId)).Where(p => p.Requirement.CourseIds().Contains(courseId, StringComparer.Ordinal))];

    /// <summary>The learner's enrollments as their views show them. One that cannot be read (an index entry left by an
    /// enrollment refused before the user's record was guarded, or a refusal reading it) is left out and logged, so the
    /// rest of the learner's record still shows.</summary>
    private async Task<IReadOnlyList<PackageEnrollmentView>> ListOwnPackagesAsync(string userId)
    {
        var packages = await grains.Reference<IUserGrain>(GrainKeys.User(userId)).GetPackageEnrollmentsAsync();
        var views = await Task.WhenAll(packages.Select(async packageId =>
        {
            try
            {
                return await grains.Reference<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(userId, packageId)).GetAsync();
            }
            catch (DomainException unreadable)
            {
                LogUnreadableEnrollment(logger, userId, packageId, unreadable.Code, unreadable);
                return null;
            }
        }));
        return [.. views.OfType<PackageEnrollmentView>()];
    }

    /// <summary>Assigns every user in <paramref name="userIds"/> (duplicates once); a refusal for one user is
    /// reported and does not stop the others. A due date that has passed refuses the whole assignment (400
    /// <c>invalid_due_date</c>) before anyone is enrolled.</summary>
    public async Task<IReadOnlyList<AssignmentResult>> AssignAsync(string packageId, IReadOnlyCollection<string> userIds, DateTimeOffset? dueAt, string actor)
    {
        ValidateAssignment(userIds, dueAt);

        var results = new AssignmentResult[userIds.Distinct(StringComparer.Ordinal).Count()];
        await Parallel.ForEachAsync(userIds.Distinct(StringComparer.Ordinal).Select((id, i) => (id, i)),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (user, _) =>
            {
                try
                {
                    var enrollment = await grains.Reference<IUserGrain>(GrainKeys.User(user.id)).EnrollInPackageAsync(packageId, actor, dueAt);
                    results[user.i] = new AssignmentResult(user.id, enrollment, null, null);
                }
                catch (DomainException refused)
                {
                    results[user.i] = new AssignmentResult(user.id, null, refused.Code, refused.Message);
                }
            });
        return results;
    }

    /// <summary>Assigns the package as <paramref name="actor"/> may: an admin to anyone; a manager (someone with reports)
    /// only to the people below them, each other user refused in their own result with <c>forbidden</c> and not enrolled;
    /// anyone else not at all (403 <c>forbidden</c>, nobody enrolled). Otherwise as <see cref="AssignAsync"/>.</summary>
    public async Task<IReadOnlyList<AssignmentResult>> AssignAsManagerOrAdminAsync(
        string packageId, IReadOnlyCollection<string> userIds, DateTimeOffset? dueAt, string actor, bool isAdmin)
    {
        if (isAdmin)
        {
            return await AssignAsync(packageId, userIds, dueAt, actor);
        }

        if (!await team.IsManagerAsync(actor))
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden,
                "Only admins, and managers for the people below them, assign packages; nobody reports to you.");
        }

        ValidateAssignment(userIds, dueAt);
        var distinct = userIds.Distinct(StringComparer.Ordinal).ToList();
        var below = await team.WhoIsBelowAsync(actor, distinct);
        var assigned = below.Count == 0 ? [] : (await AssignAsync(packageId, [.. distinct.Where(below.Contains)], dueAt, actor))
            .ToDictionary(r => r.UserId, StringComparer.Ordinal);
        return [.. distinct.Select(id => assigned.GetValueOrDefault(id)
            ?? new AssignmentResult(id, null, ErrorCodes.Forbidden, $"'{id}' does not report to you, directly or further down; only an admin may assign them."))];
    }

    /// <summary>Gives <paramref name="userId"/>'s open enrollment in the package a new due date (null: none) as
    /// <paramref name="actor"/> may: an admin anyone's, a manager only of someone below them (403 <c>forbidden</c>
    /// otherwise, nothing changed). The enrollment plans its notices again from the new date.</summary>
    public async Task<PackageEnrollmentView> ChangeDueDateAsync(string packageId, string userId, DateTimeOffset? dueAt, string actor, bool isAdmin) =>
        await (await ManagedEnrollmentAsync(packageId, userId, actor, isAdmin)).ChangeDueDateAsync(actor, dueAt);

    /// <summary>Someone's enrollment in the package, for an admin or one of their managers to change (as
    /// <see cref="ChangeDueDateAsync"/> decides who may); 404 when they are not enrolled.</summary>
    public async Task<PackageEnrollmentView> GetManagedEnrollmentAsync(string packageId, string userId, string actor, bool isAdmin) =>
        await (await ManagedEnrollmentAsync(packageId, userId, actor, isAdmin)).GetAsync();

    private async Task<IPackageEnrollmentGrain> ManagedEnrollmentAsync(string packageId, string userId, string actor, bool isAdmin)
    {
        var (package, learner) = (Ids.Existing("Package", packageId), Ids.Existing("User", userId));
        if (!isAdmin && !(await team.WhoIsBelowAsync(actor, [learner])).Contains(learner))
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden,
                $"'{learner}' does not report to you, directly or further down; only an admin or their managers change their due dates.");
        }

        return grains.Reference<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(learner, package));
    }

    private void ValidateAssignment(IReadOnlyCollection<string> userIds, DateTimeOffset? dueAt)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var errors = new List<FieldError>();
        if (userIds.Count is 0 or > MaxUsersPerAssignment)
        {
            errors.Add(new FieldError(ErrorCodes.InvalidUsers, "userIds", $"Assign between 1 and {MaxUsersPerAssignment} users at a time."));
        }

        if (dueAt is { } due && due <= clock.GetUtcNow())
        {
            errors.Add(new FieldError(ErrorCodes.InvalidDueDate, "dueDate", "The due date has already passed."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }
    }

    /// <summary>Assigns the users with these e-mail addresses: first each address no user has, then each user found
    /// (an address of a user already listed under another address counts once, under the later one).</summary>
    public async Task<IReadOnlyList<EmailAssignmentResult>> AssignByEmailAsync(string packageId, IEnumerable<string> emails, DateTimeOffset? dueAt, string actor)
    {
        var (found, unknown) = await FindUsersAsync(emails);
        if (found.Count == 0)
        {
            return unknown;
        }

        var assigned = await AssignAsync(packageId, found.Keys, dueAt, actor);
        return [.. unknown, .. assigned.Select(r => new EmailAssignmentResult(found[r.UserId], r.Enrollment, r.Error))];
    }

    // User id → the address it was found by, and each address no user has with the reason.
    private async Task<(Dictionary<string, string> Found, List<EmailAssignmentResult> Unknown)> FindUsersAsync(IEnumerable<string> emails)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<EmailAssignmentResult>();
        foreach (var email in emails)
        {
            try
            {
                found[(await users.FindAsync(email)).UserId] = email;
            }
            catch (DomainException missing)
            {
                unknown.Add(new EmailAssignmentResult(email, null, missing.Message));
            }
        }

        return (found, unknown);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Left out enrollment of user {UserId} in package {PackageId} that could not be read ({Code})")]
    private static partial void LogUnreadableEnrollment(ILogger logger, string userId, string packageId, string code, Exception exception);
}
