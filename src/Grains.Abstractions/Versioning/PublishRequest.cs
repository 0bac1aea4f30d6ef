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
}
