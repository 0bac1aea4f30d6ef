using CoursePortal.Silo.Database;
using CoursePortal.Silo.Health;
using CoursePortal.Silo.Hosting;

namespace CoursePortal.Silo;

// A named, internal entry point: the web references this project for local mode and keeps the global `Program`.
internal static class Program
{
    public static Task<int> Main(string[] args) => StartupGuard.RunAsync(async () =>
    {
        if (args is [MigrateCommand.Name, ..])
        {
            return await MigrateCommand.RunAsync(args, Console.Out);
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
