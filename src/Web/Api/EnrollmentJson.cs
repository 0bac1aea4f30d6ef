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

public static class EnrollmentMapping
{
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
