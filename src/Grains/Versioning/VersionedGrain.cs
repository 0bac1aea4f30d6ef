using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Learning;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Versioning;

/// <summary>
/// The wiring every versioned grain (course, package) shares: its subject from its key, and activation, deactivation,
/// the activation reminder and each change handed to <see cref="VersionedGrainCore{TState, TContent}"/>. The grain adds
/// its own rules and says how its catalog entry is pushed.
/// </summary>
public abstract class VersionedGrain<TState, TContent>(
    IPersistentState<TState> state,
    string kind,
    string keyPrefix,
    TimeProvider clock,
    ILearningEventSink sink,
    ILogger logger) : Grain, IRemindable
    where TState : IVersionedState<TContent>
    where TContent : class
{
    private VersionedGrainCore<TState, TContent> _core = null!;

    protected Subject Subject => new(kind, GrainKeys.Strip(this.GetPrimaryKeyString(), keyPrefix));

    /// <summary>The grain's stored state (read it; change it only through <see cref="ChangeAsync{T}"/>).</summary>
    protected TState Stored => state.State;

    protected VersionLog<TContent> Versions => state.State.Versions;

    protected DateTimeOffset Now => clock.GetUtcNow();

    protected VersionedGrainCore<TState, TContent> Core => _core;

    protected ILogger Logger => logger;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _core = new(this, state, Subject, clock, sink, logger, PushCatalogAsync);
        return _core.ActivateAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _core.DeactivateAsync(cancellationToken);

    public Task ReceiveReminder(string reminderName, TickStatus status) => _core.ReceiveReminderAsync(reminderName);

    /// <summary>Brings the catalog's summary of this subject up to date with <paramref name="versions"/>.</summary>
    protected abstract Task PushCatalogAsync(VersionLog<TContent> versions);

    protected Task<T> ChangeAsync<T>(Func<TState, T> change) => _core.ChangeAsync(change);
}
