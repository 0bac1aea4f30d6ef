using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Web.Services;

/// <summary>The outcome of assigning one user: the enrollment, or why it was refused.</summary>
public sealed record AssignmentResult(string UserId, PackageEnrollmentView? Enrollment, string? ErrorCode, string? Error);

/// <summary>Self-enrollment and an admin's assignment of many users at once, each through the user's grain.</summary>
public sealed class EnrollmentService(IGrainFactory grains)
{
    public const int MaxUsersPerAssignment = 10_000;
    private const int Parallelism = 32;

    public Task<PackageEnrollmentView> EnrollAsync(string userId, string packageId) =>
        grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).EnrollInPackageAsync(packageId, userId, dueAt: null);

    /// <summary>Assigns every user in <paramref name="userIds"/> (duplicates once); a refusal for one user is
    /// reported and does not stop the others.</summary>
    public async Task<IReadOnlyList<AssignmentResult>> AssignAsync(string packageId, IReadOnlyCollection<string> userIds, DateTimeOffset? dueAt, string actor)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count is 0 or > MaxUsersPerAssignment)
        {
            throw new DomainException([new FieldError("invalid_users", "userIds", $"Assign between 1 and {MaxUsersPerAssignment} users at a time.")]);
        }

        var results = new AssignmentResult[userIds.Distinct(StringComparer.Ordinal).Count()];
        await Parallel.ForEachAsync(userIds.Distinct(StringComparer.Ordinal).Select((id, i) => (id, i)),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (user, _) =>
            {
                try
                {
                    var enrollment = await grains.GetGrain<IUserGrain>(GrainKeys.User(user.id)).EnrollInPackageAsync(packageId, actor, dueAt);
                    results[user.i] = new AssignmentResult(user.id, enrollment, null, null);
                }
                catch (DomainException refused)
                {
                    results[user.i] = new AssignmentResult(user.id, null, refused.Code, refused.Message);
                }
            });
        return results;
    }
}
