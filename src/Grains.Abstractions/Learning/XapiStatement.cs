using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>
/// A learning event as an xAPI statement (actor, verb, object, result, timestamp), for a learning record
/// store. Every event kind maps to one verb, listed in <see cref="Verbs"/> and in docs/xapi.md; ADL's
/// registered verbs where one fits, CoursePortal's own otherwise.
/// </summary>
public sealed record XapiStatement(
    string Id,
    XapiActor Actor,
    XapiVerb Verb,
    [property: JsonPropertyName("object")] XapiObject Target,
    XapiResult? Result,
    string Timestamp)
{
    public const string PortalVerbs = "https://courseportal.dev/xapi/verbs/";

    /// <summary>The verb of each event kind.</summary>
    public static ImmutableDictionary<string, XapiVerb> Verbs { get; } = new Dictionary<string, XapiVerb>
    {
        [LearningEventKinds.Enrolled] = MakeVerb("http://adlnet.gov/expapi/verbs/registered", "registered"),
        [LearningEventKinds.MovedToVersion] = MakeVerb(PortalVerbs + "moved-to-version", "moved to version"),
        [LearningEventKinds.CourseStarted] = MakeVerb("http://adlnet.gov/expapi/verbs/launched", "launched"),
        [LearningEventKinds.LessonCompleted] = MakeVerb("http://adlnet.gov/expapi/verbs/completed", "completed"),
        [LearningEventKinds.AssessmentAttempted] = MakeVerb("http://adlnet.gov/expapi/verbs/attempted", "attempted"),
        [LearningEventKinds.CourseCompleted] = MakeVerb("http://adlnet.gov/expapi/verbs/completed", "completed"),
        [LearningEventKinds.PackageCompleted] = MakeVerb("http://adlnet.gov/expapi/verbs/completed", "completed"),
        [LearningEventKinds.PackageStarted] = MakeVerb("http://adlnet.gov/expapi/verbs/progressed", "progressed"),
        [LearningEventKinds.CreditGranted] = MakeVerb(PortalVerbs + "credited", "credited"),
        [LearningEventKinds.AttemptGranted] = MakeVerb(PortalVerbs + "attempt-granted", "granted an attempt"),
        [LearningEventKinds.VersionDrafted] = MakeVerb(PortalVerbs + "drafted", "drafted"),
        [LearningEventKinds.VersionPublished] = MakeVerb(PortalVerbs + "published", "published"),
        [LearningEventKinds.VersionArchived] = MakeVerb(PortalVerbs + "archived", "archived"),
        [LearningEventKinds.PublishCancelled] = MakeVerb(PortalVerbs + "publish-cancelled", "cancelled the publish of"),
        [LearningEventKinds.RoleChanged] = MakeVerb(PortalVerbs + "role-changed", "changed role"),
        [LearningEventKinds.ApiTokenCreated] = MakeVerb(PortalVerbs + "api-token-created", "created an API token"),
        [LearningEventKinds.ApiTokenRevoked] = MakeVerb(PortalVerbs + "api-token-revoked", "revoked an API token"),
        [LearningEventKinds.ApiTokenUsedFromNewAddress] = MakeVerb(PortalVerbs + "api-token-new-address", "used an API token from a new address"),
    }.ToImmutableDictionary();

    /// <summary>The statement of <paramref name="e"/>; activity ids are URLs under <paramref name="portal"/>.</summary>
    public static XapiStatement From(LearningEvent e, Uri portal)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(portal);
        var verb = Verbs.TryGetValue(e.Kind, out var known) ? known : MakeVerb(PortalVerbs + e.Kind, e.Kind);
        var actorName = e.UserId ?? e.ActorId ?? "system";
        var path = e switch
        {
            { LessonId: { } lesson, CourseId: { } course } => $"courses/{course}/v{e.CourseVersion}/lessons/{lesson}",
            { CourseId: { } course } => $"courses/{course}" + (e.CourseVersion is { } cv ? $"/v{cv}" : ""),
            { PackageId: { } package } => $"packages/{package}" + (e.PackageVersion is { } pv ? $"/v{pv}" : ""),
            _ => $"users/{actorName}",
        };
        return new XapiStatement(
            e.EventId.ToString(),
            new XapiActor("Agent", new XapiAccount(portal.ToString(), actorName)),
            verb,
            new XapiObject("Activity", new Uri(portal, path).ToString()),
            ResultOf(e),
            e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
    }

    private static XapiVerb MakeVerb(string id, string display) => new(id, new Dictionary<string, string> { ["en-US"] = display });

    private static XapiResult? ResultOf(LearningEvent e)
    {
        switch (e.Kind)
        {
            case LearningEventKinds.AssessmentAttempted:
                using (var details = JsonDocument.Parse(e.Details))
                {
                    var root = details.RootElement;
                    var score = root.TryGetProperty("score", out var s) ? s.GetInt32() : 0;
                    var passed = root.TryGetProperty("passed", out var p) && p.GetBoolean();
                    return new XapiResult(new XapiScore(score / 100.0), passed, Completion: passed);
                }

            case LearningEventKinds.LessonCompleted or LearningEventKinds.CourseCompleted or LearningEventKinds.PackageCompleted:
                return new XapiResult(null, null, Completion: true);
            default:
                return null;
        }
    }
}

public sealed record XapiActor(string ObjectType, XapiAccount Account);

public sealed record XapiAccount(string HomePage, string Name);

/// <summary>An xAPI verb: its IRI and a language map for display.</summary>
public sealed record XapiVerb(string Id, IReadOnlyDictionary<string, string> Display);

public sealed record XapiObject(string ObjectType, string Id);

public sealed record XapiScore(double Scaled);

public sealed record XapiResult(XapiScore? Score, bool? Success, bool? Completion);
