using System.Collections.Immutable;
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
/// evaluates its copy of the pinned tree in memory, so a new package version never changes it. It owns the due date and
/// the expiry, and so their notices: every write plans them and its reminder wakes it for the next
/// (<see cref="EnrollmentNoticeKeeper"/>).
/// </summary>
public sealed class PackageEnrollmentGrain(
    [PersistentState(StorageNames.PackageEnrollmentState, StorageNames.Grains)] IPersistentState<PackageEnrollmentState> state,
    ILearningEventSink sink,
    TimeProvider clock,
    PortalMetrics metrics,
    ILogger<PackageEnrollmentGrain> logger) : Grain, IPackageEnrollmentGrain, IRemindable
{
    private OutboxState<PackageEnrollmentState>? _writes;
    private EnrollmentNoticeKeeper? _notices;
    private PackageEnrollmentProgress? _progress;

    private (string UserId, string PackageId) Key => GrainKeys.SplitPair(this.GetPrimaryKeyString(), GrainKeys.PackageEnrollmentPrefix);

    private PackageEnrollmentState Enrollments => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _progress = new PackageEnrollmentProgress(state, metrics, Key.UserId, Key.PackageId);
        _notices = new EnrollmentNoticeKeeper(this, GrainFactory, state, logger, Key.UserId, Key.PackageId);
        _writes = OutboxState.Start(this, state, s => s.Outbox, sink, logger, () => _notices.Pending, _ => _notices.DeliverAsync());
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writes?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task<PackageEnrollmentView> EnrollAsync(string actor, DateTimeOffset? dueAt, ImmutableDictionary<string, CourseCompletion> completions)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (Enrollments.Current is { CompletedAt: null })
        {
            return View(Enrollments.Current);
        }

        var now = clock.GetUtcNow();
        var version = await EnrollableVersionAsync(dueAt, now);
        var enrollment = PackageEnrollmentChanges.Enroll(Enrollments, version, actor, dueAt, completions, now);
        _notices!.StartRound();
        // startedEvent: this enrollment records when it turns in progress (package_started), and the reports go by that.
        _progress!.Record(LearningEventKinds.Enrolled, now, actor, Outbox.Details(new { dueAt, enrolledBy = actor, startedEvent = true }));
        _progress!.StartIfWorkCounts(now);
        CompleteIfSatisfied(now);
        await WriteAsync();
        GrainFactory.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(Key.PackageId, enrollment.Version)).RecordEnrollmentAsync().Ignore();
        return View(Enrollments.Current!);
    }

    public async Task EnsureCanEnrollAsync(DateTimeOffset? dueAt)
    {
        if (Enrollments.Current is not { CompletedAt: null })
        {
            await EnrollableVersionAsync(dueAt, clock.GetUtcNow());
        }
    }

    private Task<ContentVersion<PackageContent>> EnrollableVersionAsync(DateTimeOffset? dueAt, DateTimeOffset now)
    {
        PackageEnrollmentChanges.EnsureDueDateAhead(dueAt, now);
        return GrainFactory.GetGrain<IPackageGrain>(GrainKeys.Package(Key.PackageId)).GetEnrollableVersionAsync(now);
    }

    public async Task OnCourseCompletedAsync(CourseCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (Enrollments.Current is not { } current || !PackageEnrollmentChanges.CoursesIn(current.Requirement).Contains(completion.CourseId)
            || Enrollments.Completions.TryGetValue(completion.CourseId, out var known) && known.CompletedAt >= completion.CompletedAt)
        {
            return;
        }

        Enrollments.Completions[completion.CourseId] = completion;
        var now = clock.GetUtcNow();
        _progress!.StartIfWorkCounts(now);
        CompleteIfSatisfied(now);
        await WriteAsync();
    }

    public async Task OnCourseStartedAsync(string courseId)
    {
        if (Enrollments.Current is { CompletedAt: null, StartedAt: null } current && PackageEnrollmentChanges.CoursesIn(current.Requirement).Contains(courseId))
        {
            _progress!.Start(current, clock.GetUtcNow());
            await WriteAsync();
        }
    }

    public async Task<bool> MoveToVersionAsync(
        int fromVersion, ImmutableArray<EnrollmentStatus> statuses, ContentVersion<PackageContent> target,
        ImmutableDictionary<string, CourseCompletion> completions, string actor)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(completions);
        if (Enrollments.Current is not { CompletedAt: null } current || current.Version != fromVersion || target.Number == fromVersion
            || !statuses.Contains(View(current).Status))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        PackageEnrollmentChanges.MoveTo(Enrollments, current, target, completions);
        _progress!.Record(LearningEventKinds.MovedToVersion, now, actor, Outbox.Details(new { from = fromVersion, to = target.Number }));
        _progress!.StartIfWorkCounts(now);
        CompleteIfSatisfied(now);
        await WriteAsync();
        GrainFactory.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(Key.PackageId, target.Number)).RecordEnrollmentAsync().Ignore();
        return true;
    }

    public async Task<PackageEnrollmentView> ChangeDueDateAsync(string actor, DateTimeOffset? dueAt)
    {
        var current = Enrollments.Current ?? throw NotEnrolled();
        if (PackageEnrollmentChanges.ChangeDueDate(Enrollments, current, dueAt, clock.GetUtcNow()))
        {
            _progress!.Record(LearningEventKinds.DueDateChanged, clock.GetUtcNow(), actor, Outbox.Details(new { dueAt, previousDueAt = current.DueAt }));
            // The write plans the notices from the new date: slots carry their date, so the new date's come fresh.
            await WriteAsync();
        }

        return View(Enrollments.Current!);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EnrollmentNoticeKeeper.ReminderName && await _notices!.PlanAsync(clock.GetUtcNow(), woken: true))
        {
            await _writes!.WriteAsync();
        }

        await _notices!.SettleAsync();
    }

    public Task<PackageEnrollmentView> GetAsync() => Task.FromResult(View(Enrollments.Current ?? throw NotEnrolled()));

    private DomainException NotEnrolled() =>
        new(DomainErrorKind.NotFound, ErrorCodes.NotFound, $"User '{Key.UserId}' is not enrolled in package '{Key.PackageId}'.");

    private void CompleteIfSatisfied(DateTimeOffset now)
    {
        if (_progress!.CompleteIfSatisfied(now) is { } version)
        {
            GrainFactory.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(Key.PackageId, version)).RecordCompletionAsync().Ignore();
        }
    }

    private PackageEnrollmentView View(Enrollment enrollment) => _progress!.View(enrollment, clock.GetUtcNow());

    // Every change re-plans the notices, in the same write: a due date, a completion or a new round moves them.
    private async Task WriteAsync()
    {
        await _notices!.PlanAsync(clock.GetUtcNow());
        await _writes!.WriteAsync();
        await _notices.SettleAsync();
    }
}
