using CoursePortal.Hosting;
using CoursePortal.Grains.Database;
using CoursePortal.Silo.Hosting;

namespace CoursePortal.Silo;

// Named and internal: the integration tests reference this project and the web, whose `Program` is global.
internal static class Program
{
    public static Task<int> Main(string[] args) => StartupGuard.RunAsync(async () =>
    {
        if (args is [MigrateCommand.Name, ..])
        {
            return await MigrateCommand.RunAsync(args, Console.Out);
        }

        if (args is [RebuildReportsCommand.Name, ..])
        {
            return await RebuildReportsCommand.RunAsync(args, Console.Out);
        }

        var builder = WebApplication.CreateBuilder(args);
        builder.AddCoursePortalSilo();
        builder.AddSiloHealthEndpoint();

        var app = builder.Build();
        await app.Services.PrepareDatabaseAsync();
        app.MapCoursePortalHealth();
        await app.RunAsync();
        return 0;
    });
}
