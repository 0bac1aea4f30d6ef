using System.Diagnostics;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Learning;
using CoursePortal.Grains.Telemetry;

namespace CoursePortal.Grains.Packages;

/// <summary>
/// A package enrollment's progress rules over its state: when it starts, when it completes, the view it answers with, and
/// the learning events that record them (into the state's outbox, so they travel with the grain's next write).
/// </summary>
internal sealed class PackageEnrollmentProgress(IPersistentState<PackageEnrollmentState> state, PortalMetrics metrics, string userId, string packageId)
{
    private PackageEnrollmentState Enrollments => state.State;

    /// <summary>Starts the current enrollment once the learner's work counts towards it.</summary>
    public void StartIfWorkCounts(DateTimeOffset now)
    {
        if (Enrollments.Current is { CompletedAt: null, StartedAt: null } current && EnrollmentRules.CountsWork(Evaluate(current)))
        {
            Start(current, now);
        }
    }

    public void Start(Enrollment current, DateTimeOffset now)
    {
        Enrollments.Current = current with { StartedAt = now };
        Record(LearningEventKinds.PackageStarted, now, userId);
    }

    /// <summary>Completes the current enrollment when its tree is satisfied; answers the version completed, or null.</summary>
    public int? CompleteIfSatisfied(DateTimeOffset now)
    {
        if (Enrollments.Current is not { CompletedAt: null } current || !Evaluate(current).IsComplete)
        {
            return null;
        }

        Enrollments.Current = current with { CompletedAt = now };
        // The expiry travels with the event (absent when the version sets no validity), so reports can count expiring
        // certifications; events from before it carried none and read as never expiring.
        Record(LearningEventKinds.PackageCompleted, now, userId, current.ValidityDays is { } days
            ? Outbox.Details(new { expiresAt = now.AddDays(days), validityDays = days })
            : "{}");
        return current.Version;
    }

    public PackageEnrollmentView View(Enrollment enrollment, DateTimeOffset now) =>
        PackageEnrollmentChanges.View(Enrollments, enrollment, Evaluate(enrollment), userId, packageId, now);

    public void Record(string kind, DateTimeOffset at, string actor, string details = "{}") =>
        Enrollments.Outbox.Add(new LearningEvent(Guid.NewGuid(), at, kind, actor, userId, packageId, Enrollments.Current?.Version, Details: details));

    private Evaluation Evaluate(Enrollment enrollment)
    {
        var started = Stopwatch.GetTimestamp();
        var evaluation = RequirementEvaluator.Evaluate(enrollment.Requirement, new LearnerRecord(
            Enrollments.Completions.ToDictionary(c => c.Key, c => c.Value.CompletedAt, StringComparer.Ordinal),
            enrollment.EnrolledAt,
            enrollment.CompletionsMustFollowEnrollment));
        metrics.RecordEvaluation(started, packageId);
        return evaluation;
    }
}
