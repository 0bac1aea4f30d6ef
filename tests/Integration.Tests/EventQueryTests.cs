using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;
using CoursePortal.Integration.Tests.Infrastructure;
using Npgsql;

namespace CoursePortal.Integration.Tests;

/// <summary>The events browser's query and the per-version learner counts on PostgreSQL give exactly what the
/// in-memory sink (local mode) gives for the same events: one contract, two stores.</summary>
public sealed class EventQueryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static List<LearningEvent> Events(string run)
    {
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var kinds = new[] { LearningEventKinds.Enrolled, LearningEventKinds.CourseStarted, LearningEventKinds.LessonCompleted, LearningEventKinds.CourseCompleted };
        var random = new Random(7);
        return [.. Enumerable.Range(0, 400).Select(i =>
        {
            var kind = kinds[random.Next(kinds.Length)];
            var course = kind == LearningEventKinds.Enrolled ? null : $"{run}-c{random.Next(3)}";
            // Some events share an instant, so paging must order by the event id too.
            return new LearningEvent(Guid.NewGuid(), start.AddMinutes(random.Next(200)), kind, "actor", $"{run}-u{random.Next(20)}",
                kind == LearningEventKinds.Enrolled ? $"{run}-p{random.Next(2)}" : null, kind == LearningEventKinds.Enrolled ? 1 : null,
                course, course is null ? null : 1 + random.Next(2), kind == LearningEventKinds.LessonCompleted ? "l1" : null);
        })];
    }

    [Fact]
    public async Task FiltersAndKeysetPagesMatchTheInMemorySinkExactly()
    {
        var run = $"q{Guid.NewGuid():N}"[..9];
        var events = Events(run);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var postgres = new PostgresLearningEventSink(dataSource);
        var memory = new InMemoryLearningEventSink();
        await postgres.AppendAsync(events);
        await memory.AppendAsync(events);
        var from = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var queries = new[]
        {
            new EventQuery(UserId: $"{run}-u3", Limit: 1000),
            new EventQuery(PackageId: $"{run}-p1", Limit: 1000),
            new EventQuery(CourseId: $"{run}-c2", Kind: LearningEventKinds.CourseStarted, Limit: 1000),
            new EventQuery(CourseId: $"{run}-c0", From: from, To: from.AddMinutes(45), Limit: 1000),
        };

        foreach (var query in queries)
        {
            var expected = await memory.QueryAsync(query);
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Select(e => e.EventId), (await postgres.QueryAsync(query)).Select(e => e.EventId));
        }

        // Walking every event of the run in pages of 7 visits each exactly once, in order.
        var pages = new List<Guid>();
        var page = new EventQuery(CourseId: $"{run}-c1", Limit: 7);
        while (true)
        {
            var batch = await postgres.QueryAsync(page);
            pages.AddRange(batch.Select(e => e.EventId));
            if (batch.Count < page.Limit)
            {
                break;
            }

            page = page with { AfterOccurredAt = batch[^1].OccurredAt, AfterEventId = batch[^1].EventId };
        }

        Assert.Equal((await memory.QueryAsync(new EventQuery(CourseId: $"{run}-c1", Limit: 1000))).Select(e => e.EventId), pages);
        Assert.Equal(pages.Count, pages.Distinct().Count());
    }

    [Fact]
    public async Task LearnerCountsPerCourseVersionMatchTheInMemorySink()
    {
        var run = $"l{Guid.NewGuid():N}"[..9];
        var events = Events(run);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var postgres = new PostgresLearningEventSink(dataSource);
        var memory = new InMemoryLearningEventSink();
        await postgres.AppendAsync(events);
        await memory.AppendAsync(events);

        foreach (var course in new[] { $"{run}-c0", $"{run}-c1", $"{run}-c2" })
        {
            var expected = await memory.CourseLearnersAsync(course);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await postgres.CourseLearnersAsync(course));
        }
    }
}
