using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Web.Hosting;

/// <summary>Local mode only: says loudly that nothing is durable and puts a little demo data in place.
/// Registered after the co-hosted silo, so it runs once the silo is up.</summary>
public sealed partial class LocalModeSeeder(IGrainFactory grains, ILogger<LocalModeSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogLocalMode(logger, PortalMode.LocalModeNotice);
        var catalog = grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog);
        foreach (var course in DemoData.Courses)
        {
            await catalog.UpsertCourseAsync(course);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "CoursePortal is running in {Notice}; set ConnectionStrings:CoursePortal to use PostgreSQL")]
    private static partial void LogLocalMode(ILogger logger, string notice);
}
