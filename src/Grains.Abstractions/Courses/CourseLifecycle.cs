namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>What can be done to a course version.</summary>
public enum VersionAction
{
    /// <summary>Replace the content.</summary>
    Edit,

    /// <summary>Throw the version away.</summary>
    Discard,

    /// <summary>Freeze it as a published version.</summary>
    Publish,

    /// <summary>Retire it: no new starts, existing learners unaffected.</summary>
    Archive,

    /// <summary>Use it as the source of a new draft.</summary>
    CopyToDraft,
}

/// <summary>The version state machine of DESIGN.md §3 as one table: only a draft changes; published
/// and archived versions are frozen and can only be copied (and a published one archived).</summary>
public static class CourseLifecycle
{
    public static bool Allows(CourseStatus status, VersionAction action) => (status, action) switch
    {
        (CourseStatus.Draft, VersionAction.Edit or VersionAction.Discard or VersionAction.Publish) => true,
        (CourseStatus.Published, VersionAction.Archive or VersionAction.CopyToDraft) => true,
        (CourseStatus.Archived, VersionAction.CopyToDraft) => true,
        _ => false,
    };

    /// <summary>The status a version has after <paramref name="action"/>, or null when the action removes it
    /// or leaves it as it is.</summary>
    public static CourseStatus? After(CourseStatus status, VersionAction action)
    {
        if (!Allows(status, action))
        {
            throw new InvalidOperationException($"A {status} version cannot {action}.");
        }

        return action switch
        {
            VersionAction.Publish => CourseStatus.Published,
            VersionAction.Archive => CourseStatus.Archived,
            VersionAction.Edit or VersionAction.CopyToDraft => status,
            _ => null,
        };
    }
}
