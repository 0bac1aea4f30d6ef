using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.Resilience.Tests;

/// <summary>One lesson-completion request as the learner saw it: when it ended, how long it took, and its status
/// (0 when no answer came: a timeout or a broken connection).</summary>
public sealed record Outcome(TimeSpan EndedAt, TimeSpan Took, int Status, string? ProblemType)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// Learners completing the lessons of one course after the other in order, each at their own pace (100–300 ms
/// between requests), until stopped. A learner whose request fails tries the same lesson again. Keeps every outcome, and the completions the
/// portal acknowledged: those must survive whatever happens to the silos or the database.
/// </summary>
public sealed class CompletionLoad(IReadOnlyList<Learner> learners, IReadOnlyList<string> courses, IReadOnlyList<string> lessons)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Outcome> _outcomes = new();
    private readonly ConcurrentBag<(string User, string Course, string Lesson)> _acknowledged = [];

    public IReadOnlyCollection<Outcome> Outcomes => _outcomes;

    public IReadOnlyCollection<(string User, string Course, string Lesson)> Acknowledged => _acknowledged;

    /// <summary>Time since the load was created, on the same clock as <see cref="Outcome.EndedAt"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(learners.Select(learner => Task.Run(() => LearnAsync(learner, stop), CancellationToken.None)));

    /// <summary>From <paramref name="from"/> on, the first moment after which every request succeeded for
    /// <paramref name="window"/>; null when it never held.</summary>
    public TimeSpan? SucceedingAgainAt(TimeSpan from, TimeSpan window)
    {
        var after = _outcomes.Where(o => o.EndedAt >= from).OrderBy(o => o.EndedAt).ToList();
        var lastFailure = after.LastOrDefault(o => !o.Succeeded)?.EndedAt ?? from;
        var end = after.LastOrDefault()?.EndedAt ?? from;
        return end - lastFailure >= window ? lastFailure : null;
    }

    private async Task LearnAsync(Learner learner, CancellationToken stop)
    {
        var random = new Random(learner.UserId.GetHashCode(StringComparison.Ordinal));
        foreach (var courseId in courses)
        {
            // A request under way is never cancelled by the stop: its outcome would be the test's doing, not the portal's.
            await SendUntilAcceptedAsync(() => learner.Client.PostAsync(new Uri($"/v1/courses/{courseId}/start", UriKind.Relative), JsonContent.Create(new { })), stop);
            for (var next = 0; next < lessons.Count;)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                var lesson = lessons[next];
                if (await SendAsync(() => learner.Client.PostAsJsonAsync(new Uri($"/v1/courses/{courseId}/progress/complete", UriKind.Relative), new { lessonId = lesson })))
                {
                    _acknowledged.Add((learner.UserId, courseId, lesson));
                    next++;
                }

                await Delay(TimeSpan.FromMilliseconds(random.Next(100, 300)), stop);
            }
        }
    }

    private async Task SendUntilAcceptedAsync(Func<Task<HttpResponseMessage>> send, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && !await SendAsync(send))
        {
            await Delay(TimeSpan.FromMilliseconds(200), stop);
        }
    }

    private async Task<bool> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        var started = _clock.Elapsed;
        int status;
        string? problem = null;
        try
        {
            using var response = await send();
            status = (int)response.StatusCode;
            if (response.StatusCode != HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            {
                problem = (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var code) ? code.GetString() : "problem";
            }
        }
        catch (Exception ex)
        {
            // No answer: a broken connection, a timeout, or (the web runs in this process) an exception the web let
            // escape, which a real server would have turned into a 500 or a cut connection.
            status = 0;
            problem = ex.GetType().Name;
        }

        var ended = _clock.Elapsed;
        _outcomes.Enqueue(new Outcome(ended, ended - started, status, problem));
        return status is >= 200 and < 300;
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (TaskCanceledException)
        {
            // Stopping: the loop ends on its own check.
        }
    }
}
