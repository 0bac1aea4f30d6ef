using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>
/// A learning event as an xAPI statement (actor, verb, object, result, context, timestamp), for a learning record
/// store. Every event kind maps to one verb, listed in <see cref="Verbs"/> and in docs/xapi.md; ADL's
/// registered verbs where one fits, CoursePortal's own otherwise. An absent member is left out, never written as null:
/// a conformant LRS refuses a null where the spec asks for an object, a number or a boolean.
/// </summary>
public sealed record XapiStatement(
    string Id,
    XapiActor Actor,
    XapiVerb Verb,
    [property: JsonPropertyName("object")] XapiObject Target,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] XapiResult? Result,
    XapiContext Context,
    string Timestamp)
{
    public const string PortalVerbs = "https://courseportal.dev/xapi/verbs/";

    /// <summary>The context extension with the event's kind (the verb alone does not tell the three completions apart).</summary>
    public const string KindExtension = "https://courseportal.dev/xapi/extensions/kind";

    /// <summary>The context extension with the event's details (its JSON as the events API gives it), when it has any.</summary>
    public const string DetailsExtension = "https://courseportal.dev/xapi/extensions/details";

    /// <summary>The context extension with the user id of whoever caused the event, when that is not the statement's actor
    /// (an admin who enrolled, credited or granted an attempt to a learner).</summary>
    public const string ByExtension = "https://courseportal.dev/xapi/extensions/by";

    /// <summary>The platform the statements come from (<c>context.platform</c>).</summary>
    public const string Platform = "CoursePortal";

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
        [LearningEventKinds.DueDateChanged] = MakeVerb(PortalVerbs + "due-date-changed", "had the due date changed"),
        [LearningEventKinds.CreditGranted] = MakeVerb(PortalVerbs + "credited", "credited"),
        [LearningEventKinds.AttemptGranted] = MakeVerb(PortalVerbs + "attempt-granted", "granted an attempt"),
        [LearningEventKinds.VersionDrafted] = MakeVerb(PortalVerbs + "drafted", "drafted"),
        [LearningEventKinds.VersionPublished] = MakeVerb(PortalVerbs + "published", "published"),
        [LearningEventKinds.VersionArchived] = MakeVerb(PortalVerbs + "archived", "archived"),
        [LearningEventKinds.PublishCancelled] = MakeVerb(PortalVerbs + "publish-cancelled", "cancelled the publish of"),
        [LearningEventKinds.RoleChanged] = MakeVerb(PortalVerbs + "role-changed", "changed role"),
        [LearningEventKinds.UserDeactivated] = MakeVerb(PortalVerbs + "deactivated", "was deactivated"),
        [LearningEventKinds.UserReactivated] = MakeVerb(PortalVerbs + "reactivated", "was reactivated"),
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
        var details = DetailsOf(e);
        var extensions = new Dictionary<string, JsonElement> { [KindExtension] = JsonSerializer.SerializeToElement(e.Kind) };
        if (details is { } d && !(d.ValueKind == JsonValueKind.Object && !d.EnumerateObject().Any()))
        {
            extensions[DetailsExtension] = d;
        }

        if (e.ActorId is { } by && by != actorName)
        {
            extensions[ByExtension] = JsonSerializer.SerializeToElement(by);
        }

        return new XapiStatement(
            e.EventId.ToString(),
            new XapiActor("Agent", new XapiAccount(portal.ToString(), actorName)),
            verb,
            new XapiObject("Activity", new Uri(portal, path).ToString()),
            ResultOf(e.Kind, details),
            new XapiContext(Platform, extensions),
            e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
    }

    private static XapiVerb MakeVerb(string id, string display) => new(id, new Dictionary<string, string> { ["en-US"] = display });

    // Details are JSON where the grains write them; one that is not still travels, as a string, rather than break an export mid-way.
    private static JsonElement? DetailsOf(LearningEvent e)
    {
        if (string.IsNullOrWhiteSpace(e.Details))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<JsonElement>(e.Details);
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(e.Details);
        }
    }

    private static XapiResult? ResultOf(string kind, JsonElement? details)
    {
        switch (kind)
        {
            case LearningEventKinds.AssessmentAttempted:
                // The score is a percentage; an attempt recorded without one (or without its verdict) leaves that member out.
                var score = details is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("score", out var s)
                    && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var points) && points is >= 0 and <= 100
                    ? new XapiScore(points / 100.0, points, 0, 100)
                    : null;
                bool? passed = details is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("passed", out var p)
                    && p.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? p.GetBoolean()
                    : null;
                return score is null && passed is null ? null : new XapiResult(score, passed, Completion: passed);

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

/// <summary>A score: <see cref="Scaled"/> in 0..1, <see cref="Raw"/> the percentage between <see cref="Min"/> and <see cref="Max"/>.</summary>
public sealed record XapiScore(double Scaled, int Raw, int Min, int Max);

/// <summary>An outcome; a member the event does not know is left out of the JSON, never written as null.</summary>
public sealed record XapiResult(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] XapiScore? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Completion);

/// <summary>Where a statement comes from and what the event carried: extension keys are IRIs, values any JSON.</summary>
public sealed record XapiContext(string Platform, IReadOnlyDictionary<string, JsonElement> Extensions);
