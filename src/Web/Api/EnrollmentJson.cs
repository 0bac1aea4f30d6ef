using System.Collections.Immutable;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Api;

/// <summary>GET /v1/me/enrollments: the learner's package enrollments and their courses.</summary>
public sealed record OwnLearningJson(IReadOnlyList<OwnEnrollmentJson> Packages, IReadOnlyList<CourseProgress> Courses);

/// <summary>One of the learner's package enrollments, its requirement tree evaluated.</summary>
public sealed record OwnEnrollmentJson(
    string PackageId,
    int Version,
    string Status,
    int Percent,
    DateTimeOffset EnrolledAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    RequirementJson Root,
    DateTimeOffset? ExpiresAt,
    string Certification,
    ImmutableArray<EarlierEnrollment> History);

/// <summary>An enrollment as enrolling or assigning answers it: whose it is, who enrolled them, and the pinned version's
/// tree evaluated, in the words of <see cref="OwnEnrollmentJson"/>.</summary>
public sealed record EnrollmentJson(
    string UserId,
    string PackageId,
    int Version,
    string Status,
    int Percent,
    DateTimeOffset EnrolledAt,
    string EnrolledBy,
    DateTimeOffset? DueAt,
    bool Overdue,
    DateTimeOffset? CompletedAt,
    RequirementJson Root,
    DateTimeOffset? ExpiresAt,
    string Certification,
    ImmutableArray<EarlierEnrollment> History);

/// <summary>One user's result of an assignment: the enrollment, or the code and message of its refusal.</summary>
public sealed record AssignmentResultJson(string UserId, EnrollmentJson? Enrollment, string? ErrorCode, string? Error);

public static class EnrollmentMapping
{
    public static EnrollmentJson ToEnrollmentJson(this PackageEnrollmentView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.UserId, v.PackageId, v.Version, EnrollmentStatusWords.Token(v.Status), v.Percent, v.EnrolledAt, v.EnrolledBy, v.DueAt,
            v.Overdue, v.CompletedAt, PackageMapping.ToJson(v.Requirement, v.Evaluation), v.ExpiresAt,
            JsonNamingPolicy.CamelCase.ConvertName(v.Certification.ToString()), v.History.IsDefault ? [] : v.History);
    }

    public static IReadOnlyList<AssignmentResultJson> ToJson(this IReadOnlyList<AssignmentResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.Select(r => new AssignmentResultJson(r.UserId, r.Enrollment?.ToEnrollmentJson(), r.ErrorCode, r.Error))];
    }

    public static OwnLearningJson ToJson(this OwnLearning own)
    {
        ArgumentNullException.ThrowIfNull(own);
        return new OwnLearningJson([.. own.Packages.Select(ToJson)], own.Courses);
    }

    private static OwnEnrollmentJson ToJson(PackageEnrollmentView v) => new(
        v.PackageId,
        v.Version,
        EnrollmentStatusWords.Token(v.Status),
        v.Percent,
        v.EnrolledAt,
        v.CompletedAt,
        v.DueAt,
        v.Overdue,
        PackageMapping.ToJson(v.Requirement, v.Evaluation),
        v.ExpiresAt,
        JsonNamingPolicy.CamelCase.ConvertName(v.Certification.ToString()),
        v.History.IsDefault ? [] : v.History);
}
