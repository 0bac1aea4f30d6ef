using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Tests.Users;

/// <summary>The reporting lines: cycles refused (alone, in a batch, and when two changes race), direct reports and everyone
/// below a manager in pages, and the reverse index rebuilt from storage. Each test has a chart of its own (its own key).</summary>
[Collection(ClusterCollection.Name)]
public sealed class OrgChartGrainTests(ClusterFixture fixture)
{
    private IOrgChartGrain NewChart() => fixture.Client.GetGrain<IOrgChartGrain>($"org:test-{Guid.NewGuid():N}");

    [Fact]
    public async Task AManagerWhoIsTheUserOrReportsToThemIsRefusedAndTheChartKeepsItsLines()
    {
        var chart = NewChart();
        await chart.SetManagerAsync("bob", "ann");
        await chart.SetManagerAsync("cid", "bob");

        var self = await Assert.ThrowsAsync<DomainException>(() => chart.SetManagerAsync("ann", "ann"));
        var direct = await Assert.ThrowsAsync<DomainException>(() => chart.SetManagerAsync("ann", "bob"));
        var further = await Assert.ThrowsAsync<DomainException>(() => chart.SetManagerAsync("ann", "cid"));

        Assert.All([self, direct, further], refusal => Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.ManagerCycle), (refusal.Kind, refusal.Code)));
        Assert.Null(await chart.GetManagerAsync("ann"));
        Assert.Equal(["bob", "cid"], (await chart.ListReportsAsync("ann", everyoneBelow: true, null, 10)).Lines.Select(l => l.UserId));
    }

    [Fact]
    public async Task TwoChangesThatTogetherCloseALoopNeverBothSucceed()
    {
        for (var round = 0; round < 25; round++)
        {
            var chart = NewChart();
            await chart.SetManagerAsync("c", "a");

            // a → b and b → c, alone, are fine; together with c → a they would go round.
            var attempts = await Task.WhenAll(Outcome(chart.SetManagerAsync("a", "b")), Outcome(chart.SetManagerAsync("b", "c")));

            Assert.Equal(1, attempts.Count(ok => ok));
            Assert.False(await chart.GetManagerAsync("a") is not null && await chart.GetManagerAsync("b") is not null);
            foreach (var user in new[] { "a", "b", "c" })
            {
                // Nobody is below themselves: the walk up from each ends.
                Assert.DoesNotContain(user, (await chart.ListReportsAsync(user, everyoneBelow: true, null, 10)).Lines.Select(l => l.UserId));
            }
        }
    }

    [Fact]
    public async Task ABatchAppliesItsLinesInOrderAndRefusesOnlyThoseThatCloseALoop()
    {
        var chart = NewChart();
        await chart.SetManagerAsync("kim", "lee");

        var outcomes = await chart.SetManagersAsync(
        [
            new ManagerChange("bob", "ann"),
            new ManagerChange("cid", "bob"),
            new ManagerChange("ann", "cid"),   // cid reports to bob, who reports to ann, since the lines above
            new ManagerChange("bob", "ann"),   // already so
            new ManagerChange("kim", null),    // cleared
            new ManagerChange("lee", "kim"),   // possible only because kim's line was cleared first
        ]);

        Assert.Equal([ManagerChangeOutcome.Changed, ManagerChangeOutcome.Changed, ManagerChangeOutcome.Cycle, ManagerChangeOutcome.Unchanged,
            ManagerChangeOutcome.Changed, ManagerChangeOutcome.Changed], outcomes.AsEnumerable());
        Assert.Null(await chart.GetManagerAsync("ann"));
        Assert.Null(await chart.GetManagerAsync("kim"));
        Assert.Equal("kim", await chart.GetManagerAsync("lee"));
        Assert.Equal([("bob", (string?)"ann", 1)], (await chart.ListReportsAsync("ann", everyoneBelow: false, null, 10)).Lines.Select(l => (l.UserId, l.ManagerId, l.DirectReports)));
    }

    [Fact]
    public async Task EveryoneBelowTheHeadOfAHundredThousandPeopleComesInPagesEachOnceInOrder()
    {
        var chart = NewChart();
        // The head, 10 directors, 100 managers under each, 99 people under each manager: 1,010 + 99,000 = 100,010 below.
        var lines = new List<ManagerChange>();
        for (var d = 0; d < 10; d++)
        {
            lines.Add(new ManagerChange($"d{d}", "head"));
            for (var m = 0; m < 100; m++)
            {
                lines.Add(new ManagerChange($"d{d}-m{m}", $"d{d}"));
                lines.AddRange(Enumerable.Range(0, 99).Select(p => new ManagerChange($"d{d}-m{m}-p{p}", $"d{d}-m{m}")));
            }
        }

        Assert.All(await chart.SetManagersAsync([.. lines]), outcome => Assert.Equal(ManagerChangeOutcome.Changed, outcome));

        var seen = new List<string>();
        ReportsPage page;
        do
        {
            page = await chart.ListReportsAsync("head", everyoneBelow: true, seen.Count > 0 ? seen[^1] : null, 1000);
            seen.AddRange(page.Lines.Select(l => l.UserId));
        }
        while (page.Lines.Length > 0);

        Assert.Equal(100_010, page.Total);
        Assert.Equal(lines.Select(l => l.UserId).Order(StringComparer.Ordinal), seen);
        var directors = await chart.ListReportsAsync("head", everyoneBelow: false, null, 1000);
        Assert.Equal((10, 10), (directors.Total, directors.Lines.Length));
        Assert.All(directors.Lines, l => Assert.Equal(("head", 100), (l.ManagerId, l.DirectReports)));
    }

    [Fact]
    public async Task WhoIsBelowAnswersOnlyThePeopleUnderTheManager()
    {
        var chart = NewChart();
        await chart.SetManagersAsync([new("bob", "ann"), new("cid", "bob"), new("dan", "eve")]);

        var below = await chart.WhoIsBelowAsync("bob", ["cid", "ann", "bob", "dan", "nobody", "cid"]);
        var underAnn = await chart.WhoIsBelowAsync("ann", ["cid", "bob", "dan"]);

        Assert.Equal(["cid"], below.AsEnumerable());
        Assert.Equal(["cid", "bob"], underAnn.AsEnumerable());
        Assert.True(await chart.HasReportsAsync("bob"));
        Assert.False(await chart.HasReportsAsync("cid"));
    }

    [Fact]
    public async Task ClearingOrMovingALineTakesThePersonOffTheFormerManagersTeam()
    {
        var chart = NewChart();
        await chart.SetManagersAsync([new("bob", "ann"), new("cid", "bob")]);

        await chart.SetManagerAsync("cid", "ann");
        await chart.SetManagerAsync("bob", null);

        Assert.False(await chart.HasReportsAsync("bob"));
        Assert.Equal(["cid"], (await chart.ListReportsAsync("ann", everyoneBelow: true, null, 10)).Lines.Select(l => l.UserId));
        Assert.Equal([new ReportingLine("bob", null, 0), new ReportingLine("cid", "ann", 0), new ReportingLine("ann", null, 1)],
            (await chart.LinesOfAsync(["bob", "cid", "ann"])).AsEnumerable());
    }

    [Fact]
    public async Task TheReportsOfEachManagerAreRebuiltFromTheStoredLinesAfterDeactivation()
    {
        var chart = NewChart();
        await chart.SetManagersAsync([new("bob", "ann"), new("cid", "bob"), new("dan", "ann")]);

        await fixture.Cluster.DeactivateAsync(chart);

        Assert.Equal(["bob", "cid", "dan"], (await chart.ListReportsAsync("ann", everyoneBelow: true, null, 10)).Lines.Select(l => l.UserId));
        Assert.Equal(ErrorCodes.ManagerCycle, (await Assert.ThrowsAsync<DomainException>(() => chart.SetManagerAsync("ann", "cid"))).Code);
    }

    [Fact]
    public async Task APageStartsAfterItsCursorEvenWhenTheCursorHasLeftTheTeam()
    {
        var chart = NewChart();
        await chart.SetManagersAsync([.. new[] { "p1", "p2", "p3", "p4" }.Select(p => new ManagerChange(p, "boss"))]);
        var first = await chart.ListReportsAsync("boss", everyoneBelow: false, null, 2);

        await chart.SetManagerAsync("p2", null);
        var second = await chart.ListReportsAsync("boss", everyoneBelow: false, first.Lines[^1].UserId, 2);

        Assert.Equal(["p1", "p2"], first.Lines.Select(l => l.UserId));
        Assert.Equal(["p3", "p4"], second.Lines.Select(l => l.UserId));
        Assert.Equal(3, second.Total);
    }

    private static async Task<bool> Outcome(Task change)
    {
        try
        {
            await change;
            return true;
        }
        catch (DomainException refused) when (refused.Code == ErrorCodes.ManagerCycle)
        {
            return false;
        }
    }
}
