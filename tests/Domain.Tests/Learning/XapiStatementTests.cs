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
