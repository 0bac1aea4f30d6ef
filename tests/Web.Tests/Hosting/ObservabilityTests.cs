using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Web.Tests.Hosting;

[Collection(LocalModeCollection.Name)]
public sealed class ObservabilityTests(LocalModeFactory factory)
{
    [Theory]
    [InlineData("", "/Account/SignIn")]
    [InlineData("learner@demo.local", "/Account/Denied")]
    [InlineData("author@demo.local", "/Account/Denied")]
    [InlineData("approver@demo.local", "/Account/Denied")]
    public async Task TheDashboardIsRefusedToEveryoneButAdmins(string email, string refusal)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (email.Length > 0)
        {
            await client.SignInThroughApiAsync(email);
        }

        using var page = await client.GetAsync(new Uri("/admin/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains(refusal, page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminSeesTheClusterInTheDashboard()
    {
        var admin = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await admin.SignInThroughApiAsync("admin@demo.local");

        using var page = await admin.GetAsync(new Uri("/admin/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithAnOtlpEndpointTracesMetricsAndLogsReachTheCollector()
    {
        await using var collector = new OtlpReceiver();
        await using var exporting = new ExportingFactory(collector.Endpoint);
        var learner = exporting.CreateClient();
        await learner.SignInThroughApiAsync("learner@demo.local");

        (await learner.PostAsync(new Uri("/v1/courses/phishing-awareness/start", UriKind.Relative), JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await learner.PostAsJsonAsync(new Uri("/v1/courses/phishing-awareness/progress/complete", UriKind.Relative), new { lessonId = "what-is-phishing" }))
            .EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(collector.Bodies("/v1/metrics").Any(b => b.Contains("courseportal.lessons.completed", StringComparison.Ordinal))
            && collector.Bodies("/v1/traces").Any(b => b.Contains("/v1/courses/{id}/progress/complete", StringComparison.Ordinal))
            && collector.Bodies("/v1/logs").Any()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within 30 s: metrics {collector.Bodies("/v1/metrics").Count()}, traces {collector.Bodies("/v1/traces").Count()}, logs {collector.Bodies("/v1/logs").Count()} requests");
            await Task.Delay(200);
        }

        Assert.Contains(collector.Bodies("/v1/traces"), b => b.Contains("courseportal-web", StringComparison.Ordinal));
        Assert.Contains(collector.Bodies("/v1/traces"), b => b.Contains("ICourseEnrollmentGrain", StringComparison.Ordinal));
    }

    private sealed class ExportingFactory(string endpoint) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            LocalModeFactory.UseLocalMode(builder);
            builder.UseSetting("Telemetry:OtlpEndpoint", endpoint);
            builder.UseSetting("Telemetry:OtlpProtocol", "http/protobuf");
            builder.UseSetting("Telemetry:MetricExportIntervalSeconds", "0.5");
        }
    }
}
