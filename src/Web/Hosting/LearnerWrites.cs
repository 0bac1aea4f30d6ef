using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Web.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// What a learner's own writes (start, complete a lesson, submit an attempt, enroll, sign in) may cost: a body of a
/// few KB (an attempt what the largest assessment needs), and <c>Security:LearnerWritesPerMinute</c> of them per user (see <see cref="SecurityExtensions"/>). A
/// learner write never needs more, so a bigger one is refused before it is read, with 413 problem details.
/// </summary>
public static class LearnerWrites
{
    /// <summary>The largest body of a learner write: a lesson id, or an attempt's answers.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    /// <summary>The largest body of an attempt: the largest assessment there can be, every option of every question
    /// chosen, ids at their longest, sent as a form (the player's) or as JSON.</summary>
    public const long MaxAttemptBytes = CourseValidation.MaxQuestions * CourseValidation.MaxOptions * ((2L * Ids.MaxLength) + 16);

    /// <summary>The largest body of an enrollment, where an admin may assign a package to many users at once.</summary>
    public const long MaxAssignmentBytes = 1024 * 1024;

    // The most a refused body is read (and thrown away) to keep its connection usable.
    private const long MaxDrainedBytes = 1024 * 1024;

    /// <summary>Marks an endpoint as a learner write: its body is at most <paramref name="maxBodyBytes"/>, and it
    /// counts towards the user's learner-write rate limit unless <paramref name="rateLimited"/> is false (sign-in has
    /// a limit of its own).</summary>
    public static TBuilder AsLearnerWrite<TBuilder>(this TBuilder endpoint, long maxBodyBytes = MaxBodyBytes, bool rateLimited = true)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.WithMetadata(new LearnerWriteBodyLimit(maxBodyBytes));
        return rateLimited ? endpoint.RequireRateLimiting(SecurityExtensions.LearnerWritesRateLimit) : endpoint;
    }

    /// <summary>Refuses a body over its endpoint's size limit (<see cref="LearnerWriteBodyLimit"/>, or
    /// <see cref="IRequestSizeLimitMetadata"/>) with 413, before anything reads it: at once when it says its length, and
    /// from the server once it has sent more than the limit.</summary>
    public static IApplicationBuilder UseRequestSizeLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if ((metadata?.GetMetadata<LearnerWriteBodyLimit>()?.MaxBytes ?? metadata?.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize) is { } limit)
        {
            if (context.Request.ContentLength is { } length && length > limit)
            {
                // An answer before the body is read leaves the body in the connection, and the server closes it under a
                // client still sending. A body of moderate size is read away first, so the client gets its answer and
                // the connection carries its next request; a client that waits for the go-ahead (Expect: 100-continue)
                // never sends one.
                if (length <= MaxDrainedBytes && !context.Request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase))
                {
                    await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                }

                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                if (ApiProblems.IsApi(context.Request))
                {
                    await ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.TooLarge,
                        $"The body is over the {limit / 1024} KB this request takes; nothing was changed.");
                }

                return;
            }

            // A body without a length (chunked) is cut off by the server past the limit: its BadHttpRequestException is a
            // 413 (see ProblemExceptionHandler).
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
            {
                server.MaxRequestBodySize = limit;
            }
        }

        await next();
    });
}

/// <summary>The body limit of a learner write. Its own metadata rather than <see cref="RequestSizeLimitAttribute"/>: the
/// routing middleware applies that one itself and warns on every request where the server cannot (the test server),
/// while <see cref="LearnerWrites.UseRequestSizeLimits"/> applies this one wherever the server can.</summary>
public sealed record LearnerWriteBodyLimit(long MaxBytes);
