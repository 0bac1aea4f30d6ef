namespace CoursePortal.Web.Hosting;

/// <summary>
/// Orleans:ResponseTimeout for a co-hosted web's own calls. A silo has one response timeout for every call it sends,
/// its grains' calls included (InsideRuntimeClient takes it from SiloMessagingOptions), and the silos of the cluster
/// keep Orleans' 30 s for grain-to-grain work; so rather than shortening that on this one silo, the calls a request makes
/// (from outside any grain) stop waiting after the client mode's timeout and fail with the same
/// <see cref="TimeoutException"/>. As with a client's timeout, the call may still run: <see cref="SafeCallRetry"/> sends
/// it again only when that is safe.
/// </summary>
public sealed class RequestCallDeadline(TimeSpan responseTimeout) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.SourceContext is not null)
        {
            await context.Invoke();
            return;
        }

        var call = context.Invoke();
        try
        {
            await call.WaitAsync(responseTimeout);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            // The abandoned call ends later, answered or timed out by the silo; observe it so its fault is not reported
            // as unobserved.
            _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new TimeoutException($"{context.InterfaceMethod?.Name} on {context.TargetId} did not answer within {responseTimeout.TotalSeconds:0.###} s.");
        }
    }
}
