using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

/// <summary>What one state write of a course enrollment stores in PostgreSQL: the payload of its orleansstorage row,
/// for the typical enrollment of bench/Benchmarks (12 lessons, a 10-question quiz, half done, one attempt) and for an
/// enrollment on bench/run.sh's 100-lesson course. The row is the learner's: nothing of the course's lessons (their
/// modules, the quiz's questions) is in it.</summary>
public sealed class CourseEnrollmentRowSizeTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task AnEnrollmentRowHoldsTheLearnersProgressAndNotTheCoursesLessons()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId) = ($"cluster-{id}", $"service-{id}");
        await using var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId);
        await using var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId);
        var grains = client.Client;
        await grains.GetGrain<IUserGrain>(GrainKeys.User($"learner-{id}")).CreateAsync(new NewUser($"learner-{id}@example.com", "Row", "Learner", [Role.Learner]), "admin");

        var typical = await StartAsync(grains, $"typical-{id}", TypicalCourse(), $"learner-{id}");
        foreach (var lesson in new[] { 0, 1, 2, 3, 5, 6 })
        {
            await typical.CompleteLessonAsync($"lesson-{lesson}");
        }

        await typical.SubmitAttemptAsync("lesson-11", ImmutableDictionary<string, ImmutableArray<string>>.Empty);
        var typicalRow = await RowAsync(serviceId, GrainKeys.CourseEnrollment($"learner-{id}", $"typical-{id}"));

        var bench = await StartAsync(grains, $"bench-{id}", BenchCourse(), $"learner-{id}");
        await bench.CompleteLessonAsync("lesson-0");
        var benchFirst = await RowAsync(serviceId, GrainKeys.CourseEnrollment($"learner-{id}", $"bench-{id}"));
        for (var lesson = 1; lesson < 50; lesson++)
        {
            await bench.CompleteLessonAsync($"lesson-{lesson}");
        }

        var benchHalf = await RowAsync(serviceId, GrainKeys.CourseEnrollment($"learner-{id}", $"bench-{id}"));

        output.WriteLine($"typical enrollment (12 lessons, 10-question quiz, 6 completed, 1 attempt): {typicalRow.Bytes} bytes per state write");
        output.WriteLine($"bench course (100 lessons): {benchFirst.Bytes} bytes after the first completion, {benchHalf.Bytes} bytes after 50");
        output.WriteLine(typicalRow.Json);
        foreach (var row in new[] { typicalRow, benchFirst, benchHalf })
        {
            Assert.DoesNotContain("\"Lessons\"", row.Json, StringComparison.Ordinal);
            Assert.DoesNotContain("\"ModuleId\"", row.Json, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Question 0?", typicalRow.Json, StringComparison.Ordinal);
        Assert.Contains("\"lesson-11\":1", typicalRow.Json, StringComparison.Ordinal);
    }

    private static async Task<ICourseEnrollmentGrain> StartAsync(IGrainFactory grains, string courseId, CourseContent content, string userId)
    {
        var course = grains.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
        await course.CreateAsync(content, "author");
        await course.PublishAsync(new PublishRequest(null), "author");
        var enrollment = grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(userId, courseId));
        await enrollment.StartAsync();
        return enrollment;
    }

    private async Task<(int Bytes, string Json)> RowAsync(string serviceId, string key)
    {
        var bytes = await database.ScalarAsync<int>(
            "SELECT octet_length(payloadbinary) FROM orleansstorage WHERE serviceid = @s AND grainidextensionstring = @k", ("s", serviceId), ("k", key));
        var json = await database.ScalarAsync<string>(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE serviceid = @s AND grainidextensionstring = @k", ("s", serviceId), ("k", key));
        return (bytes, json!);
    }

    // bench/Benchmarks' TypicalEnrollment: 3 modules of 4 lessons, every fifth optional, the last a 10-question quiz.
    private static CourseContent TypicalCourse()
    {
        var quiz = new Assessment(80, [.. Enumerable.Range(0, 10).Select(q => new Question($"q{q}", $"Question {q}?", q % 3 == 0,
            [.. Enumerable.Range(0, 4).Select(o => new AnswerOption($"o{o}", $"Option {o}", o == 0 || (q % 3 == 0 && o == 1)))]))]);
        return new CourseContent("Typical", Modules: [.. Enumerable.Range(0, 3).Select(m => new Module($"module-{m}", $"Module {m}", null,
            [.. Enumerable.Range(m * 4, 4).Select(i => i == 11
                ? new Lesson($"lesson-{i}", $"Lesson {i}", LessonType.Assessment, true, 5, Assessment: quiz)
                : new Lesson($"lesson-{i}", $"Lesson {i}", LessonType.Content, i % 5 != 4, 5, Markdown: "Read this."))]))]);
    }

    // bench/run.sh's course: 4 modules of 25 required content lessons.
    private static CourseContent BenchCourse() =>
        new("Bench", Modules: [.. Enumerable.Range(0, 4).Select(m => new Module($"module-{m}", $"Module {m}", null,
            [.. Enumerable.Range(m * 25, 25).Select(i => new Lesson($"lesson-{i}", $"Lesson {i}", LessonType.Content, true, 5, Markdown: "Read this."))]))]);
}
