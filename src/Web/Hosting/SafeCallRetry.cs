using System.Collections.Concurrent;
using System.Reflection;
using CoursePortal.Grains.Abstractions.Common;
using Orleans.Concurrency;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// Sends a grain call again when that cannot do anything twice. A call the cluster rejected without running it (a
/// silo shutting down or just killed, an activation that moved) is sent again after a short pause, up to five times:
/// the pauses together (3.1 s) outlast the time the cluster takes to declare a killed silo dead (about three probe
/// periods, see OrleansSettings.ProbeTimeout), after which its grains activate elsewhere. A call that got no answer
/// within the response timeout may have run (its silo died after receiving it): only a read
/// (<see cref="ReadOnlyAttribute"/>) or a call its grain makes idempotent (<see cref="IdempotentAttribute"/>) is sent
/// once more; any other failure reaches the caller as it is. The attempts are few and spaced so that an outage does not
/// turn into a storm of retries. In a co-hosted web (Orleans:CoHosted) the filter sits on a silo and also sees its grains'
/// calls: those pass untouched, as on every other silo, because a pause inside a grain's turn would hold the grain.
/// </summary>
public sealed class SafeCallRetry : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan[] Pauses = [.. new[] { 100, 200, 400, 800, 1600 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    private static readonly ConcurrentDictionary<MethodInfo, bool> SafeToResend = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.SourceContext is not null)
        {
            await context.Invoke();
            return;
        }

        var resendAfterTimeout = IsSafeToResend(context.InterfaceMethod);
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
            catch (TimeoutException) when (resendAfterTimeout)
            {
                // Once: a second timeout means the cluster is slow, not that a silo died under this call.
                resendAfterTimeout = false;
            }
        }
    }

    /// <summary>Whether a call of <paramref name="method"/> may be sent again after an unknown outcome.</summary>
    public static bool IsSafeToResend(MethodInfo? method) => method is not null && SafeToResend.GetOrAdd(method,
        m => m.IsDefined(typeof(ReadOnlyAttribute), inherit: false) || m.IsDefined(typeof(IdempotentAttribute), inherit: false));
}
