using System.Collections.Immutable;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Integration.Tests.Infrastructure;

namespace CoursePortal.Integration.Tests;

/// <summary>
/// Course enrollments stored before slim rows, with the pinned version's lessons in every row. The rows below are what
/// the code of that time wrote to PostgreSQL (course, catalog, user and a started enrollment with two lessons completed,
/// a failed attempt and that attempt's event still in its outbox), copied from the database after running it once and
/// put back under a fresh service id. The code of today activates the enrollment from its stored lessons, the learner
/// goes on, and the row written back is slim; a silo that never saw the course then takes the lessons from the pinned
/// course version, and the learner finishes the course.
/// </summary>
public sealed class CourseEnrollmentSlimRowCarryOverTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string UserId = "slim-legacy-learner";
    private const string CourseId = "slim-legacy-course";
    private const string PendingEvent = "6466c692-0186-4eca-9575-db2b9568e3f2";
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    // (grainidhash, graintypehash, graintypestring, grainidextensionstring, version, payload) as the old code stored them.
    private static readonly CapturedRow[] OldRows =
    [
        new(-1520893553, 200268028, "catalog", "catalog:all", 2,
            """{"Courses":{"slim-legacy-course":{"Id":"slim-legacy-course","Title":"Legacy slim","Description":"","Tags":[],"EstimatedDurationMinutes":20,"ActiveVersion":1,"Status":1}},"Packages":{}}"""),
        new(-1886597841, 1173124322, "course", "course:slim-legacy-course", 2,
            """{"Versions":{"Versions":[{"OwnerId":"slim-legacy-course","Number":1,"Status":1,"Content":{"Title":"Legacy slim","Tags":[],"Modules":[{"Id":"basics","Title":"Basics","Lessons":[{"Id":"intro","Title":"Intro","Type":0,"Required":true,"EstimatedMinutes":5,"Markdown":"Hi"},{"Id":"video","Title":"Video","Type":0,"Required":false,"EstimatedMinutes":5,"Markdown":"V"}]},{"Id":"check","Title":"Check","Lessons":[{"Id":"reading","Title":"Reading","Type":0,"Required":true,"EstimatedMinutes":5,"Markdown":"R"},{"Id":"quiz","Title":"Quiz","Type":3,"Required":true,"EstimatedMinutes":5,"Assessment":{"PassMark":80,"MaxAttempts":3,"Questions":[{"Id":"q1","Text":"One?","Multiple":false,"Options":[{"Id":"a","Text":"A","Correct":true},{"Id":"b","Text":"B","Correct":false}]},{"Id":"q2","Text":"Two?","Multiple":true,"Options":[{"Id":"a","Text":"A","Correct":true},{"Id":"b","Text":"B","Correct":true},{"Id":"c","Text":"C","Correct":false}]}]}}]}],"Instructors":[],"Prerequisites":[]},"CreatedBy":"author","CreatedAt":"2026-11-30T16:48:47.5546354+00:00","UpdatedBy":"author","UpdatedAt":"2026-11-30T16:48:47.5546354+00:00","PublishedBy":"author","PublishedAt":"2026-11-30T16:48:47.7705796+00:00","EffectiveDate":"2026-11-30T16:48:47.7705796+00:00"}],"Active":1,"LastNumber":1},"Exports":[],"Outbox":{"Events":[{"EventId":"fb6ef10c-ad30-4f9b-b635-7c61fec17028","OccurredAt":"2026-11-30T16:48:47.7714266+00:00","Kind":"version_published","ActorId":"author","CourseId":"slim-legacy-course","CourseVersion":1,"Details":"{\u0022ChangeNotes\u0022:null,\u0022effectiveDate\u0022:\u00222026-11-30T16:48:47.7705796\u002B00:00\u0022,\u0022copiedFrom\u0022:null}"}],"HasUnwritten":true},"LatestExports":{}}"""),
        new(-491460734, -1066576492, "course-enrollment", "progress:slim-legacy-learner/slim-legacy-course", 4,
            """{"Version":1,"Lessons":[{"Id":"intro","ModuleId":"basics","Required":true},{"Id":"video","ModuleId":"basics","Required":false},{"Id":"reading","ModuleId":"check","Required":true},{"Id":"quiz","ModuleId":"check","Required":true,"Assessment":{"PassMark":80,"MaxAttempts":3,"Questions":[{"Id":"q1","Text":"One?","Multiple":false,"Options":[{"Id":"a","Text":"A","Correct":true},{"Id":"b","Text":"B","Correct":false}]},{"Id":"q2","Text":"Two?","Multiple":true,"Options":[{"Id":"a","Text":"A","Correct":true},{"Id":"b","Text":"B","Correct":true},{"Id":"c","Text":"C","Correct":false}]}]}}],"CompletedLessons":["intro","video"],"Attempts":[{"LessonId":"quiz","At":"2026-11-30T16:48:47.9289688+00:00","Score":50,"Passed":false}],"StartedAt":"2026-11-30T16:48:47.848618+00:00","LastAccessedAt":"2026-11-30T16:48:47.9289688+00:00","CurrentLessonId":"reading","Outbox":{"Events":[{"EventId":"6466c692-0186-4eca-9575-db2b9568e3f2","OccurredAt":"2026-11-30T16:48:47.9289688+00:00","Kind":"assessment_attempted","ActorId":"slim-legacy-learner","UserId":"slim-legacy-learner","CourseId":"slim-legacy-course","CourseVersion":1,"LessonId":"quiz","Details":"{\u0022score\u0022:50,\u0022passed\u0022:false,\u0022passMark\u0022:80,\u0022attempt\u0022:1}"}],"HasUnwritten":true},"CompletedLessonTimes":{"intro":"2026-11-30T16:48:47.9010784+00:00","video":"2026-11-30T16:48:47.9080499+00:00"},"AttemptCounts":{"quiz":1},"GrantedAttempts":{}}"""),
        new(-1849750831, -1861727208, "email-index", "email:slim-legacy-learner@example.com", 1,
            """{"UserId":"slim-legacy-learner"}"""),
        new(-279195645, -1581452166, "user", "user:slim-legacy-learner", 2,
            """{"Profile":{"UserId":"slim-legacy-learner","Email":"slim-legacy-learner@example.com","FirstName":"Lena","LastName":"Legacy","DisplayName":"Lena Legacy","Roles":[0],"CreatedAt":"2026-11-30T16:48:47.8182226+00:00","HighestRole":0},"Completions":{},"PackageEnrollments":[],"Outbox":{"Events":[],"HasUnwritten":false},"StartedCourses":["slim-legacy-course"],"SessionGeneration":0}"""),
        new(1051304076, -1258736568, "user-credentials", "credentials:slim-legacy-learner", 1,
            """{"AccountExists":true,"SessionGeneration":0}"""),
        new(-1878621405, -793421440, "user-directory", "users:directory:28", 1,
            """{"Users":{"slim-legacy-learner":{"UserId":"slim-legacy-learner","Email":"slim-legacy-learner@example.com","FirstName":"Lena","LastName":"Legacy","DisplayName":"Lena Legacy","Roles":[0],"CreatedAt":"2026-11-30T16:48:47.8182226+00:00","HighestRole":0}}}"""),
    ];

    [Fact]
    public async Task AnEnrollmentStoredWithItsLessonsGoesOnAndIsWrittenBackWithoutThemAndASiloThatNeverSawTheCourseFetchesThem()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId) = ($"cluster-{id}", $"service-{id}");
        await CapturedRows.InsertAsync(database, serviceId, OldRows);
        var oldRow = await RowAsync(serviceId);

        await using (var silo = await SiloProcess.StartReadyAsync(database.ConnectionString, clusterId, serviceId))
        {
            await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
            {
                var enrollment = Enrollment(client.Client);
                var stored = await enrollment.GetProgressAsync();
                var completed = await enrollment.CompleteLessonAsync("reading");

                Assert.Equal((1, 33, "reading", "check"), (stored.Version, stored.Percent, stored.CurrentLessonId, stored.CurrentModuleId));
                Assert.Equal(["intro", "video"], stored.CompletedLessons.AsEnumerable());
                Assert.Equal(new AssessmentStatus("quiz", 1, 3, 50, false, stored.Assessments[0].LastAttemptAt, null), stored.Assessments.Single());
                Assert.Equal((66, "quiz"), (completed.Percent, completed.CurrentLessonId));
                Assert.NotNull(completed.CompletedLessonTimes["reading"]);
            }

            Assert.Equal(0, await silo.StopAsync(StopDeadline));
        }

        var slim = await RowAsync(serviceId);
        Assert.True(oldRow.TryGetProperty("Lessons", out _), "the captured row holds the lessons");
        Assert.False(slim.TryGetProperty("Lessons", out _), "the row written back still holds the lessons");
        Assert.Equal(["intro", "video", "reading"], slim.GetProperty("CompletedLessons").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(1, slim.GetProperty("AttemptCounts").GetProperty("quiz").GetInt32());
        Assert.Equal(1, await database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE event_id = @e", ("e", Guid.Parse(PendingEvent))));

        await using (var silo = await SiloProcess.StartReadyAsync(database.ConnectionString, clusterId, serviceId))
        {
            await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
            {
                var enrollment = Enrollment(client.Client);
                var resumed = await enrollment.GetProgressAsync();
                var passed = await enrollment.SubmitAttemptAsync("quiz", ImmutableDictionary<string, ImmutableArray<string>>.Empty
                    .Add("q1", ["a"]).Add("q2", ["a", "b"]));
                var user = client.Client.GetGrain<IUserGrain>(GrainKeys.User(UserId));

                Assert.Equal((66, "quiz"), (resumed.Percent, resumed.CurrentLessonId));
                Assert.Equal((100, true, 100), (passed.Score, passed.Passed, passed.Progress.Percent));
                Assert.NotNull(passed.Progress.CompletedAt);
                await Eventually.HoldsAsync(async () => (await user.GetCompletionsAsync()).ContainsKey(CourseId), TimeSpan.FromSeconds(20), "the user holds the completion");
            }

            Assert.Equal(0, await silo.StopAsync(StopDeadline));
        }

        var finished = await RowAsync(serviceId);
        Assert.False(finished.TryGetProperty("Lessons", out _), "the finished row holds the lessons");
        Assert.Equal(2, finished.GetProperty("AttemptCounts").GetProperty("quiz").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, finished.GetProperty("CompletedAt").ValueKind);
    }

    private static ICourseEnrollmentGrain Enrollment(IGrainFactory grains) =>
        grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(UserId, CourseId));

    private async Task<JsonElement> RowAsync(string serviceId) =>
        JsonDocument.Parse((await database.ScalarAsync<string>(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE serviceid = @s AND graintypestring = 'course-enrollment' AND grainidextensionstring = @k",
            ("s", serviceId), ("k", GrainKeys.CourseEnrollment(UserId, CourseId))))!).RootElement;
}
