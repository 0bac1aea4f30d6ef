using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Integration.Tests.Infrastructure;
using CoursePortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoursePortal.Integration.Tests;

/// <summary>
/// Two web processes on one PostgreSQL-backed cluster, each trusting what it found for a token for ten minutes: a token
/// revoked through one is refused by the other as soon as the registry's message arrives, not when its cache ages out.
/// </summary>
public sealed class ApiTokenRevocationAcrossWebsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly Dictionary<string, string> TrustForTenMinutes = new() { ["Security:TokenCacheSeconds"] = "600" };

    [Fact]
    public async Task ATokenRevokedThroughOneWebIsRefusedByAnotherThatHadItCached()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId) = ($"cluster-{id}", $"service-{id}");
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId);
        await using var revoking = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId, TrustForTenMinutes);
        await using var other = new ClientModeWebFactory(database.ConnectionString, clusterId, serviceId, TrustForTenMinutes);
        var admin = await revoking.SignedInClientAsync();
        using var created = await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { name = "HR sync", role = "Contributor" });
        var token = await created.Content.ReadFromJsonAsync<JsonElement>();
        var integration = other.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        // The other web finds the token live and keeps that for ten minutes; having looked a token up, it subscribes to revokes.
        using var allowed = await integration.GetAsync(new Uri("/v1/courses", UriKind.Relative));
        await other.Services.GetServices<IHostedService>().OfType<ApiTokenRevocationListener>().Single().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        using var revoked = await admin.DeleteAsync(new Uri($"/v1/tokens/{token.GetProperty("id").GetString()}", UriKind.Relative));
        var (refused, _) = await Eventually.SucceedsAsync(async () =>
        {
            using var attempt = await integration.GetAsync(new Uri("/v1/courses", UriKind.Relative));
            return attempt.StatusCode == HttpStatusCode.Unauthorized
                ? (await attempt.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()
                : throw new InvalidOperationException($"still {attempt.StatusCode}");
        }, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("token_revoked", refused);
    }
}
