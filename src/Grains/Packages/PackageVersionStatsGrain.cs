using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Grains.Packages;

[GenerateSerializer]
[Alias("courseportal.package-version-stats-state")]
public sealed class PackageVersionStatsState
{
    [Id(0)]
    public int Enrolled { get; set; }

    [Id(1)]
    public int Completed { get; set; }
}

/// <summary>
/// Counts for one package version. Increments arrive one-way and are written in batches (at most every
/// few seconds, and on deactivation), so a burst of enrollments costs a handful of writes. These are
/// display figures: a silo lost between batches loses the last few increments; the audited numbers come
/// from the learning_events table.
/// </summary>
public sealed class PackageVersionStatsGrain(
    [PersistentState(StorageNames.PackageVersionStatsState, StorageNames.Grains)] IPersistentState<PackageVersionStatsState> state)
    : Grain, IPackageVersionStatsGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushInterval, FlushInterval));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    public Task RecordEnrollmentAsync()
    {
        state.State.Enrolled++;
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task RecordCompletionAsync()
    {
        state.State.Completed++;
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<PackageVersionCounts> GetAsync() => Task.FromResult(new PackageVersionCounts(state.State.Enrolled, state.State.Completed));

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }
}
