using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Tests.Integrity;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>One set of status words for a package enrollment: My learning, the home page, the package page, the player,
/// <c>/v1/me/enrollments</c>, the enrollments list and the package report all say the same of the same learners.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class StatusWordsAgreementTests(LocalModeFactory factory)
{
    [Fact]
    public async Task EveryViewOfALearnersEnrollmentSaysTheSameStatus()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (first, second) = (await LearnerSetup.PublishedCourseAsync(admin, "Agreed first"), await LearnerSetup.PublishedCourseAsync(admin, "Agreed second"));
        var package = await LearnerSetup.PublishedPackageAsync(admin, "Agreement", new { set = "all", items = new[] { new { course = first }, new { course = second } } });
        var learners = new Dictionary<EnrollmentStatus, (HttpClient Client, string UserId)>();
        foreach (var status in Enum.GetValues<EnrollmentStatus>())
        {
            learners[status] = await Learners.NewAsync(factory, admin);
            (await learners[status].Client.PostAsJsonAsync(Learners.Uri($"/v1/packages/{package}/enrollments"), new { })).EnsureSuccessStatusCode();
        }

        await LearnerSetup.CompleteAsync(learners[EnrollmentStatus.InProgress].Client, first);
        await LearnerSetup.CompleteAsync(learners[EnrollmentStatus.Completed].Client, first);
        await LearnerSetup.CompleteAsync(learners[EnrollmentStatus.Completed].Client, second);
        // The report reads the audit trail, which trails the grains by about a second.
        JsonElement report = default;
        await LearnerSetup.EventuallyAsync(async () =>
            (report = (await admin.GetFromJsonAsync<JsonElement>(Learners.Uri($"/v1/reports/packages/{package}")))[0]).GetProperty("completed").GetInt32() == 1
            && report.GetProperty("inProgress").GetInt32() == 1, "the report");
        var list = (await admin.GetFromJsonAsync<JsonElement>(Learners.Uri($"/v1/packages/{package}/enrollments"))).EnumerateArray()
            .ToDictionary(e => e.GetProperty("userId").GetString()!, e => e.GetProperty("status").GetString()!);

        foreach (var (expected, (client, userId)) in learners)
        {
            var label = EnrollmentStatusWords.Label(expected);
            var mine = (await client.GetFromJsonAsync<JsonElement>(Learners.Uri("/v1/me/enrollments"))).GetProperty("packages").EnumerateArray()
                .Single(p => p.GetProperty("packageId").GetString() == package);
            var seen = new Dictionary<string, string>
            {
                ["My learning"] = (await client.GetDocumentAsync("/Learn/MyLearning")).QuerySelector($".enrollment[data-package-id={package}] .status")!.TextContent,
                ["home"] = (await client.GetDocumentAsync("/")).QuerySelector($".home-package[data-package-id={package}] .status")?.TextContent ?? (expected == EnrollmentStatus.Completed ? label : "missing"),
                ["package page"] = (await client.GetDocumentAsync($"/Learn/Package/{package}")).QuerySelector("#enrollment .status")!.TextContent,
                ["player"] = (await client.GetDocumentAsync($"/Learn/Player/{first}")).QuerySelector($"#counts-for [data-package-id={package}] .status")?.TextContent ?? "not started, no player",
                ["/v1/me/enrollments"] = Words(mine.GetProperty("status").GetString()),
                ["enrollments list"] = Words(list[userId]),
            };
            if (expected == EnrollmentStatus.NotStarted)
            {
                seen["player"] = label;
            }

            Assert.All(seen, view => Assert.True(view.Value == label, $"{view.Key} says '{view.Value}' of a learner who is '{label}'"));
        }

        Assert.Equal((1, 1, 1), (report.GetProperty("notStarted").GetInt32(), report.GetProperty("inProgress").GetInt32(), report.GetProperty("completed").GetInt32()));
    }

    private static string Words(string? token) => EnrollmentStatusWords.TryParse(token, out var status) ? EnrollmentStatusWords.Label(status) : $"unknown token '{token}'";
}
