using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Domain.Tests.Learning;

public sealed class XapiStatementTests
{
    private static readonly Uri Portal = new("https://learn.example.com/");
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void EveryEventKindHasOneDocumentedVerb()
    {
        var kinds = typeof(LearningEventKinds).GetFields().Select(f => (string)f.GetValue(null)!).ToList();

        Assert.Equal(kinds.Order(StringComparer.Ordinal), XapiStatement.Verbs.Keys.Order(StringComparer.Ordinal));
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "xapi.md"));
        Assert.All(XapiStatement.Verbs, v => Assert.Contains($"| `{v.Key}` | `{v.Value.Id}` |", doc, StringComparison.Ordinal));
    }

    [Fact]
    public void AnAssessmentAttemptCarriesItsScaledScoreAndSuccess()
    {
        var e = new LearningEvent(Guid.NewGuid(), new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), LearningEventKinds.AssessmentAttempted,
            "u1", "u1", CourseId: "phishing", CourseVersion: 2, LessonId: "quiz", Details: """{"score":80,"passed":true,"passMark":70}""");

        var statement = XapiStatement.From(e, Portal);
        var json = JsonSerializer.Serialize(statement, Web);

        Assert.Equal(("http://adlnet.gov/expapi/verbs/attempted", "https://learn.example.com/courses/phishing/v2/lessons/quiz"), (statement.Verb.Id, statement.Target.Id));
        Assert.Equal((0.8, true), (statement.Result!.Score!.Scaled, statement.Result.Success));
        Assert.Equal(("Agent", "u1", "2026-03-01T12:00:00.000Z"), (statement.Actor.ObjectType, statement.Actor.Account.Name, statement.Timestamp));
        Assert.Contains("\"object\":{", json, StringComparison.Ordinal);
        Assert.Contains("\"en-US\":\"attempted\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatAnEventDoesNotKnowIsLeftOutOfItsStatementNeverWrittenAsNull()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var enrolledByAdmin = new LearningEvent(Guid.NewGuid(), at, LearningEventKinds.Enrolled, "admin", "u1", "onboarding", 1, Details: """{"dueAt":null}""");
        var lesson = new LearningEvent(Guid.NewGuid(), at, LearningEventKinds.LessonCompleted, "u1", "u1", CourseId: "phishing", CourseVersion: 2, LessonId: "intro");
        var unscored = new LearningEvent(Guid.NewGuid(), at, LearningEventKinds.AssessmentAttempted, "u1", "u1", CourseId: "phishing", CourseVersion: 2, LessonId: "quiz");
        var garbled = lesson with { EventId = Guid.NewGuid(), Details = "not json" };

        using var enrolled = Json(enrolledByAdmin);
        using var completed = Json(lesson);
        using var attempted = Json(unscored);
        using var kept = Json(garbled);

        Assert.False(enrolled.RootElement.TryGetProperty("result", out _));
        Assert.False(attempted.RootElement.TryGetProperty("result", out _));
        Assert.Equal("""{"completion":true}""", completed.RootElement.GetProperty("result").GetRawText());
        var extensions = enrolled.RootElement.GetProperty("context").GetProperty("extensions");
        Assert.Equal(("admin", "enrolled", """{"dueAt":null}"""),
            (extensions.GetProperty(XapiStatement.ByExtension).GetString(), extensions.GetProperty(XapiStatement.KindExtension).GetString(), extensions.GetProperty(XapiStatement.DetailsExtension).GetRawText()));
        // The learner's own work names nobody else, and empty details are not carried.
        Assert.Equal([XapiStatement.KindExtension], completed.RootElement.GetProperty("context").GetProperty("extensions").EnumerateObject().Select(p => p.Name));
        Assert.Equal("not json", kept.RootElement.GetProperty("context").GetProperty("extensions").GetProperty(XapiStatement.DetailsExtension).GetString());
        Assert.All(new[] { completed, attempted, kept }, d => Assert.DoesNotContain("null", d.RootElement.GetRawText(), StringComparison.Ordinal));
    }

    private static JsonDocument Json(LearningEvent e) => JsonDocument.Parse(JsonSerializer.Serialize(XapiStatement.From(e, Portal), Web));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CoursePortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CoursePortal.sln not found above the test output.");
    }
}
