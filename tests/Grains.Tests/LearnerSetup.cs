using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Tests;

/// <summary>Builds the users, courses and packages the learner tests need, each with unique ids.</summary>
public sealed class LearnerSetup(IClusterClient client)
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public async Task<string> UserAsync(params Role[] roles)
    {
        var id = Guid.NewGuid().ToString("N");
        await client.GetGrain<IUserGrain>(GrainKeys.User(id)).CreateAsync(new NewUser($"{id}@example.com", "Test", "Learner", [.. roles]), "setup");
        return id;
    }

    /// <summary>A published course with two required content lessons (l1, l2) and an optional one (l3).</summary>
    public async Task<string> CourseAsync(string? id = null, ImmutableArray<string> prerequisites = default)
    {
        id ??= Unique("course");
        var course = client.GetGrain<ICourseGrain>(GrainKeys.Course(id));
        await course.CreateAsync(new CourseContent($"Course {id}", Prerequisites: prerequisites, Modules:
        [
            new Module("m1", "Module", null,
            [
                new Lesson("l1", "One", LessonType.Content, true, 5, Markdown: "One"),
                new Lesson("l2", "Two", LessonType.Content, true, 5, Markdown: "Two"),
                new Lesson("l3", "Three", LessonType.Content, false, 5, Markdown: "Three"),
            ]),
        ]), "setup");
        await course.PublishAsync(new PublishRequest(null), "setup");
        return id;
    }

    public async Task<string> PackageAsync(RequirementNode requirement, bool retraining = false)
    {
        var id = Unique("pkg");
        var package = client.GetGrain<IPackageGrain>(GrainKeys.Package(id));
        await package.CreateAsync(new PackageContent($"Package {id}", null, null, requirement, CompletionsMustFollowEnrollment: retraining), "setup");
        await package.PublishAsync(new PublishRequest(null), "setup");
        return id;
    }

    public ICourseEnrollmentGrain Progress(string userId, string courseId) =>
        client.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(userId, courseId));

    public IUserGrain User(string userId) => client.GetGrain<IUserGrain>(GrainKeys.User(userId));

    public IPackageEnrollmentGrain Enrollment(string userId, string packageId) =>
        client.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(userId, packageId));

    /// <summary>Starts a course and completes its required lessons.</summary>
    public async Task CompleteCourseAsync(string userId, string courseId)
    {
        var progress = Progress(userId, courseId);
        await progress.StartAsync();
        await progress.CompleteLessonAsync("l1");
        await progress.CompleteLessonAsync("l2");
    }

    /// <summary>Waits until <paramref name="condition"/> holds: completions travel off the learner's request path.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within 20 s: {because}");
            await Task.Delay(50);
        }
    }
}
