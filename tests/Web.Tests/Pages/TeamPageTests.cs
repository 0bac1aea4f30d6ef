using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CoursePortal.Web.Hosting;
using static CoursePortal.Web.Tests.TeamPeople;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>My team (/Team) through its real forms: the header's link for people with reports, direct reports and one click
/// further everyone below, the counts the API gives, filters, search, pages and the CSV, and assigning a package to the
/// people ticked, forged forms included; the manager on the admin's users page and in the CSV import.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class TeamPageTests(LocalModeFactory factory)
{
    [Fact]
    public async Task TheMyTeamLinkShowsOnlyForPeopleWithReports()
    {
        var admin = await AdminAsync(factory);
        var (manager, report) = (await NewAsync(factory, admin), await NewAsync(factory, admin));
        var before = await manager.Client.GetDocumentAsync("/");

        await SetManagerAsync(admin, report.UserId, manager.UserId);
        var asManager = await manager.Client.GetDocumentAsync("/Learn/Catalog");
        var asReport = await report.Client.GetDocumentAsync("/Learn/Catalog");
        await SetManagerAsync(admin, report.UserId, null);
        var afterClearing = await manager.Client.GetDocumentAsync("/");

        Assert.Null(before.QuerySelector("#my-team-link"));
        Assert.Equal("/Team", asManager.QuerySelector("#my-team-link")?.GetAttribute("href"));
        Assert.Null(asReport.QuerySelector("#my-team-link"));
        Assert.Null(afterClearing.QuerySelector("#my-team-link"));
    }

    [Fact]
    public async Task MyTeamListsDirectReportsAndOneClickFurtherEveryoneBelowThem()
    {
        var admin = await AdminAsync(factory);
        var (head, lead, member) = (await NewAsync(factory, admin), await NewAsync(factory, admin, "Lead"), await NewAsync(factory, admin, "Crew"));
        await SetManagerAsync(admin, lead.UserId, head.UserId);
        await SetManagerAsync(admin, member.UserId, lead.UserId);

        var direct = await head.Client.GetDocumentAsync("/Team");
        var everyone = await head.Client.GetDocumentAsync(direct.QuerySelector("#scope-all")!.GetAttribute("href")!);

        Assert.Equal([lead.UserId], Rows(direct));
        Assert.Equal("Direct reports (1)", direct.QuerySelector("#scope-direct")!.TextContent.Trim());
        Assert.Equal("Everyone below you (2)", direct.QuerySelector("#scope-all")!.TextContent.Trim());
        Assert.Contains("1 report(s)", direct.QuerySelector($"#team tr[data-user-id='{lead.UserId}'] .reports")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(new[] { lead.UserId, member.UserId }.Order(StringComparer.Ordinal), Rows(everyone));
        Assert.Equal("Lead Member", everyone.QuerySelector($"#team tr[data-user-id='{member.UserId}'] .manager")!.TextContent.Trim());
        Assert.Equal("Crew Member", everyone.QuerySelector($"#team tr[data-user-id='{member.UserId}'] th")!.FirstChild!.TextContent.Trim());
    }

    [Fact]
    public async Task TheTeamPageCountsFiltersSearchesAndPagesAsTheApiDoes()
    {
        var admin = await AdminAsync(factory);
        var manager = await NewAsync(factory, admin);
        // Thirty of the demo company's people (another test takes the first ten): more than a page, with overdue and
        // expiring enrollments from the demo's 90 days.
        var people = Enumerable.Range(11, 30).Select(i => $"demo-learner-{i:00}").ToList();
        foreach (var person in people)
        {
            await SetManagerAsync(admin, person, manager.UserId);
        }

        var api = (await manager.Client.GetFromJsonAsync<JsonElement>(Uri("/v1/me/team?limit=1000"))).GetProperty("people").EnumerateArray()
            .ToDictionary(p => p.GetProperty("userId").GetString()!);
        var first = await manager.Client.GetDocumentAsync("/Team");
        var second = await manager.Client.GetDocumentAsync(first.QuerySelector("#next-page")!.GetAttribute("href")!);
        var overdue = await manager.Client.GetDocumentAsync("/Team?status=Overdue");
        var named = api[people[3]].GetProperty("displayName").GetString()!;
        var searched = await manager.Client.GetDocumentAsync($"/Team?q={System.Uri.EscapeDataString(named)}");
        var csv = await manager.Client.GetStringAsync(Uri(overdue.QuerySelector("#csv")!.GetAttribute("href")!));

        Assert.Equal(people, Rows(first).Concat(Rows(second)));
        Assert.Equal(25, Rows(first).Count);
        foreach (var row in first.QuerySelectorAll("#team tbody tr").Concat(second.QuerySelectorAll("#team tbody tr")))
        {
            var member = api[row.GetAttribute("data-user-id")!];
            Assert.Equal(
                new[] { "assigned", "notStarted", "inProgress", "overdue", "completed", "expiring" }.Select(c => member.GetProperty(c).GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new[] { ".assigned", ".not-started", ".in-progress", ".overdue-count", ".completed", ".expiring" }.Select(c => row.QuerySelector(c)!.TextContent.Trim()));
            Assert.Equal(member.GetProperty("assigned").GetInt32(), row.QuerySelectorAll(".enrollments li").Length);
        }

        var withOverdue = people.Where(p => api[p].GetProperty("overdue").GetInt32() > 0).ToList();
        Assert.NotEmpty(withOverdue);
        Assert.Equal(withOverdue, Rows(overdue));
        Assert.Contains(people[3], Rows(searched));
        Assert.All(Rows(searched), id => Assert.Contains(id, people));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(withOverdue, lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task AManagerAssignsAPackageWithADueDateToThePeopleTicked()
    {
        var admin = await AdminAsync(factory);
        var (manager, ticked, notTicked) = (await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, ticked.UserId, manager.UserId);
        await SetManagerAsync(admin, notTicked.UserId, manager.UserId);
        var notTickedBefore = await EnrollmentsJsonAsync(notTicked);

        var page = await manager.Client.GetDocumentAsync("/Team");
        var result = await manager.Client.PostFormAsync(page, "form#assign", new()
        {
            ["Assign.UserIds"] = ticked.UserId, ["Assign.PackageId"] = DemoData.PackageId, ["Assign.DueDate"] = "2031-01-31T12:00",
        });

        var row = Assert.Single(result.QuerySelectorAll("#results tbody tr"));
        Assert.Equal(ticked.UserId, row.GetAttribute("data-user-id"));
        Assert.StartsWith("assigned version", row.QuerySelectorAll("td")[1].TextContent.Trim(), StringComparison.Ordinal);
        var enrollment = (await ticked.Client.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"))).GetProperty("packages").EnumerateArray()
            .Single(p => p.GetProperty("packageId").GetString() == DemoData.PackageId);
        Assert.Equal(new DateTimeOffset(2031, 1, 31, 12, 0, 0, TimeSpan.Zero), enrollment.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(notTickedBefore, await EnrollmentsJsonAsync(notTicked));
    }

    [Fact]
    public async Task AForgedTeamFormNamingSomeoneOutsideTheTeamEnrollsOnlyTheTeam()
    {
        var admin = await AdminAsync(factory);
        var (manager, report, outsider) = (await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, report.UserId, manager.UserId);
        var outsiderBefore = await EnrollmentsJsonAsync(outsider);

        var page = await manager.Client.GetDocumentAsync("/Team");
        // The outsider's id added to the ticked boxes, as a hand-edited form would send it.
        var result = await manager.Client.PostFormAsync(page, "form#assign", new()
        {
            ["Assign.UserIds"] = $"{report.UserId}|{outsider.UserId}", ["Assign.PackageId"] = DemoData.PackageId,
        });

        var refused = result.QuerySelector($"#results tr[data-user-id='{outsider.UserId}']")!;
        Assert.Contains("table-warning", refused.ClassList);
        Assert.Contains("does not report to you", refused.TextContent, StringComparison.Ordinal);
        Assert.Equal("1 of 2 assigned", result.QuerySelector("#results caption")!.TextContent.Trim());
        Assert.Equal(outsiderBefore, await EnrollmentsJsonAsync(outsider));
        Assert.Contains(DemoData.PackageId, await EnrollmentsJsonAsync(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APastOrMalformedDueDateOnTheTeamPageIsAMessageBesideItAndEnrollsNobody()
    {
        var admin = await AdminAsync(factory);
        var (manager, report) = (await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, report.UserId, manager.UserId);
        var before = await EnrollmentsJsonAsync(report);
        var page = await manager.Client.GetDocumentAsync("/Team");

        var past = await manager.Client.PostFormAsync(page, "form#assign", new()
        {
            ["Assign.UserIds"] = report.UserId, ["Assign.PackageId"] = DemoData.PackageId, ["Assign.DueDate"] = "2020-01-31T12:00",
        });
        var malformed = await manager.Client.PostFormAsync(page, "form#assign", new()
        {
            ["Assign.UserIds"] = report.UserId, ["Assign.PackageId"] = DemoData.PackageId, ["Assign.DueDate"] = "next friday",
        });
        var nobodyTicked = await manager.Client.PostFormAsync(page, "form#assign", new() { ["Assign.PackageId"] = DemoData.PackageId });

        Assert.Equal("The due date has already passed.", DueDateMessage(past));
        Assert.NotEmpty(DueDateMessage(malformed));
        Assert.Equal("Tick at least one person.", nobodyTicked.QuerySelector("[data-valmsg-for='Assign.UserIds']")!.TextContent.Trim());
        Assert.All([past, malformed, nobodyTicked], p => Assert.Null(p.QuerySelector("#results")));
        Assert.Equal(before, await EnrollmentsJsonAsync(report));
    }

    [Fact]
    public async Task SomeoneWithNobodyBelowThemSeesAnEmptyTeamAndTheirForgedAssignmentIsRefused()
    {
        var admin = await AdminAsync(factory);
        var (colleague, other) = (await NewAsync(factory, admin), await NewAsync(factory, admin));
        var before = await EnrollmentsJsonAsync(other);

        var team = await colleague.Client.GetDocumentAsync("/Team");
        // No assignment form is offered; one is forged with the antiforgery token of the colleague's profile form.
        var profile = await colleague.Client.GetDocumentAsync("/Account/Profile");
        var token = profile.QuerySelector<IHtmlInputElement>("form#profile input[name=__RequestVerificationToken]")!.Value;
        using var forged = await colleague.Client.PostAsync(Uri("/Team?handler=Assign"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Assign.UserIds"] = other.UserId, ["Assign.PackageId"] = DemoData.PackageId,
        }));
        var answer = await HtmlDocuments.ParseAsync(colleague.Client, forged);

        Assert.NotNull(team.QuerySelector("#empty"));
        Assert.Null(team.QuerySelector("form#assign"));
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Contains("nobody reports to you", answer.QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await EnrollmentsJsonAsync(other));
    }

    [Fact]
    public async Task AnAdminSetsAManagerOnTheUsersPageAndACycleOrAnUnknownAddressIsAMessageThatChangesNothing()
    {
        var admin = await AdminAsync(factory);
        var (manager, report) = (await NewAsync(factory, admin), await NewAsync(factory, admin));

        var found = await admin.GetDocumentAsync($"/Admin/Users?q={report.Email}");
        var set = await admin.PostFormAsync(found, "#users tbody tr form.manager-form", new() { ["managerEmail"] = manager.Email });
        var managerRow = await admin.GetDocumentAsync($"/Admin/Users?q={manager.Email}");
        var cycle = await admin.PostFormAsync(managerRow, "#users tbody tr form.manager-form", new() { ["managerEmail"] = report.Email });
        var unknown = await admin.PostFormAsync(managerRow, "#users tbody tr form.manager-form", new() { ["managerEmail"] = $"nobody-{Guid.NewGuid():N}@example.com" });
        var shown = await admin.GetDocumentAsync($"/Admin/Users?q={report.Email}");

        Assert.Equal($"{report.Email} now reports to Team Member ({manager.Email}).", set.QuerySelector("#status")?.TextContent);
        Assert.Contains("reporting lines cannot go round", cycle.QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("No user has the address", unknown.QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(manager.Email, shown.QuerySelector<IHtmlInputElement>("#users tbody tr form.manager-form input[name=managerEmail]")!.Value);
        Assert.Equal([report.UserId], await TeamIdsAsync(manager.Client));
        Assert.Empty(await TeamIdsAsync(report.Client));

        var cleared = await admin.PostFormAsync(shown, "#users tbody tr form.manager-form", new() { ["managerEmail"] = "" });
        Assert.Equal($"{report.Email} reports to nobody now.", cleared.QuerySelector("#status")?.TextContent);
        Assert.Empty(await TeamIdsAsync(manager.Client));
    }

    [Fact]
    public async Task TheImportSetsManagersAndRefusesACycleAndUnknownAddressesRowByRow()
    {
        var admin = await AdminAsync(factory);
        var (boss, lead, member, other) = (await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin));
        var nobody = $"nobody-{Guid.NewGuid():N}@example.com";
        var file = $"""
            email,manager_email
            {lead.Email},{boss.Email}
            {member.Email},{lead.Email}
            {boss.Email},{member.Email}
            {other.Email},{nobody}
            {nobody},{boss.Email}
            {other.Email},not-an-email
            {lead.Email},{boss.Email}
            {other.Email},
            """;

        var page = await admin.GetDocumentAsync("/Admin/Import");
        var form = (IHtmlFormElement)page.QuerySelector("form#import")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(file)), "file", "managers.csv" },
        };
        using var response = await admin.PostAsync(Uri("/Admin/Import"), content);
        var report = await HtmlDocuments.ParseAsync(admin, response);
        var rows = report.QuerySelectorAll("#rows tbody tr").ToList();

        Assert.Equal(["imported", "imported", "rejected", "rejected", "rejected", "rejected", "alreadypresent", "rejected"], rows.Select(r => r.GetAttribute("data-outcome")));
        Assert.Contains("reporting lines cannot go round", rows[2].QuerySelector(".result")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("no account has the manager_email address", rows[3].QuerySelector(".result")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("no account has this e-mail address", rows[4].QuerySelector(".result")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("manager_email is not an e-mail address", rows[5].QuerySelector(".result")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("nothing to import", rows[7].QuerySelector(".result")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(new[] { lead.UserId, member.UserId }.Order(StringComparer.Ordinal), await TeamIdsAsync(boss.Client, "?scope=all"));
        Assert.Empty(await TeamIdsAsync(member.Client));
        var me = await boss.Client.GetFromJsonAsync<JsonElement>(Uri("/v1/me/team?scope=all"));
        Assert.All(me.GetProperty("people").EnumerateArray(), p => Assert.NotEqual(boss.UserId, p.GetProperty("userId").GetString()));
        Assert.Equal(0, (await other.Client.GetFromJsonAsync<JsonElement>(Uri("/v1/me/team"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AManagerFollowsChangeDueDateOnMyTeamAndTheNewDateHoldsAndAPastOneIsAMessage()
    {
        var admin = await AdminAsync(factory);
        var (manager, report) = (await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, report.UserId, manager.UserId);
        await AssignWithDueDateAsync(manager, report.UserId, "2030-06-30T12:00:00Z");

        var team = await manager.Client.GetDocumentAsync("/Team");
        var link = team.QuerySelector($"#team tr[data-user-id='{report.UserId}'] li[data-package-id='{DemoData.PackageId}'] a.change-due-date")!;
        var page = await manager.Client.GetDocumentAsync(link.GetAttribute("href")!);
        var past = await manager.Client.PostFormAsync(page, "form#due-date", new() { ["DueDate"] = "2020-01-31T12:00" });
        var dueAfterPast = await DueAtAsync(report);
        var changed = await manager.Client.PostFormAsync(page, "form#due-date", new() { ["DueDate"] = "2031-03-31T09:00" });

        Assert.StartsWith("2030-06-30T12:00", page.QuerySelector<IHtmlInputElement>("#DueDate")!.Value, StringComparison.Ordinal);
        Assert.Equal("The due date has already passed.", past.QuerySelector("[data-valmsg-for='DueDate']")!.TextContent.Trim());
        Assert.Equal(new DateTimeOffset(2030, 6, 30, 12, 0, 0, TimeSpan.Zero), dueAfterPast);
        Assert.StartsWith("Due 2031-03-31 09:00 UTC now", changed.QuerySelector("#status")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2031, 3, 31, 9, 0, 0, TimeSpan.Zero), await DueAtAsync(report));
    }

    [Fact]
    public async Task TheDueDatePageOfSomeoneNotBelowYouIsDeniedAndAFormForgedForThemChangesNothing()
    {
        var admin = await AdminAsync(factory);
        var (manager, report, victim) = (await NewAsync(factory, admin), await NewAsync(factory, admin), await NewAsync(factory, admin));
        await SetManagerAsync(admin, report.UserId, manager.UserId);
        await AssignWithDueDateAsync(manager, report.UserId, "2030-06-30T12:00:00Z");
        using var assigned = await admin.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/assignments"), new { userIds = new[] { victim.UserId }, dueDate = "2030-06-30T12:00:00Z" });

        var opened = await manager.Client.GetDocumentAsync($"/Team/DueDate?packageId={DemoData.PackageId}&userId={victim.UserId}");
        // The manager's own report's form, its action pointed at the victim.
        var own = await manager.Client.GetDocumentAsync($"/Team/DueDate?packageId={DemoData.PackageId}&userId={report.UserId}");
        var form = own.QuerySelector<IHtmlFormElement>("form#due-date")!;
        form.SetAttribute("action", $"/Team/DueDate?packageId={DemoData.PackageId}&userId={victim.UserId}");
        using var forged = await manager.Client.SubmitAsync(form, new Dictionary<string, string> { ["DueDate"] = "2040-01-01T00:00" });

        Assert.Equal("/Account/Denied", opened.Url is { } url ? new Uri(url).AbsolutePath : null);
        Assert.Equal("/Account/Denied", forged.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(new DateTimeOffset(2030, 6, 30, 12, 0, 0, TimeSpan.Zero), await DueAtAsync(victim));
    }

    private static async Task AssignWithDueDateAsync(Person manager, string userId, string due)
    {
        using var response = await manager.Client.PostAsJsonAsync(Uri($"/v1/packages/{DemoData.PackageId}/assignments"), new { userIds = new[] { userId }, dueDate = due });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<DateTimeOffset?> DueAtAsync(Person person)
    {
        var enrollment = (await person.Client.GetFromJsonAsync<JsonElement>(Uri("/v1/me/enrollments"))).GetProperty("packages").EnumerateArray()
            .Single(p => p.GetProperty("packageId").GetString() == DemoData.PackageId);
        return enrollment.GetProperty("dueAt").ValueKind == JsonValueKind.Null ? null : enrollment.GetProperty("dueAt").GetDateTimeOffset();
    }

    private static List<string> Rows(IDocument page) => [.. page.QuerySelectorAll("#team tbody tr").Select(r => r.GetAttribute("data-user-id")!)];

    private static string DueDateMessage(IDocument page) => page.QuerySelector("[data-valmsg-for='Assign.DueDate']")!.TextContent.Trim();
}
