using System.Collections.Immutable;
using System.Diagnostics;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Learning;
using CoursePortal.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Packages;

/// <summary>
/// One learner's enrollment in one package. It never calls back into the user grain (which calls it), and
/// evaluates its copy of the pinned tree in memory, so a new package version never changes it.
/// </summary>
public sealed class PackageEnrollmentGrain(
    [PersistentState(StorageNames.PackageEnrollmentState, StorageNames.Grains)] IPersistentState<PackageEnrollmentState> state,
    ILearningEventSink sink,
    TimeProvider clock,
    PortalMetrics metrics,
    ILogger<PackageEnrollmentGrain> logger) : Grain, IPackageEnrollmentGrain
{
    private OutboxState<PackageEnrollmentState>? _writes;

    private (string UserId, string PackageId) Key => GrainKeys.SplitPair(this.GetPrimaryKeyString(), GrainKeys.PackageEnrollmentPrefix);

    private PackageEnrollmentState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writes = OutboxState.Start(this, state, s => s.Outbox, sink, logger);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writes?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task<PackageEnrollmentView> EnrollAsync(string actor, DateTimeOffset? dueAt, ImmutableDictionary<string, CourseCompletion> completions)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (S.Current is { CompletedAt: null })
        {
            return View(S.Current);
        }

        var now = clock.GetUtcNow();
        var version = await EnrollableVersionAsync(dueAt, now);
        if (S.Current is { } completed)
        {
            // Recertification: the finished enrollment goes to history with its version and dates.
            S.History.Add(completed);
        }

        var content = version.Content;
        var enrollment = new Enrollment(version.Number, content.Requirement, content.CompletionsMustFollowEnrollment, content.ValidityDays, now, actor, dueAt);
        var courses = CoursesIn(enrollment.Requirement);
        S.Completions.Clear();
        foreach (var (courseId, completion) in completions.Where(c => courses.Contains(c.Key)))
        {
            S.Completions[courseId] = completion;
        }

        S.Current = enrollment;
        Record(LearningEventKinds.Enrolled, now, actor, Outbox.Details(new { dueAt, enrolledBy = actor }));
        CompleteIfSatisfied(now);
        await WriteAsync();
        GrainFactory.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(Key.PackageId, enrollment.Version)).RecordEnrollmentAsync().Ignore();
        return View(S.Current);
    }

    public async Task EnsureCanEnrollAsync(DateTimeOffset? dueAt)
    {
        if (S.Current is not { CompletedAt: null })
        {
            await EnrollableVersionAsync(dueAt, clock.GetUtcNow());
        }
    }

    private Task<ContentVersion<PackageContent>> EnrollableVersionAsync(DateTimeOffset? dueAt, DateTimeOffset now)
    {
        if (dueAt is { } due && due <= now)
        {
            throw new DomainException([new FieldError(ErrorCodes.InvalidDueDate, "dueDate", "The due date has already passed.")]);
        }

        return GrainFactory.GetGrain<IPackageGrain>(GrainKeys.Package(Key.PackageId)).GetEnrollableVersionAsync(now);
    }

    public async Task OnCourseCompletedAsync(CourseCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (S.Current is not { } current || !CoursesIn(current.Requirement).Contains(completion.CourseId)
            || S.Completions.TryGetValue(completion.CourseId, out var known) && known.CompletedAt >= completion.CompletedAt)
        {
            return;
        }

        S.Completions[completion.CourseId] = completion;
        CompleteIfSatisfied(clock.GetUtcNow());
        await WriteAsync();
    }

    public async Task<bool> MoveToVersionAsync(
        int fromVersion, ImmutableArray<EnrollmentStatus> statuses, ContentVersion<PackageContent> target,
        ImmutableDictionary<string, CourseCompletion> completions, string actor)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(completions);
        if (S.Current is not { CompletedAt: null } current || current.Version != fromVersion || target.Number == fromVersion
            || !statuses.Contains(View(current).Status))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        S.History.Add(current);
        // The learner keeps their enrollment date and due date; what they completed carries over as credit.
        S.Current = current with
        {
            Version = target.Number,
            Requirement = target.Content.Requirement,
            CompletionsMustFollowEnrollment = target.Content.CompletionsMustFollowEnrollment,
            ValidityDays = target.Content.ValidityDays,
        };
        var courses = CoursesIn(S.Current.Requirement);
        foreach (var (courseId, completion) in completions.Where(c => courses.Contains(c.Key)))
        {
            S.Completions[courseId] = completion;
        }

        Record(LearningEventKinds.MovedToVersion, now, actor, Outbox.Details(new { from = fromVersion, to = target.Number }));
        CompleteIfSatisfied(now);
        await WriteAsync();
        GrainFactory.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(Key.PackageId, target.Number)).RecordEnrollmentAsync().Ignore();
        return true;
    }

    public Task<PackageEnrollmentView> GetAsync() =>
        Task.FromResult(View(S.Current ?? throw new DomainException(DomainErrorKind.NotFound, ErrorCodes.NotFound, $"User '{Key.UserId}' is not enrolled in package '{Key.PackageId}'.")));

    private void CompleteIfSatisfied(DateTimeOffset now)
    {
        if (S.Current is { CompletedAt: null } current && Evaluate(current).IsComplete)
        {
            S.Current = current with { CompletedAt = now };
            Record(LearningEventKinds.PackageCompleted, now, Key.UserId);
            GrainFactory.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(Key.PackageId, current.Version)).RecordCompletionAsync().Ignore();
        }
    }

    private Evaluation Evaluate(Enrollment enrollment)
    {
        var started = Stopwatch.GetTimestamp();
        var evaluation = RequirementEvaluator.Evaluate(enrollment.Requirement, new LearnerRecord(
            S.Completions.ToDictionary(c => c.Key, c => c.Value.CompletedAt, StringComparer.Ordinal),
            enrollment.EnrolledAt,
            enrollment.CompletionsMustFollowEnrollment));
        metrics.RecordEvaluation(started, Key.PackageId);
        return evaluation;
    }

    private PackageEnrollmentView View(Enrollment enrollment)
    {
        var evaluation = Evaluate(enrollment);
        var now = clock.GetUtcNow();
        var (expiresAt, certification) = EnrollmentRules.Certification(enrollment.CompletedAt, enrollment.ValidityDays, now);
        return new PackageEnrollmentView(Key.UserId, Key.PackageId, enrollment.Version, EnrollmentRules.Status(enrollment.CompletedAt, evaluation),
            EnrollmentRules.Percent(enrollment.CompletedAt, evaluation), enrollment.EnrolledAt, enrollment.EnrolledBy, enrollment.DueAt,
            EnrollmentRules.IsOverdue(enrollment.CompletedAt, enrollment.DueAt, now), enrollment.CompletedAt, enrollment.Requirement, evaluation,
            expiresAt, certification, [.. S.History.Select(h => new EarlierEnrollment(h.Version, h.EnrolledAt, h.DueAt, h.CompletedAt))]);
    }

    private void Record(string kind, DateTimeOffset at, string actor, string details = "{}") =>
        S.Outbox.Add(new LearningEvent(Guid.NewGuid(), at, kind, actor, Key.UserId, Key.PackageId, S.Current?.Version, Details: details));

    private static HashSet<string> CoursesIn(RequirementNode root) =>
        root.CourseIds().ToHashSet(StringComparer.Ordinal);

    private Task WriteAsync() => _writes!.WriteAsync();
}
