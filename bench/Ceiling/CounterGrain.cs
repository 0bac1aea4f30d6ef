namespace CoursePortal.Ceiling;

/// <summary>A counter: the smallest grain that reads its state and writes it to storage.</summary>
[Alias("ceiling.counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("read")]
    [Orleans.Concurrency.ReadOnly]
    Task<int> ReadAsync();

    [Alias("increment")]
    Task<int> IncrementAsync();
}

[GenerateSerializer]
[Alias("ceiling.counter-state")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter", "ceiling")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public Task<int> ReadAsync() => Task.FromResult(state.State.Value);

    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }
}
