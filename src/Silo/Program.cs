using CoursePortal.Silo.Database;
using CoursePortal.Silo.Health;
using CoursePortal.Silo.Hosting;

return await StartupGuard.RunAsync(async () =>
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
