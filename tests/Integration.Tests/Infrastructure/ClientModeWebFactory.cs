using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>The web as a pure Orleans client of a PostgreSQL-backed cluster, as in production.</summary>
public sealed class ClientModeWebFactory(string connectionString, string clusterId, string serviceId) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CoursePortal", connectionString);
        builder.UseSetting("Orleans:ClusterId", clusterId);
        builder.UseSetting("Orleans:ServiceId", serviceId);
    }
}
