namespace CoursePortal.Grains;

/// <summary>The "Publishing" configuration section.</summary>
public sealed class PublishingOptions
{
    public const string Section = "Publishing";

    /// <summary>Four-eyes rule: whoever last edited a draft may not publish it.</summary>
    public bool RequireSecondPerson { get; set; }
}
