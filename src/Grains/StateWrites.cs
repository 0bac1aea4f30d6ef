namespace CoursePortal.Grains;

public static class StateWrites
{
    /// <summary>
    /// The state write every change ends with. A failed write deactivates the grain, so the next call starts
    /// again from what storage holds instead of from a change that never landed; the caller sees the failure.
    /// </summary>
    public static async Task WriteOrResetAsync<TState>(this IPersistentState<TState> state, Grain grain)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
