using CoursePortal.Grains;

namespace CoursePortal.Integration.Tests.Probes;

[GenerateSerializer]
[Alias("courseportal.tests.probe-state")]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }

    [Id(1)]
    public int Ticks { get; set; }
}

public sealed class ProbeGrain(
    [PersistentState("probe", StorageNames.Grains)] IPersistentState<ProbeState> state,
    ILocalSiloDetails silo) : Grain, IProbeGrain, IRemindable
{
    public const string ReminderName = "tick";

    public async Task SetAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> GetAsync() => Task.FromResult(state.State.Value);

    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToString());

    public async Task StartTickingAsync(TimeSpan dueTime, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public Task<int> GetTicksAsync() => Task.FromResult(state.State.Ticks);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}
