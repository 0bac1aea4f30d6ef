using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Tests.Integrity;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>What the learner's page tests build through the API: courses and packages of their own, and fresh learners,
/// so what a page shows is not moved by another test.</summary>
internal static class LearnerSetup
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];

    /// <summary>A published course; <paramref name="extra"/> adds course fields (dates, cover, prerequisites).</summary>
    public static async Task<string> PublishedCourseAsync(HttpClient admin, string title, object? extra = null, params (string Id, string Title, string Type, bool Required, int Minutes, string Markdown)[] lessons)
    {
        var id = NewId("c");
        var body = JsonSerializer.SerializeToNode(new
        {
            id, title,
            modules = new[]
            {
                new
                {
                    id = "m", title = "The module",
                    lessons = (lessons.Length == 0 ? [("l", "The lesson", "content", true, 10, "Read this.")] : lessons)
                        .Select(l => new { id = l.Id, title = l.Title, type = l.Type, required = l.Required, estimatedDurationMinutes = l.Minutes, markdown = l.Markdown }),
                },
            },
        })!.AsObject();
        foreach (var (name, value) in extra is null ? [] : JsonSerializer.SerializeToNode(extra)!.AsObject().ToList())
        {
            body[name] = value?.DeepClone();
        }

        using var created = await admin.PostAsJsonAsync(Learners.Uri("/v1/courses"), body);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        (await admin.PostAsJsonAsync(Learners.Uri($"/v1/courses/{id}/publish"), new { changeNotes = "first" })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>A published package with <paramref name="requirement"/> and optional package fields.</summary>
    public static async Task<string> PublishedPackageAsync(HttpClient admin, string name, object requirement, string? category = null, int? validityDays = null)
    {
        var id = NewId("p");
        using var created = await admin.PostAsJsonAsync(Learners.Uri("/v1/packages"), new { id, name, category, validityDays, requirement });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        (await admin.PostAsJsonAsync(Learners.Uri($"/v1/packages/{id}/publish"), new { changeNotes = "first" })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Starts the course and marks each of <paramref name="lessonIds"/> complete, through the API.</summary>
    public static async Task CompleteAsync(HttpClient learner, string courseId, params string[] lessonIds)
    {
        (await learner.PostAsJsonAsync(Learners.Uri($"/v1/courses/{courseId}/start"), new { })).EnsureSuccessStatusCode();
        foreach (var lesson in lessonIds.Length == 0 ? ["l"] : lessonIds)
        {
            (await learner.PostAsJsonAsync(Learners.Uri($"/v1/courses/{courseId}/progress/complete"), new { lessonId = lesson })).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Waits up to 20 s for <paramref name="condition"/>: the audit trail trails the grains by about a second.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} not within 20 s");
            await Task.Delay(100);
        }
    }
}
