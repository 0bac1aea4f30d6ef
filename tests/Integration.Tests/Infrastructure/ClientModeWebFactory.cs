using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>The web as a pure Orleans client of a PostgreSQL-backed cluster, as in production.</summary>
public sealed class ClientModeWebFactory(
    string connectionString, string clusterId, string serviceId, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "first.admin@example.com";
    public const string AdminPassword = "Bootstrap-Admin-1";

    /// <summary>A client signed in as the bootstrap administrator.</summary>
    public async Task<HttpClient> SignedInClientAsync()
    {
        var client = CreateClient();
        using var response = await client.PostAsync(new Uri("/v1/session", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { email = AdminEmail, password = AdminPassword }));
        response.EnsureSuccessStatusCode();
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CoursePortal", connectionString);
        builder.UseSetting("Orleans:ClusterId", clusterId);
        builder.UseSetting("Orleans:ServiceId", serviceId);
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}
