using System.Collections.Concurrent;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;

namespace CoursePortal.Grains.Tests;

/// <summary>Holds a batch job between its batches: a paused package's second and later pages of learners wait
/// until the test releases them, so a test can change the world at a known point of a move.</summary>
public sealed class BatchPauses
{
    private readonly ConcurrentDictionary<string, Pause> _pauses = new(StringComparer.Ordinal);

    /// <summary>Pauses the next batch after the first for <paramref name="packageId"/>.</summary>
    public Pause PauseAfterFirstBatch(string packageId) => _pauses.GetOrAdd(packageId, _ => new Pause());

    internal Task WaitAsync(string packageId, string? afterUserId, CancellationToken cancellationToken) =>
        afterUserId is not null && _pauses.TryGetValue(packageId, out var pause) ? pause.HoldAsync(cancellationToken) : Task.CompletedTask;

    public sealed class Pause
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when a batch after the first is waiting.</summary>
        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        internal Task HoldAsync(CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            return _released.Task.WaitAsync(cancellationToken);
        }
    }
}

/// <summary>The in-memory event queries with <see cref="BatchPauses"/> in front of the keyset pages batch jobs read.</summary>
public sealed class PausingEventQueries(InMemoryLearningEventSink inner, BatchPauses pauses) : ILearningEventQueries
{
    public Task<IReadOnlyList<LearningEvent>> UserEventsAsync(string userId, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        inner.UserEventsAsync(userId, until, cancellationToken);

    public Task<IReadOnlyList<LearningEvent>> PackageEventsAsync(string packageId, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        inner.PackageEventsAsync(packageId, until, cancellationToken);

    public async Task<IReadOnlyList<string>> EnrolledUsersAsync(string packageId, int version, string? afterUserId, int limit, CancellationToken cancellationToken = default)
    {
        await pauses.WaitAsync(packageId, afterUserId, cancellationToken);
        return await inner.EnrolledUsersAsync(packageId, version, afterUserId, limit, cancellationToken);
    }

    public Task<IReadOnlyList<LearningEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyList<CourseVersionLearners>> CourseLearnersAsync(string courseId, CancellationToken cancellationToken = default) =>
        inner.CourseLearnersAsync(courseId, cancellationToken);
}
