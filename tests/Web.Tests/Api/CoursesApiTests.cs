using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Api;

[Collection(LocalModeCollection.Name)]
public sealed class CoursesApiTests(LocalModeFactory factory)
{
    [Fact]
    public async Task ListingCoursesReturnsTheCatalogInTheContractsShape()
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync("learner@demo.local");
        using var response = await client.GetAsync(new Uri("/v1/courses", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var courses = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Superset(DemoData.Courses.Select(c => c.Id).ToHashSet(), courses.EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToHashSet());
        var first = courses[0];
        foreach (var field in new[] { "id", "title", "description", "tags", "productSuite", "productConcept", "estimatedDurationMinutes", "activeVersion" })
        {
            Assert.True(first.TryGetProperty(field, out _), $"missing {field}");
        }
    }

    [Fact]
    public async Task TheDemoCoursesArePublishedThroughTheCourseGrainsWithDurationsFromTheirLessons()
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync("learner@demo.local");
        var courses = await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/courses?q=phishing", UriKind.Relative));

        var phishing = Assert.Single(courses.EnumerateArray());
        Assert.Equal(("phishing-awareness", 1, 25), (phishing.GetProperty("id").GetString(), phishing.GetProperty("activeVersion").GetInt32(),
            phishing.GetProperty("estimatedDurationMinutes").GetInt32()));
    }

    [Theory]
    [InlineData("?tag=security", new[] { "password-security", "phishing-awareness" })]
    [InlineData("?suite=privacy", new[] { "gdpr-overview" })]
    [InlineData("?concept=Identity", new[] { "password-security" })]
    [InlineData("?q=phish", new[] { "phishing-awareness" })]
    [InlineData("?q=nothing-like-this", new string[0])]
    public async Task FiltersNarrowTheList(string query, string[] expectedIds)
    {
        var client = factory.CreateClient();
        await client.SignInThroughApiAsync("learner@demo.local");
        var courses = await client.GetFromJsonAsync<JsonElement>(new Uri($"/v1/courses{query}", UriKind.Relative));

        Assert.Equal(expectedIds, courses.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpointsAnswerWhileTheClusterDoes(string path)
    {
        using var response = await factory.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
