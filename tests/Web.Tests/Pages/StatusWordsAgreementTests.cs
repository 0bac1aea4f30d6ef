using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Tests.Integrity;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>One set of status words for a package enrollment, from one rule: My learning, the home page, the package
/// page, the player, <c>/v1/me/enrollments</c>, the enrollments list, its CSV and the admin's enrollments page, and the
/// package report all say the same of the same learners, in each case where they used to disagree (credit carried in, a course started and nothing completed
/// yet, a course taken outside the package).</summary>
[Collection(LocalModeCollection.Name)]
public sealed class StatusWordsAgreementTests(LocalModeFactory factory)
{
    [Fact]
    public async Task EveryViewOfALearnersEnrollmentSaysTheSameStatus()
    {
        using var admin = await Learners.AdminAsync(factory);
        var (first, second, optional, outside) = (await LearnerSetup.PublishedCourseAsync(admin, "Agreed first"), await LearnerSetup.PublishedCourseAsync(admin, "Agreed second"),
            await LearnerSetup.PublishedCourseAsync(admin, "Agreed optional"), await LearnerSetup.PublishedCourseAsync(admin, "Not in the package"));
        var package = await LearnerSetup.PublishedPackageAsync(admin, "Agreement", new
        {
            set = "all",
            items = new object[] { new { course = first }, new { course = second }, new { course = optional, required = false } },
        });
        // Each learner: what they did before enrolling, after enrolling, the status every view must show, and a course of
        // theirs to open in the player (none: they have none in the package).
        var cases = new (string Name, string[] Before, Func<HttpClient, Task> After, EnrollmentStatus Expected, string? Player)[]
        {
            ("enrolled only", [], _ => Task.CompletedTask, EnrollmentStatus.NotStarted, null),
            ("took a course outside it", [], c => StartAsync(c, outside), EnrollmentStatus.NotStarted, null),
            ("started a course of it", [], c => StartAsync(c, first), EnrollmentStatus.InProgress, first),
            ("had credit for its optional course", [optional], _ => Task.CompletedTask, EnrollmentStatus.InProgress, optional),
            ("completed a required course", [], c => LearnerSetup.CompleteAsync(c, first), EnrollmentStatus.InProgress, first),
            ("completed it", [], async c => { await LearnerSetup.CompleteAsync(c, first); await LearnerSetup.CompleteAsync(c, second); }, EnrollmentStatus.Completed, first),
        };
        var learners = new List<(string Name, HttpClient Client, string UserId, EnrollmentStatus Expected, string? Player)>();
        foreach (var (name, before, after, expected, player) in cases)
        {
            var (client, userId) = await Learners.NewAsync(factory, admin);
            foreach (var course in before)
            {
                await LearnerSetup.CompleteAsync(client, course);
            }

            (await client.PostAsJsonAsync(Learners.Uri($"/v1/packages/{package}/enrollments"), new { })).EnsureSuccessStatusCode();
            await after(client);
            learners.Add((name, client, userId, expected, player));
        }

        // The report reads the audit trail, which trails the grains by about a second; the package hears of starts and
        // completions a moment after them too.
        var expectedCounts = (cases.Count(c => c.Expected == EnrollmentStatus.NotStarted), cases.Count(c => c.Expected == EnrollmentStatus.InProgress),
            cases.Count(c => c.Expected == EnrollmentStatus.Completed));
        JsonElement report = default;
        await LearnerSetup.EventuallyAsync(async () =>
        {
            report = (await admin.GetFromJsonAsync<JsonElement>(Learners.Uri($"/v1/reports/packages/{package}")))[0];
            return (report.GetProperty("notStarted").GetInt32(), report.GetProperty("inProgress").GetInt32(), report.GetProperty("completed").GetInt32()) == expectedCounts;
        }, "the report's counts");
        var list = (await admin.GetFromJsonAsync<JsonElement>(Learners.Uri($"/v1/packages/{package}/enrollments"))).EnumerateArray()
            .ToDictionary(e => e.GetProperty("userId").GetString()!, e => e.GetProperty("status").GetString()!);
        var csv = (await admin.GetStringAsync(Learners.Uri($"/v1/packages/{package}/enrollments?format=csv")))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(line => line.Split(','))
            .ToDictionary(fields => fields[0], fields => fields[2]);
        var adminPage = await admin.GetDocumentAsync($"/Admin/Enrollments?packageId={package}");

        foreach (var (name, client, userId, expected, player) in learners)
        {
            var label = EnrollmentStatusWords.Label(expected);
            var mine = (await client.GetFromJsonAsync<JsonElement>(Learners.Uri("/v1/me/enrollments"))).GetProperty("packages").EnumerateArray()
                .Single(p => p.GetProperty("packageId").GetString() == package);
            var home = (await client.GetDocumentAsync("/")).QuerySelector($".home-package[data-package-id={package}] .status")?.TextContent;
            var seen = new Dictionary<string, string?>
            {
                ["My learning"] = (await client.GetDocumentAsync("/Learn/MyLearning")).QuerySelector($".enrollment[data-package-id={package}] .status")?.TextContent,
                // A completed package leaves the to-do list of the home page.
                ["home"] = expected == EnrollmentStatus.Completed && home is null ? label : home,
                ["package page"] = (await client.GetDocumentAsync($"/Learn/Package/{package}")).QuerySelector("#enrollment .status")?.TextContent,
                ["player"] = player is null ? label
                    : (await client.GetDocumentAsync($"/Learn/Player/{player}")).QuerySelector($"#counts-for [data-package-id={package}] .status")?.TextContent,
                ["/v1/me/enrollments"] = Words(mine.GetProperty("status").GetString()),
                ["enrollments list"] = Words(list[userId]),
                ["enrollments CSV"] = Words(csv.GetValueOrDefault(userId)),
                ["admin enrollments page"] = adminPage.QuerySelector($"#enrollments tr[data-user-id='{userId}'] .status")?.TextContent,
            };

            Assert.All(seen, view => Assert.True(view.Value == label, $"{view.Key} says '{view.Value}' of the learner who {name}, who is '{label}'"));
        }
    }

    private static async Task StartAsync(HttpClient learner, string courseId) =>
        (await learner.PostAsJsonAsync(Learners.Uri($"/v1/courses/{courseId}/start"), new { })).EnsureSuccessStatusCode();

    private static string Words(string? token) => EnrollmentStatusWords.TryParse(token, out var status) ? EnrollmentStatusWords.Label(status) : $"unknown token '{token}'";
}
