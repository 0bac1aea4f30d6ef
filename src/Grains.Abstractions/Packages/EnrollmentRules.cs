namespace CoursePortal.Grains.Abstractions.Packages;

/// <summary>Where a package enrollment stands, from its dates and its evaluation: the status, percent, overdue
/// flag and certification that <see cref="PackageEnrollmentView"/> shows.</summary>
public static class EnrollmentRules
{
    /// <summary>Completed once the enrollment is; in progress as soon as any work counts or is started.</summary>
    public static EnrollmentStatus Status(DateTimeOffset? completedAt, Evaluation evaluation) => Status(completedAt, null, evaluation);

    /// <summary>The one rule for where a package enrollment stands, which My learning, the home page, the API and (through
    /// the <c>package_started</c> event it records at <paramref name="startedAt"/>) the reports all show: completed once the
    /// enrollment is; in progress from the moment the learner, since enrolling, started one of its courses or any of its
    /// work counts (a course completed, credit, or credit carried in when they enrolled); not started until then.</summary>
    public static EnrollmentStatus Status(DateTimeOffset? completedAt, DateTimeOffset? startedAt, Evaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return completedAt is not null ? EnrollmentStatus.Completed
            : startedAt is not null || CountsWork(evaluation) ? EnrollmentStatus.InProgress
            : EnrollmentStatus.NotStarted;
    }

    /// <summary>Whether any of the learner's work counts against the tree: what starts an enrollment without a course start.</summary>
    public static bool CountsWork(Evaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return evaluation.Percent > 0 || evaluation.Nodes.Any(n => n.State is NodeState.InProgress or NodeState.Completed);
    }

    /// <summary>A completed enrollment stays at 100 even when its tree would now evaluate lower.</summary>
    public static int Percent(DateTimeOffset? completedAt, Evaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return completedAt is null ? evaluation.Percent : 100;
    }

    /// <summary>Past its due date and not completed.</summary>
    public static bool IsOverdue(DateTimeOffset? completedAt, DateTimeOffset? dueAt, DateTimeOffset now) =>
        completedAt is null && dueAt is { } due && now > due;

    /// <summary>A completion stays valid for the version's validity period; recertification falls due in the
    /// last 30 days of it (the last quarter, for periods shorter than four months).</summary>
    public static (DateTimeOffset? ExpiresAt, CertificationStatus Status) Certification(DateTimeOffset? completedAt, int? validityDays, DateTimeOffset now)
    {
        if (completedAt is not { } completed || validityDays is not { } days)
        {
            return (null, CertificationStatus.None);
        }

        var expires = completed.AddDays(days);
        var warning = RecertificationWindow(days);
        var status = now >= expires ? CertificationStatus.Expired
            : now >= expires - warning ? CertificationStatus.RecertificationDue
            : CertificationStatus.Valid;
        return (expires, status);
    }

    /// <summary>How long before expiry recertification falls due: the last 30 days of the validity period (the last quarter,
    /// for periods shorter than four months).</summary>
    public static TimeSpan RecertificationWindow(int validityDays) => TimeSpan.FromDays(Math.Min(30, validityDays / 4.0));
}
