namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>A page of the learning-events browser: every filter optional, events in time order after the
/// keyset position (<see cref="AfterOccurredAt"/>, <see cref="AfterEventId"/>) of the previous page.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.event-query")]
public sealed record EventQuery(
    [property: Id(0)] string? UserId = null,
    [property: Id(1)] string? PackageId = null,
    [property: Id(2)] string? CourseId = null,
    [property: Id(3)] string? Kind = null,
    [property: Id(4)] DateTimeOffset? From = null,
    [property: Id(5)] DateTimeOffset? To = null,
    [property: Id(6)] DateTimeOffset? AfterOccurredAt = null,
    [property: Id(7)] Guid? AfterEventId = null,
    [property: Id(8)] int Limit = EventQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;

    /// <summary>The most events one page of the API or the events browser holds.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The most events the silo answers in one page: an export reads larger pages than a browser shows, still
    /// bounded so no call holds more than a few megabytes. A silo of the previous release answers at most
    /// <see cref="MaxLimit"/>, which is why an export reads on until an empty page rather than stopping at a short one.</summary>
    public const int MaxExportLimit = 10_000;

    /// <summary>Whether <paramref name="e"/> passes the filters (not the page position).</summary>
    public bool Matches(LearningEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (UserId is null || e.UserId == UserId) && (PackageId is null || e.PackageId == PackageId)
            && (CourseId is null || e.CourseId == CourseId) && (Kind is null || e.Kind == Kind)
            && (From is null || e.OccurredAt >= From) && (To is null || e.OccurredAt <= To);
    }

    /// <summary>Whether <paramref name="e"/> comes after the page position, in (occurred at, event id) order.</summary>
    public bool IsAfterPosition(LearningEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return AfterOccurredAt is not { } at || e.OccurredAt > at || (e.OccurredAt == at && e.EventId.CompareTo(AfterEventId ?? Guid.Empty) > 0);
    }
}

/// <summary>How many learners started and completed one version of a course.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.course-version-learners")]
public sealed record CourseVersionLearners(
    [property: Id(0)] int Version,
    [property: Id(1)] int Started,
    [property: Id(2)] int Completed);
