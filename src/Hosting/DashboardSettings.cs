using Orleans.Dashboard;

namespace CoursePortal.Hosting;

/// <summary>
/// What the Orleans dashboard may show. Its counters, silos and grain statistics are for admins; two of its views are
/// not, because they show what the portal keeps secret: the live log stream ("Trace": every log line of the silo, which
/// in local mode includes the demo password) and the grain-state browser ("GrainState": calls a grain's parameterless
/// getters and prints the results, which for other grains or later methods could be password hashes or session data).
/// The first is switched off in the options of every silo and client, and both routes are refused where the web maps
/// the dashboard, so neither depends on the other.
/// </summary>
public static class DashboardSettings
{
    /// <summary>The dashboard's routes that answer 403 to everyone.</summary>
    public static IReadOnlyList<string> HiddenRoutes { get; } = ["/Trace", "/GrainState"];

    public static void Configure(DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.HideTrace = true;
    }

    /// <summary>An endpoint filter for the dashboard's route group: 403 for <see cref="HiddenRoutes"/>.</summary>
    public static ValueTask<object?> RefuseHiddenViewsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var route = (context.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        return route is not null && HiddenRoutes.Any(hidden => route.EndsWith(hidden, StringComparison.OrdinalIgnoreCase))
            ? ValueTask.FromResult<object?>(Results.StatusCode(StatusCodes.Status403Forbidden))
            : next(context);
    }
}
