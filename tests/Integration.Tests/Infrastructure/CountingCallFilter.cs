using System.Collections.Concurrent;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>Counts the calls CoursePortal's grains receive, by interface and method, to measure what one
/// request costs.</summary>
public sealed class CountingCallFilter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public IReadOnlyDictionary<string, int> Calls => _calls;

    public int Total => _calls.Values.Sum();

    public void Reset() => _calls.Clear();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = context.InterfaceMethod?.DeclaringType;
        if (type?.Namespace?.StartsWith("CoursePortal", StringComparison.Ordinal) == true)
        {
            _calls.AddOrUpdate($"{type.Name}.{context.InterfaceMethod!.Name}", 1, (_, n) => n + 1);
        }

        return context.Invoke();
    }
}
