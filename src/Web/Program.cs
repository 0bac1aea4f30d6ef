using CoursePortal.Hosting;
using CoursePortal.Web.Hosting;

return await StartupGuard.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddCoursePortalOrleans();
    builder.AddCoursePortalWeb();

    var app = builder.Build();
    app.UseCoursePortalWeb();
    await app.RunAsync();
    return 0;
});

/// <summary>The web host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
