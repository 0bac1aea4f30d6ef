using System.Diagnostics;
using System.Diagnostics.Metrics;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Telemetry;

/// <summary>
/// The portal's own instruments, in the meter <see cref="MeterName"/>, one set per silo's container (created through
/// <see cref="IMeterFactory"/>, so tests and co-hosted silos tell theirs apart). Learning counts are taken from the
/// events a grain has just made durable, so a change whose write failed is never counted. Tags stay low in
/// cardinality: a course or package id, never a user.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = PortalMeter.Name;

    public PortalMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        LessonCompletions = meter.CreateCounter<long>("courseportal.lessons.completed", "{lesson}", "Lessons completed by learners.");
        CourseCompletions = meter.CreateCounter<long>("courseportal.courses.completed", "{course}", "Courses completed by learners.");
        Enrollments = meter.CreateCounter<long>("courseportal.enrollments", "{enrollment}", "Learners enrolled in a package.");
        PackageCompletions = meter.CreateCounter<long>("courseportal.packages.completed", "{package}", "Packages completed by learners.");
        Publishes = meter.CreateCounter<long>("courseportal.publishes", "{version}", "Course and package versions published.");
        EvaluationDuration = meter.CreateHistogram<double>("courseportal.requirement.evaluation.duration", "s",
            "Time to evaluate one learner's requirement tree.");
        OutboxBacklog = meter.CreateUpDownCounter<long>("courseportal.outbox.backlog", "{item}",
            "Learning events and notices that active grains in this silo have stored but not yet delivered.");
        MailsSent = meter.CreateCounter<long>("courseportal.mail.sent", "{mail}", "Notice mails handed to the SMTP relay (or the pickup folder).");
        MailsSkipped = meter.CreateCounter<long>("courseportal.mail.skipped", "{mail}",
            "Notice mails left out: the recipient turned reminders off, or has no account.");
        MailRetries = meter.CreateCounter<long>("courseportal.mail.retried", "{attempt}", "Notice mail attempts that failed and will be tried again.");
        MailsFailed = meter.CreateCounter<long>("courseportal.mail.failed", "{mail}",
            "Notice mails given up on after Mail:MaxAttempts; each waits on /Admin/Notifications to be sent again.");
    }

    public Counter<long> LessonCompletions { get; }

    public Counter<long> CourseCompletions { get; }

    public Counter<long> Enrollments { get; }

    public Counter<long> PackageCompletions { get; }

    public Counter<long> Publishes { get; }

    public Histogram<double> EvaluationDuration { get; }

    public UpDownCounter<long> OutboxBacklog { get; }

    public Counter<long> MailsSent { get; }

    public Counter<long> MailsSkipped { get; }

    public Counter<long> MailRetries { get; }

    public Counter<long> MailsFailed { get; }

    /// <summary>Counts one learning event that has just become durable.</summary>
    public void Count(LearningEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e.Kind)
        {
            case LearningEventKinds.LessonCompleted:
                LessonCompletions.Add(1, new KeyValuePair<string, object?>("course", e.CourseId));
                break;
            case LearningEventKinds.CourseCompleted:
                CourseCompletions.Add(1, new KeyValuePair<string, object?>("course", e.CourseId));
                break;
            case LearningEventKinds.Enrolled:
                Enrollments.Add(1, new KeyValuePair<string, object?>("package", e.PackageId));
                break;
            case LearningEventKinds.PackageCompleted:
                PackageCompletions.Add(1, new KeyValuePair<string, object?>("package", e.PackageId));
                break;
            case LearningEventKinds.VersionPublished when e.CourseId is { } course:
                Publishes.Add(1, new KeyValuePair<string, object?>("kind", "course"), new KeyValuePair<string, object?>("course", course));
                break;
            case LearningEventKinds.VersionPublished:
                Publishes.Add(1, new KeyValuePair<string, object?>("kind", "package"), new KeyValuePair<string, object?>("package", e.PackageId));
                break;
        }
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/> (from <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordEvaluation(long startTimestamp, string packageId) =>
        EvaluationDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("package", packageId));
}
