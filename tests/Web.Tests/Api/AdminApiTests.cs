using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Api;

[Collection(LocalModeCollection.Name)]
public sealed class AdminApiTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AnAdminCreatesUsersChangesRolesAndReadsTranscriptsAndReports()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");
        var email = $"new-{Guid.NewGuid():N}@example.com";

        var created = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email, firstName = "Nia", lastName = "New", password = "Long-enough-pass-1", roles = new[] { "learner" } });
        var weak = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email = "x" + email, firstName = "W", lastName = "P", password = "short", roles = new[] { "learner" } });
        var badRole = await admin.PostAsJsonAsync(Uri("/v1/users"), new { email = "y" + email, firstName = "B", lastName = "R", roles = new[] { "overlord" } });
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString();
        var promoted = await admin.PutAsJsonAsync(Uri($"/v1/users/{userId}/roles"), new { roles = new[] { "Contributor" } });
        var newUser = factory.CreateClient();
        await newUser.SignInThroughApiAsync(email, "Long-enough-pass-1");
        var own = await newUser.GetAsync(Uri($"/v1/users/{userId}/transcript"));
        var others = await newUser.GetAsync(Uri($"/v1/users/{(await (await admin.GetAsync(Uri("/v1/me"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()}/transcript"));
        var csvRequest = new HttpRequestMessage(HttpMethod.Get, Uri($"/v1/reports/packages/{DemoData.PackageId}"));
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await admin.SendAsync(csvRequest);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (weak.StatusCode, badRole.StatusCode));
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (own.StatusCode, others.StatusCode));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("version,enrolled,notStarted,inProgress,completed,overdue,completionRate", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);
}
