using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Hosting;

/// <summary>Local mode only: says loudly that nothing is durable, publishes the demo courses through the course grains, as
/// an author would, and plays the demo company's last 90 days (<see cref="DemoHistory"/>; <c>LocalMode:DemoHistory=false</c>
/// leaves it out). Registered after the co-hosted silo, so it runs once the silo is up, and before the web serves.</summary>
public sealed partial class LocalModeSeeder(IGrainFactory grains, ILogger<LocalModeSeeder> logger, DemoHistory? history = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogLocalMode(logger, PortalMode.LocalModeNotice);
        foreach (var (id, content) in DemoData.Courses)
        {
            var course = grains.GetGrain<ICourseGrain>(GrainKeys.Course(id));
            if (await course.GetActiveAsync() is null)
            {
                await course.ImportAsync(content, DemoData.Author);
                await course.PublishAsync(new PublishRequest("Demo content"), DemoData.Author);
            }
        }

        var package = grains.GetGrain<IPackageGrain>(GrainKeys.Package(DemoData.PackageId));
        if (await package.GetActiveAsync() is null)
        {
            await package.CreateAsync(DemoData.Package, DemoData.Author);
            await package.PublishAsync(new PublishRequest("Demo content"), DemoData.Author);
        }

        if (history is not null)
        {
            await history.PlayAsync(cancellationToken);
        }
    }

    public const string DemoHistoryKey = "LocalMode:DemoHistory";

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "CoursePortal is running in {Notice}; set ConnectionStrings:CoursePortal to use PostgreSQL")]
    private static partial void LogLocalMode(ILogger logger, string notice);
}
