using System.Text.Json.Nodes;
using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Learning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace CoursePortal.Grains.Tests.Learning;

/// <summary>Attempts in an enrollment's state stay bounded and counted, and state stored before counts and completion
/// times were kept still reads and counts correctly.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AttemptHistoryTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TwentyFiveAttemptsKeepTheBestAndTheLastTenAndCountAllTwentyFive()
    {
        var state = new CourseEnrollmentState();
        for (var i = 0; i < 25; i++)
        {
            AttemptHistory.Add(state, new AssessmentAttempt("quiz", T0.AddMinutes(i), i == 3 ? 90 : i % 5 * 10, i == 3));
        }

        AttemptHistory.Add(state, new AssessmentAttempt("other", T0, 10, false));

        var kept = state.Attempts.Where(a => a.LessonId == "quiz").ToList();
        Assert.Equal(AttemptHistory.KeptLast + 1, kept.Count);
        Assert.Equal(T0.AddMinutes(3), kept[0].At);
        Assert.Equal(Enumerable.Range(15, 10).Select(i => T0.AddMinutes(i)), kept.Skip(1).Select(a => a.At));
        Assert.Equal((25, 1), (AttemptHistory.Made(state, "quiz"), AttemptHistory.Made(state, "other")));
    }

    [Fact]
    public void TheBestAttemptAmongTheLastTenIsNotKeptTwice()
    {
        var state = new CourseEnrollmentState();
        for (var i = 0; i < 12; i++)
        {
            AttemptHistory.Add(state, new AssessmentAttempt("quiz", T0.AddMinutes(i), i == 11 ? 100 : 0, i == 11));
        }

        Assert.Equal(AttemptHistory.KeptLast, state.Attempts.Count);
        Assert.Equal(100, AttemptHistory.Best(state.Attempts)!.Score);
        Assert.Equal(12, AttemptHistory.Made(state, "quiz"));
    }

    [Fact]
    public void StoredJsonWithoutCountsTimesOrGrantsReadsAsUnknownTimesAndCountsItsAttempts()
    {
        var serializer = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
        var json = JsonNode.Parse(serializer.Serialize(OldState(attempts: 3)).ToString())!.AsObject();
        foreach (var added in new[] { nameof(CourseEnrollmentState.CompletedLessonTimes), nameof(CourseEnrollmentState.AttemptCounts), nameof(CourseEnrollmentState.GrantedAttempts) })
        {
            Assert.True(json.Remove(added), $"the state is written with {added}");
        }

        var read = serializer.Deserialize<CourseEnrollmentState>(BinaryData.FromString(json.ToJsonString()))!;

        Assert.Equal(["intro"], read.CompletedLessons);
        Assert.Empty(read.CompletedLessonTimes);
        Assert.Equal((3, 0), (AttemptHistory.Made(read, "quiz"), AttemptHistory.Granted(read, "quiz")));
    }

    [Fact]
    public async Task AnEnrollmentStoredBeforeCountsAndTimesWereKeptShowsUnknownTimesAndItsAttemptsStillCountTowardsTheMaximum()
    {
        var grain = fixture.Client.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(Guid.NewGuid().ToString("N"), LearnerSetup.Unique("stored")));
        var storage = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        await storage.WriteStateAsync(StorageNames.CourseEnrollmentState, grain.GetGrainId(), new GrainState<CourseEnrollmentState>(OldState(attempts: 3)));

        var progress = await grain.GetProgressAsync();
        var refused = await Assert.ThrowsAsync<DomainException>(() => grain.SubmitAttemptAsync("quiz", System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<string>>.Empty));
        var completed = await grain.CompleteLessonAsync("outro");

        Assert.Equal(["intro"], progress.CompletedLessons.AsEnumerable());
        Assert.Null(progress.CompletedLessonTimes["intro"]);
        Assert.Equal(new AssessmentStatus("quiz", 3, 3, 40, false, T0.AddMinutes(2), null), progress.Assessments.Single());
        Assert.Equal(ErrorCodes.AttemptsExhausted, refused.Code);
        Assert.Null(completed.CompletedLessonTimes["intro"]);
        Assert.NotNull(completed.CompletedLessonTimes["outro"]);
    }

    // The shape an enrollment had before attempt counts, grants and completion times were kept (and before slim rows:
    // its pinned lessons stored with it, for a course that does not exist).
    private static CourseEnrollmentState OldState(int attempts)
    {
        var quiz = SampleCourses.AssessmentLesson().Assessment! with { MaxAttempts = 3 };
        var state = new CourseEnrollmentState
        {
            Version = 1,
            StoredLessons = [new("intro", "m", true, null), new("quiz", "m", true, quiz), new("outro", "m", false, null)],
            StartedAt = T0,
            LastAccessedAt = T0,
            CurrentLessonId = "quiz",
        };
        state.CompletedLessons.Add("intro");
        state.Attempts.AddRange(Enumerable.Range(0, attempts).Select(i => new AssessmentAttempt("quiz", T0.AddMinutes(i), 20 + (i % 2 * 20), false)));
        return state;
    }
}
