using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CoursePortal.Silo.Health;

/// <summary>The two probes every CoursePortal process serves, silo and web alike.</summary>
public static class HealthEndpointExtensions
{
    /// <summary>Checks tagged with this take part in /health/ready.</summary>
    public const string ReadyTag = "ready";

    /// <summary>/health/live answers while the process runs; /health/ready runs the "ready" checks.</summary>
    public static IEndpointRouteBuilder MapCoursePortalHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return endpoints;
    }

    public static IHealthChecksBuilder AddDatabaseReadiness(this IHealthChecksBuilder checks) =>
        checks.AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
}
