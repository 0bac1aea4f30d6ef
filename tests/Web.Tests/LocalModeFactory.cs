using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Web.Tests;

/// <summary>The web in local mode (no connection string: a co-hosted in-memory silo with demo data),
/// on ports of its own so several factories can run at once.</summary>
public sealed class LocalModeFactory : WebApplicationFactory<Program>
{
    /// <summary>The demo accounts' password in every test portal (LocalMode:DemoPassword; unset, it would be random).</summary>
    public const string DemoPassword = "CoursePortal-demo-1";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        UseLocalMode(builder);
        // Every test signs in from the same address, and the demo learner writes in many tests at once; each limit has a
        // test of its own.
        builder.UseSetting("Security:SignInAttemptsPerMinute", "10000");
        builder.UseSetting("Security:LearnerWritesPerMinute", "100000");
    }

    /// <summary>Local mode outside Development (it has to be asked for), the known demo password, ports of its own.</summary>
    public static void UseLocalMode(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("ConnectionStrings:CoursePortal", "");
        builder.UseSetting("LocalMode:Enabled", "true");
        builder.UseSetting("LocalMode:DemoPassword", DemoPassword);
        builder.UseSetting("Orleans:SiloPort", FreePort());
        builder.UseSetting("Orleans:GatewayPort", FreePort());
    }

    public static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}

[CollectionDefinition(Name)]
public sealed class LocalModeCollection : ICollectionFixture<LocalModeFactory>
{
    public const string Name = "local mode";
}
