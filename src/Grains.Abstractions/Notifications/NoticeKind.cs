namespace CoursePortal.Grains.Abstractions.Notifications;

/// <summary>What a notice tells its recipient. The names are the template names (one file per kind) and stay stable.</summary>
public enum NoticeKind
{
    /// <summary>A package was assigned to the learner (with its due date, when it has one).</summary>
    Assigned,

    /// <summary>The due date is some days away (<see cref="Notice.DaysBefore"/>).</summary>
    DueSoon,

    /// <summary>The due date passed and the package is not complete: the day after, then at the repeat interval.</summary>
    Overdue,

    /// <summary>The certification the package gave expires in <see cref="Notice.DaysBefore"/> days.</summary>
    CertificationExpiring,

    /// <summary>Recertification opened: the learner may take the package again before the certification expires.</summary>
    RecertificationOpened,

    /// <summary>The learner completed the package (to the manager, when the deployment turns it on).</summary>
    Completed,
}
