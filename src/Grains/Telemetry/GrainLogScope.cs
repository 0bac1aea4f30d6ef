using System.Collections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Telemetry;

/// <summary>
/// The grain a log line was written in, as a logging scope: <c>GrainId</c> (e.g. <c>course-enrollment/ada/safety-101</c>)
/// and <c>GrainMethod</c>. Structured sinks (JSON console, OpenTelemetry) carry both as fields, so a warning from
/// a learner's enrollment can be found by its key.
/// </summary>
public sealed class GrainLogScope(GrainId grainId, string operation) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("GrainId", grainId.ToString()),
        1 => new("GrainMethod", operation),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{grainId} {operation}";
}

/// <summary>Opens a <see cref="GrainLogScope"/> around every incoming grain call.</summary>
public sealed class GrainLogScopeFilter(ILoggerFactory loggers) : IIncomingGrainCallFilter
{
    private readonly ILogger _logger = loggers.CreateLogger("CoursePortal.Grains");

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using (_logger.BeginScope(new GrainLogScope(context.TargetId, context.MethodName)))
        {
            await context.Invoke();
        }
    }
}

public static class GrainTimers
{
    /// <summary>Registers a grain timer whose every tick runs inside a <see cref="GrainLogScope"/>: a tick is no grain
    /// call, so the call filter's scope is not around it.</summary>
    public static IGrainTimer RegisterScopedTimer(this Grain grain, string operation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var logger = grain.GrainContext.ActivationServices.GetRequiredService<ILoggerFactory>().CreateLogger("CoursePortal.Grains");
        var grainId = grain.GetGrainId();
        return grain.RegisterGrainTimer(
            async cancellationToken =>
            {
                using (logger.BeginScope(new GrainLogScope(grainId, operation)))
                {
                    await callback(cancellationToken);
                }
            },
            options);
    }
}
