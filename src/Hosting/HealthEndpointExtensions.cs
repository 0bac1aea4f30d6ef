using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CoursePortal.Hosting;

/// <summary>The two probes every CoursePortal process serves, silo and web alike.</summary>
public static class HealthEndpointExtensions
{
    /// <summary>Checks tagged with this take part in /health/ready.</summary>
    public const string ReadyTag = "ready";

    /// <summary>/health/live answers while the process runs; /health/ready runs the "ready" checks.</summary>
    public static RouteGroupBuilder MapCoursePortalHealth(this IEndpointRouteBuilder endpoints)
    {
        var health = endpoints.MapGroup("/health");
        health.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        health.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return health;
    }

    public static IHealthChecksBuilder AddDatabaseReadiness(this IHealthChecksBuilder checks) =>
        checks.AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
}
