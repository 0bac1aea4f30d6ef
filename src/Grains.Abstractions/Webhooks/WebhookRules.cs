using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Abstractions.Webhooks;

/// <summary>What a webhook subscription (and the xAPI target) must be, checked by the web before a secret is made and by
/// the registry again before anything is stored.</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2000;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 200;

    /// <summary>The most active subscriptions: each one is a row per event on every learner's write.</summary>
    public const int MaxActive = 50;

    /// <summary>Every kind of learning event, as <c>learning_events.kind</c> holds it.</summary>
    public static ImmutableHashSet<string> KnownKinds { get; } =
        [.. typeof(LearningEventKinds).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!)];

    /// <summary>Every field at fault: the URL must be an absolute http(s) URL, each kind a known one, the secret long enough.</summary>
    public static IReadOnlyList<FieldError> Errors(string? url, string? secret, IEnumerable<string>? kinds)
    {
        var errors = new List<FieldError>();
        if (UrlError(url, "url") is { } bad)
        {
            errors.Add(bad);
        }

        if (secret is not null && (secret.Length < MinSecretLength || secret.Length > MaxSecretLength))
        {
            errors.Add(new FieldError(ErrorCodes.OutOfRange, "secret", $"A secret is {MinSecretLength} to {MaxSecretLength} characters; leave it out to have one generated."));
        }

        foreach (var (kind, i) in (kinds ?? []).Select((k, i) => (k, i)))
        {
            if (kind is null || !KnownKinds.Contains(kind))
            {
                errors.Add(new FieldError(ErrorCodes.InvalidKind, $"eventKinds[{i}]", $"'{kind}' is not a kind of learning event."));
            }
        }

        return errors;
    }

    /// <summary>The refusal of <paramref name="url"/> as a receiver's address, null when it is an absolute http(s) URL.</summary>
    public static FieldError? UrlError(string? url, string field) =>
        url is { Length: > 0 and <= MaxUrlLength } && Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(parsed.UserInfo)
            ? null
            : new FieldError(ErrorCodes.InvalidUrl, field, $"'{url}' is not an absolute http or https URL (without credentials in it).");
}
