using System.Collections.Immutable;

namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>The one set of words for where a package enrollment stands, shared by My learning, the home page, the reports
/// and the API: each <see cref="EnrollmentStatus"/> has one label people read and one token the API and CSV files carry.
/// Overdue is not a status but a flag beside it (a learner can be overdue whether they have started or not).</summary>
public static class EnrollmentStatusWords
{
    /// <summary>Every status with its label and token, in the order the life of an enrollment goes.</summary>
    public static readonly ImmutableArray<(EnrollmentStatus Status, string Label, string Token)> All =
    [
        (EnrollmentStatus.NotStarted, "Not started", "notStarted"),
        (EnrollmentStatus.InProgress, "In progress", "inProgress"),
        (EnrollmentStatus.Completed, "Completed", "completed"),
    ];

    /// <summary>The flag shown beside a status when the due date has passed.</summary>
    public const string OverdueLabel = "Overdue";

    /// <summary>What people read: "In progress".</summary>
    public static string Label(EnrollmentStatus status) => Find(status).Label;

    /// <summary>What the API and CSV files carry: "inProgress".</summary>
    public static string Token(EnrollmentStatus status) => Find(status).Token;

    /// <summary>The status a token (any case) names; false for anything else, numbers included.</summary>
    public static bool TryParse(string? token, out EnrollmentStatus status)
    {
        foreach (var known in All)
        {
            if (string.Equals(known.Token, token, StringComparison.OrdinalIgnoreCase))
            {
                status = known.Status;
                return true;
            }
        }

        status = default;
        return false;
    }

    private static (EnrollmentStatus Status, string Label, string Token) Find(EnrollmentStatus status)
    {
        foreach (var known in All)
        {
            if (known.Status == status)
            {
                return known;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(status), status, "Not a status of a package enrollment.");
    }
}
