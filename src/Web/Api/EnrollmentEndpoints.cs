using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>Package enrollments: enrolling oneself or, for an admin, assigning others; and the
/// learner's own record, the same <see cref="EnrollmentService"/> use cases the Packages and My learning pages call.</summary>
public static class EnrollmentEndpoints
{
    public static RouteGroupBuilder MapEnrollmentEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.MapPost("/packages/{id}/enrollments", EnrollInPackage)
            .RequireAuthorization(Policies.Learner)
            .AsLearnerWrite(LearnerWrites.MaxAssignmentBytes);
        v1.MapGet("/me/enrollments", GetOwnEnrollments).RequireAuthorization(Policies.Learner).RequireAuthorization(Policies.Person);
        return v1;
    }

    /// <summary>Without user ids, the learner enrolls themselves; with them, an admin assigns the package to each.</summary>
    public static async Task<Results<Ok<EnrollmentJson>, Ok<IReadOnlyList<AssignmentResultJson>>>> EnrollInPackage(
        string id, EnrollJson? body, ClaimsPrincipal user, EnrollmentService enrollments)
    {
        Ids.Existing("Package", id);
        if (body?.UserIds is not { Count: > 0 } userIds)
        {
            if (user.ApiTokenId() is not null)
            {
                throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden, "An API token enrolls nobody itself; name the userIds to assign.");
            }

            return TypedResults.Ok((await enrollments.EnrollAsync(user.UserId()!, id)).ToEnrollmentJson());
        }

        if (!user.IsInRole(Policies.Admin))
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden, "Only admins assign packages to other users.");
        }

        return TypedResults.Ok((await enrollments.AssignAsync(id, [.. userIds], body.DueDate, user.UserId()!)).ToJson());
    }

    /// <summary>The signed-in learner's package enrollments, each tree evaluated, and the courses they started.</summary>
    public static async Task<Ok<OwnLearningJson>> GetOwnEnrollments(ClaimsPrincipal user, EnrollmentService enrollments) =>
        TypedResults.Ok((await enrollments.GetOwnAsync(user.UserId()!)).ToJson());
}
