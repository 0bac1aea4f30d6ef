using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>The learner's own progress in a course: the same <see cref="ProgressService"/> use
/// cases the player and the course page call. The user is always the signed-in one, never one named in the request.</summary>
public static class ProgressEndpoints
{
    public static RouteGroupBuilder MapProgressEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var learner = v1.MapGroup("/courses").RequireAuthorization(Policies.Learner).RequireAuthorization(Policies.Person);
        learner.MapPost("/{id}/start", StartCourse).AsLearnerWrite();
        learner.MapGet("/{id}/progress", GetCourseProgress);
        learner.MapPost("/{id}/progress/complete", CompleteLesson).AsLearnerWrite();
        learner.MapPost("/{id}/lessons/{lessonId}/attempts", SubmitAttempt).AsLearnerWrite(LearnerWrites.MaxAttemptBytes);
        return v1;
    }

    /// <summary>Starts the course for the signed-in learner, pinning its active version.</summary>
    public static async Task<Ok<CourseProgress>> StartCourse(string id, ClaimsPrincipal user, ProgressService learning) =>
        TypedResults.Ok(await learning.StartAsync(user.UserId()!, id));

    /// <summary>The signed-in learner's progress in the course, on the version they pinned.</summary>
    public static async Task<Ok<CourseProgress>> GetCourseProgress(string id, ClaimsPrincipal user, ProgressService learning) =>
        TypedResults.Ok(await learning.GetProgressAsync(user.UserId()!, id));

    /// <summary>The player's "Mark complete" script posts here; its form posts to the page; both reach
    /// <see cref="ProgressService.CompleteLessonAsync"/>.</summary>
    public static async Task<Ok<CourseProgress>> CompleteLesson(string id, CompleteLessonJson body, ClaimsPrincipal user, ProgressService learning) =>
        TypedResults.Ok(await learning.CompleteLessonAsync(user.UserId()!, id, body.LessonId ?? ""));

    /// <summary>Scores an attempt at an assessment; a passing attempt completes the lesson.</summary>
    public static async Task<Ok<AttemptResult>> SubmitAttempt(string id, string lessonId, AttemptJson body, ClaimsPrincipal user, ProgressService learning) =>
        TypedResults.Ok(await learning.SubmitAttemptAsync(user.UserId()!, id, lessonId, body.ToAnswers()));
}
