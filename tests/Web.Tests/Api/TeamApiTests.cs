using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Hosting;
using static CoursePortal.Web.Tests.TeamPeople;

namespace CoursePortal.Web.Tests.Api;

/// <summary>Managers through /v1: an admin sets reporting lines (unknown people and cycles refused, changing nothing), a
/// manager reads their team (direct reports, everyone below, filters, search, CSV) with the same standings the admin's
/// enrollments lists give, and assigns packages only to the people below them; each refusal tried as the attack it stops.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class TeamApiTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AnAdminSetsAndClearsAManagerAndUnknownPeopleAreNotFoundAndChangeNothing()
    {
        var admin = await AdminAsync(factory);
        var (manager, report) = (await NewAsync(factory, admin), await NewAsync(factory, admin));

        using var set = await admin.PutAsJsonAsync(Uri($"/v1/users/{report.UserId}/manager"), new { managerId = manager.UserId });
        var line = await set.Content.ReadFromJsonAsync<JsonElement>();
        using var unknownManager = await admin.PutAsJsonAsync(Uri($"/v1/users/{report.UserId}/manager"), new { managerId = "nobody-at-all" });
        using var unknownUser = await admin.PutAsJsonAsync(Uri("/v1/users/nobody-at-all/manager"), new { managerId = manager.UserId });
        using var notAnId = await admin.PutAsJsonAsync(Uri($"/v1/users/{report.UserId}/manager"), new { managerId = "Not An Id" });
        var teamAfterRefusals = await TeamIdsAsync(manager.Client);
        await SetManagerAsync(admin, report.UserId, null);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal((report.UserId, manager.UserId, 0), (line.GetProperty("userId").GetString(), line.GetProperty("managerId").GetString(), line.GetProperty("directReports").GetInt32()));
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { unknownManager.StatusCode, unknownUser.StatusCode, notAnId.StatusCode });
        Assert.Equal("managerId", (await unknownManager.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal([report.UserId], teamAfterRefusals);
        Assert.Empty(await TeamIdsAsync(manager.Client));
    }

    [Fact]
    public async Task MakingSomeoneTheManagerOfTheirOwnManagerOrOfThemselvesIsRefusedAndTheLinesStay()
    {
        var admin = await AdminAsync(factory);
        var (head, lead, member) = (await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, lead.UserId, head.UserId);
        await SetManagerAsync(admin, member.UserId, lead.UserId);

        using var underOwnReport = await admin.PutAsJsonAsync(Uri($"/v1/users/{head.UserId}/manager"), new { managerId = member.UserId });
        using var ownManager = await admin.PutAsJsonAsync(Uri($"/v1/users/{lead.UserId}/manager"), new { managerId = lead.UserId });

        foreach (var refused in new[] { underOwnReport, ownManager })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("manager_cycle", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        Assert.Equal(new[] { lead.UserId, member.UserId }.Order(StringComparer.Ordinal), (await TeamIdsAsync(head.Client, "?scope=all")).Order(StringComparer.Ordinal));
        Assert.Equal([member.UserId], await TeamIdsAsync(lead.Client));
        Assert.Empty(await TeamIdsAsync(member.Client));
    }

    [Fact]
    public async Task OnlyAnAdminSetsAManagerAndAForgedChangeByAnyoneElseChangesNothing()
    {
        var admin = await AdminAsync(factory);
        var (manager, report, intruder) = (await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, report.UserId, manager.UserId);

        // The intruder tries to take the report over, and to become their own manager's boss.
        using var takeOver = await intruder.Client.PutAsJsonAsync(Uri($"/v1/users/{report.UserId}/manager"), new { managerId = intruder.UserId });
        using var byTheManager = await manager.Client.PutAsJsonAsync(Uri($"/v1/users/{intruder.UserId}/manager"), new { managerId = manager.UserId });

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], new[] { takeOver.StatusCode, byTheManager.StatusCode });
        Assert.Equal([report.UserId], await TeamIdsAsync(manager.Client));
        Assert.Empty(await TeamIdsAsync(intruder.Client));
    }

    [Fact]
    public async Task TheTeamShowsEachPersonsPackagesAsTheAdminsEnrollmentListsDo()
    {
        var admin = await AdminAsync(factory);
        var manager = await NewAsync(factory, admin);
        // Ten of the demo company's people, whose 90 days of history hold overdue, completed and expiring enrollments.
        var people = Enumerable.Range(1, 10).Select(i => $"demo-learner-{i:00}").ToList();
        foreach (var person in people)
        {
            await SetManagerAsync(admin, person, manager.UserId);
        }

        var team = await manager.Client.GetFromJsonAsync<JsonElement>(Uri("/v1/me/team?limit=1000"));
        var expected = new Dictionary<string, List<string>>();
        foreach (var package in (await admin.GetFromJsonAsync<JsonElement>(Uri("/v1/packages"))).EnumerateArray().Select(p => p.GetProperty("id").GetString()!))
        {
            foreach (var e in (await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{package}/enrollments"))).EnumerateArray()
                .Where(e => people.Contains(e.GetProperty("userId").GetString()!)))
            {
                var user = e.GetProperty("userId").GetString()!;
                expected.TryAdd(user, []);
                expected[user].Add($"{package} v{e.GetProperty("version")} {e.GetProperty("status").GetString()} overdue={e.GetProperty("overdue")}");
            }
        }

        var members = team.GetProperty("people").EnumerateArray().ToList();
        Assert.Equal(people, members.Select(m => m.GetProperty("userId").GetString()));
        Assert.Equal(10, team.GetProperty("total").GetInt32());
        foreach (var m in members)
        {
            var enrollments = m.GetProperty("enrollments").EnumerateArray().ToList();
            Assert.Equal(expected.GetValueOrDefault(m.GetProperty("userId").GetString()!, []).Order(StringComparer.Ordinal),
                enrollments.Select(e => $"{e.GetProperty("packageId").GetString()} v{e.GetProperty("version")} {e.GetProperty("status").GetString()} overdue={e.GetProperty("overdue")}").Order(StringComparer.Ordinal));
            Assert.Equal(enrollments.Count, m.GetProperty("assigned").GetInt32());
            Assert.Equal(enrollments.Count(e => e.GetProperty("status").GetString() == "notStarted"), m.GetProperty("notStarted").GetInt32());
            Assert.Equal(enrollments.Count(e => e.GetProperty("overdue").GetBoolean()), m.GetProperty("overdue").GetInt32());
            Assert.Equal(enrollments.Count(e => e.GetProperty("expiring").GetBoolean()), m.GetProperty("expiring").GetInt32());
            Assert.All(enrollments.Where(e => e.GetProperty("expiring").GetBoolean()), e =>
                Assert.InRange(e.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(60)));
            Assert.NotNull(m.GetProperty("email").GetString());
        }

        // The demo's history gives these people overdue and expiring enrollments, so the filters have something to find.
        var overdue = members.Where(m => m.GetProperty("overdue").GetInt32() > 0).Select(m => m.GetProperty("userId").GetString()!).ToList();
        var expiring = members.Where(m => m.GetProperty("expiring").GetInt32() > 0).Select(m => m.GetProperty("userId").GetString()!).ToList();
        Assert.NotEmpty(overdue);
        Assert.NotEmpty(expiring);
        Assert.Equal(overdue, await TeamIdsAsync(manager.Client, "?status=overdue"));
        Assert.Equal(expiring, await TeamIdsAsync(manager.Client, "?status=EXPIRING"));
    }

    [Fact]
    public async Task EveryoneBelowComesInPagesAndInTheCsvAndASearchFindsOnlyTheTeam()
    {
        var admin = await AdminAsync(factory);
        var head = await NewAsync(factory, admin);
        var leads = new[] { await NewAsync(factory, admin, "Lead"), await NewAsync(factory, admin, "Lead") };
        var members = new List<Person>();
        foreach (var lead in leads)
        {
            await SetManagerAsync(admin, lead.UserId, head.UserId);
            for (var i = 0; i < 2; i++)
            {
                var member = await NewAsync(factory, admin, "Crew");
                await SetManagerAsync(admin, member.UserId, lead.UserId);
                members.Add(member);
            }
        }

        var outsider = await NewAsync(factory, admin, "Crew");
        var everyone = leads.Concat(members).Select(p => p.UserId).Order(StringComparer.Ordinal).ToList();
        var first = await head.Client.GetFromJsonAsync<JsonElement>(Uri("/v1/me/team?scope=all&limit=4"));
        var next = first.GetProperty("next").GetString();
        var second = await head.Client.GetFromJsonAsync<JsonElement>(Uri($"/v1/me/team?scope=all&limit=4&after={next}"));
        var csv = await head.Client.GetStringAsync(Uri("/v1/me/team?scope=all&format=csv"));
        var crew = await TeamIdsAsync(head.Client, "?scope=all&q=crew");
        var directCrew = await TeamIdsAsync(head.Client, "?q=crew");

        Assert.Equal(6, first.GetProperty("total").GetInt32());
        Assert.Equal(everyone, first.GetProperty("people").EnumerateArray().Concat(second.GetProperty("people").EnumerateArray()).Select(p => p.GetProperty("userId").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', CoursePortal.Web.Api.TeamEndpoints.CsvColumns), lines[0]);
        Assert.Equal(everyone, lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains(lines.Skip(1), l => l.StartsWith($"{members[0].UserId},{members[0].Email},Crew Member,{leads[0].UserId},0,", StringComparison.Ordinal));
        Assert.Equal(members.Select(m => m.UserId).Order(StringComparer.Ordinal), crew);
        Assert.DoesNotContain(outsider.UserId, crew);
        Assert.Empty(directCrew);
    }

    [Fact]
    public async Task BadTeamFiltersAreRefusedWithTheirField()
    {
        var admin = await AdminAsync(factory);
        var manager = await NewAsync(factory, admin);

        using var scope = await manager.Client.GetAsync(Uri("/v1/me/team?scope=sideways"));
        using var status = await manager.Client.GetAsync(Uri("/v1/me/team?status=1"));

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { scope.StatusCode, status.StatusCode });
        Assert.Equal("scope", (await scope.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal("status", (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task AManagerAssigningSomeoneOutsideTheirTeamIsRefusedForThemAndNothingIsEnrolledForThem()
    {
        var admin = await AdminAsync(factory);
        var (manager, lead, member, outsider) = (await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, lead.UserId, manager.UserId);
        await SetManagerAsync(admin, member.UserId, lead.UserId);
        var (outsiderBefore, managerBefore) = (await EnrollmentsJsonAsync(outsider), await EnrollmentsJsonAsync(manager));
        var due = DateTimeOffset.UtcNow.AddDays(30);

        // The outsider, the manager themself and an id nobody has, slipped in among the people below the manager.
        using var response = await manager.Client.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/assignments"),
            new { userIds = new[] { member.UserId, outsider.UserId, manager.UserId, "nobody-at-all", lead.UserId }, dueDate = due.ToString("O") });
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .ToDictionary(r => r.GetProperty("userId").GetString()!, r => r.GetProperty("errorCode").GetString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Dictionary<string, string?>
        {
            [member.UserId] = null, [outsider.UserId] = "forbidden", [manager.UserId] = "forbidden", ["nobody-at-all"] = "forbidden", [lead.UserId] = null,
        }, results);
        Assert.Equal(outsiderBefore, await EnrollmentsJsonAsync(outsider));
        Assert.Equal(managerBefore, await EnrollmentsJsonAsync(manager));
        var memberEnrollment = (await member.Client.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"))).GetProperty("packages").EnumerateArray()
            .Single(p => p.GetProperty("packageId").GetString() == DemoData.PackageId);
        Assert.Equal(due.ToUnixTimeSeconds(), memberEnrollment.GetProperty("dueAt").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task SomeoneWithNobodyBelowThemMayNotAssignAnyoneAndNothingIsEnrolled()
    {
        var admin = await AdminAsync(factory);
        var (colleague, other) = (await NewAsync(factory, admin), await NewAsync(factory, admin));
        var before = await EnrollmentsJsonAsync(other);

        using var response = await colleague.Client.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/assignments"), new { userIds = new[] { other.UserId } });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", problem.GetProperty("code").GetString());
        Assert.Equal(before, await EnrollmentsJsonAsync(other));
    }

    [Fact]
    public async Task AnAdminAssignsAnyoneWithTheSameResultsAsTheEnrollmentsEndpoint()
    {
        var admin = await AdminAsync(factory);
        var (first, second) = (await NewAsync(factory, admin), await NewAsync(factory, admin));

        using var assigned = await admin.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/assignments"), new { userIds = new[] { first.UserId } });
        using var enrolled = await admin.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/enrollments"), new { userIds = new[] { second.UserId } });
        var (a, e) = ((await assigned.Content.ReadFromJsonAsync<JsonElement>())[0], (await enrolled.Content.ReadFromJsonAsync<JsonElement>())[0]);

        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(e.EnumerateObject().Select(p => p.Name), a.EnumerateObject().Select(p => p.Name));
        Assert.Equal((first.UserId, DemoData.PackageId), (a.GetProperty("userId").GetString(), a.GetProperty("enrollment").GetProperty("packageId").GetString()));
        Assert.Contains(DemoData.PackageId, await EnrollmentsJsonAsync(first), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APastOrMalformedDueDateIsRefusedWithItsFieldAndEnrollsNobody()
    {
        var admin = await AdminAsync(factory);
        var (manager, report) = (await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, report.UserId, manager.UserId);
        var before = await EnrollmentsJsonAsync(report);

        using var past = await manager.Client.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/assignments"),
            new { userIds = new[] { report.UserId }, dueDate = "2020-01-31T12:00:00Z" });
        using var malformed = await manager.Client.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/assignments"),
            new { userIds = new[] { report.UserId }, dueDate = "next friday" });
        using var pastByAdmin = await admin.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/enrollments"),
            new { userIds = new[] { report.UserId }, dueDate = "2020-01-31T12:00:00Z" });

        foreach (var (response, code) in new[] { (past, "invalid_due_date"), (malformed, "malformed_request"), (pastByAdmin, "invalid_due_date") })
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal((code, "dueDate"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
            Assert.Equal("dueDate", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        }

        Assert.Equal(before, await EnrollmentsJsonAsync(report));
    }

    [Fact]
    public async Task AManagerChangesTheDueDateOfSomeoneBelowThemAndTheLearnerAndTheAdminsListSeeIt()
    {
        var admin = await AdminAsync(factory);
        var (manager, lead, member) = (await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, lead.UserId, manager.UserId);
        await SetManagerAsync(admin, member.UserId, lead.UserId);
        await AssignAsync(manager.Client, member.UserId, DateTimeOffset.UtcNow.AddDays(30));
        var later = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(45).Date, TimeSpan.Zero);

        using var changed = await manager.Client.PutAsJsonAsync(DueDateUri(member.UserId), new { dueDate = later.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        var view = await changed.Content.ReadFromJsonAsync<JsonElement>();
        var listed = await AdminListsDueAsync(admin, member.UserId, later);
        using var cleared = await admin.PutAsJsonAsync(DueDateUri(member.UserId), new { dueDate = (string?)null });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(later, view.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(later, listed);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await OwnEnrollmentAsync(member)).GetProperty("dueAt").ValueKind);
    }

    [Fact]
    public async Task ChangingTheDueDateOfSomeoneNotBelowYouOrOfYourselfIsRefusedAndTheDateStays()
    {
        var admin = await AdminAsync(factory);
        var (manager, member, colleague) = (await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, member.UserId, manager.UserId);
        var due = DateTimeOffset.UtcNow.AddDays(30);
        await AssignAsync(manager.Client, member.UserId, due);

        // A colleague pushes the member's date out; the member pushes their own; the member moves their manager's.
        await AssignAsync(admin, manager.UserId, due);
        using var byColleague = await colleague.Client.PutAsJsonAsync(DueDateUri(member.UserId), new { dueDate = due.AddYears(1).ToString("O") });
        using var bySelf = await member.Client.PutAsJsonAsync(DueDateUri(member.UserId), new { dueDate = due.AddYears(1).ToString("O") });
        using var upwards = await member.Client.PutAsJsonAsync(DueDateUri(manager.UserId), new { dueDate = (string?)null });

        foreach (var refused in new[] { byColleague, bySelf, upwards })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("forbidden", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        Assert.Equal(due.ToUnixTimeSeconds(), (await OwnEnrollmentAsync(member)).GetProperty("dueAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(due.ToUnixTimeSeconds(), (await OwnEnrollmentAsync(manager)).GetProperty("dueAt").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task APastOrMalformedNewDueDateOrSomeoneNotEnrolledIsRefusedAndTheDateStays()
    {
        var admin = await AdminAsync(factory);
        var (member, notEnrolled) = (await NewAsync(factory, admin), await NewAsync(factory, admin));
        var due = DateTimeOffset.UtcNow.AddDays(30);
        await AssignAsync(admin, member.UserId, due);

        using var past = await admin.PutAsJsonAsync(DueDateUri(member.UserId), new { dueDate = "2020-01-31" });
        using var malformed = await admin.PutAsJsonAsync(DueDateUri(member.UserId), new { dueDate = "soon" });
        using var missing = await admin.PutAsJsonAsync(DueDateUri(notEnrolled.UserId), new { dueDate = due.ToString("O") });
        using var lookAlike = await admin.PutAsJsonAsync(DueDateUri("Not An Id"), new { dueDate = due.ToString("O") });

        foreach (var (response, code) in new[] { (past, "invalid_due_date"), (malformed, "malformed_request") })
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal((code, "dueDate"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { missing.StatusCode, lookAlike.StatusCode });
        Assert.Equal(due.ToUnixTimeSeconds(), (await OwnEnrollmentAsync(member)).GetProperty("dueAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.DoesNotContain(DemoData.PackageId, await EnrollmentsJsonAsync(notEnrolled), StringComparison.Ordinal);
    }

    private static Uri DueDateUri(string userId) => Uri($"/v1/packages/{DemoData.PackageId}/enrollments/{System.Uri.EscapeDataString(userId)}/due-date");

    private static async Task AssignAsync(HttpClient client, string userId, DateTimeOffset due)
    {
        using var response = await client.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/assignments"), new { userIds = new[] { userId }, dueDate = due.ToString("O") });
        Assert.Null((await response.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("errorCode").GetString());
    }

    private static async Task<JsonElement> OwnEnrollmentAsync(Person person) =>
        (await person.Client.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"))).GetProperty("packages").EnumerateArray()
            .Single(p => p.GetProperty("packageId").GetString() == DemoData.PackageId);

    // The admin's list comes from the audit trail, which trails the grains by about a second.
    private static async Task<DateTimeOffset?> AdminListsDueAsync(HttpClient admin, string userId, DateTimeOffset expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var list = await admin.GetFromJsonAsync<JsonElement>(Uri($"/v1/packages/{DemoData.PackageId}/enrollments"));
            var row = list.EnumerateArray().FirstOrDefault(e => e.GetProperty("userId").GetString() == userId);
            DateTimeOffset? due = row.ValueKind == JsonValueKind.Object && row.GetProperty("dueAt").ValueKind != JsonValueKind.Null ? row.GetProperty("dueAt").GetDateTimeOffset() : null;
            if (due == expected || DateTime.UtcNow > deadline)
            {
                return due;
            }

            await Task.Delay(100);
        }
    }
}
