namespace CoursePortal.Grains.Abstractions.Versioning;

/// <summary>Publishing the draft: why (change notes) and from when. An effective date in the future
/// keeps the current version active until then.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.publish-request")]
public sealed record PublishRequest(
    [property: Id(0)] string? ChangeNotes,
    [property: Id(1)] DateTimeOffset? EffectiveDate = null)
{
    public const int MaxChangeNotesLength = 10_000;

    /// <summary>How far in the past an effective date may lie and still mean "now": a form's date-and-time field has
    /// minutes only, so the minute an approver types while it is that minute must not be refused.</summary>
    public static readonly TimeSpan PastTolerance = TimeSpan.FromMinutes(1);

    /// <summary>The longest reason an archive or a cancelled schedule may carry.</summary>
    public const int MaxReasonLength = 2_000;
}
