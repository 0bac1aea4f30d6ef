namespace CoursePortal.Web.Hosting;

/// <summary>
/// Sends a grain call again, twice at most and after a short pause, when the cluster rejected it without running it:
/// a silo shutting down (a rolling restart) or an activation that moved. A rejected call did not run, so sending it
/// again cannot do anything twice; any other failure, where the call may have run, reaches the caller as it is. The
/// attempts are few and spaced so that an outage does not turn into a storm of retries.
/// </summary>
public sealed class RejectedCallRetry : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (OrleansMessageRejectionException) when (attempt < Pauses.Length)
            {
                await Task.Delay(Pauses[attempt]);
            }
        }
    }
}
