namespace CoursePortal.Grains.Abstractions.Versioning;

/// <summary>What can be done to a version.</summary>
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

/// <summary>The version state machine (courses and packages alike) as one table: only a draft changes; published
/// and archived versions are frozen and can only be copied (and a published one archived).</summary>
public static class VersionLifecycle
{
    public static bool Allows(VersionStatus status, VersionAction action) => (status, action) switch
    {
        (VersionStatus.Draft, VersionAction.Edit or VersionAction.Discard or VersionAction.Publish) => true,
        (VersionStatus.Published, VersionAction.Archive or VersionAction.CopyToDraft) => true,
        (VersionStatus.Archived, VersionAction.CopyToDraft) => true,
        _ => false,
    };

    /// <summary>The status a version has after <paramref name="action"/>, or null when the action removes it
    /// or leaves it as it is.</summary>
    public static VersionStatus? After(VersionStatus status, VersionAction action)
    {
        if (!Allows(status, action))
        {
            throw new InvalidOperationException($"A {status} version cannot {action}.");
        }

        return action switch
        {
            VersionAction.Publish => VersionStatus.Published,
            VersionAction.Archive => VersionStatus.Archived,
            VersionAction.Edit or VersionAction.CopyToDraft => status,
            _ => null,
        };
    }
}
