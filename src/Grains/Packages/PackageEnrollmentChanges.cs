using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Packages;

/// <summary>What a package enrollment's commands change in its state, and the view it answers with. The grain checks,
/// records the learning events and writes.</summary>
public static class PackageEnrollmentChanges
{
    /// <summary>Enrolls in <paramref name="version"/> (a finished enrollment goes to history: recertification), with the
    /// learner's completions of its courses as credit.</summary>
    public static Enrollment Enroll(PackageEnrollmentState state, ContentVersion<PackageContent> version, string actor, DateTimeOffset? dueAt,
        ImmutableDictionary<string, CourseCompletion> completions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(version);
        if (state.Current is { } completed)
        {
            state.History.Add(completed);
        }

        var content = version.Content;
        state.Current = new Enrollment(version.Number, content.Requirement, content.CompletionsMustFollowEnrollment, content.ValidityDays, now, actor, dueAt);
        state.Completions.Clear();
        Credit(state, completions);
        return state.Current;
    }

    /// <summary>Moves the current enrollment to <paramref name="target"/>: the learner keeps their enrollment date and due
    /// date; what they completed carries over as credit.</summary>
    public static void MoveTo(PackageEnrollmentState state, Enrollment current, ContentVersion<PackageContent> target, ImmutableDictionary<string, CourseCompletion> completions)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(target);
        state.History.Add(current);
        state.Current = current with
        {
            Version = target.Number,
            Requirement = target.Content.Requirement,
            CompletionsMustFollowEnrollment = target.Content.CompletionsMustFollowEnrollment,
            ValidityDays = target.Content.ValidityDays,
        };
        Credit(state, completions);
    }

    /// <summary>The courses a requirement tree names.</summary>
    /// <summary>Gives the open enrollment <paramref name="dueAt"/> (null: none); false when it has that date already. A
    /// completed enrollment is refused (409 <c>enrollment_completed</c>), and a date that has passed (400).</summary>
    public static bool ChangeDueDate(PackageEnrollmentState state, Enrollment current, DateTimeOffset? dueAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(current);
        if (current.CompletedAt is not null)
        {
            throw DomainException.Conflict(ErrorCodes.EnrollmentCompleted, "The enrollment is completed; only an open enrollment has a due date to change.");
        }

        EnsureDueDateAhead(dueAt, now);
        if (current.DueAt == dueAt)
        {
            return false;
        }

        state.Current = current with { DueAt = dueAt };
        return true;
    }

    /// <summary>Refuses a due date that has passed (400 <c>invalid_due_date</c>, naming <c>dueDate</c>).</summary>
    public static void EnsureDueDateAhead(DateTimeOffset? dueAt, DateTimeOffset now)
    {
        if (dueAt is { } due && due <= now)
        {
            throw new DomainException([new FieldError(ErrorCodes.InvalidDueDate, "dueDate", "The due date has already passed.")]);
        }
    }

    public static HashSet<string> CoursesIn(RequirementNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.CourseIds().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The enrollment as the learner and the admins see it, with <paramref name="evaluation"/> of its tree.</summary>
    public static PackageEnrollmentView View(
        PackageEnrollmentState state, Enrollment enrollment, Evaluation evaluation, string userId, string packageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(enrollment);
        var (expiresAt, certification) = EnrollmentRules.Certification(enrollment.CompletedAt, enrollment.ValidityDays, now);
        return new PackageEnrollmentView(userId, packageId, enrollment.Version, EnrollmentRules.Status(enrollment.CompletedAt, enrollment.StartedAt, evaluation),
            EnrollmentRules.Percent(enrollment.CompletedAt, evaluation), enrollment.EnrolledAt, enrollment.EnrolledBy, enrollment.DueAt,
            EnrollmentRules.IsOverdue(enrollment.CompletedAt, enrollment.DueAt, now), enrollment.CompletedAt, enrollment.Requirement, evaluation,
            expiresAt, certification, [.. state.History.Select(h => new EarlierEnrollment(h.Version, h.EnrolledAt, h.DueAt, h.CompletedAt))]);
    }

    private static void Credit(PackageEnrollmentState state, ImmutableDictionary<string, CourseCompletion> completions)
    {
        ArgumentNullException.ThrowIfNull(completions);
        var courses = CoursesIn(state.Current!.Requirement);
        foreach (var (courseId, completion) in completions.Where(c => courses.Contains(c.Key)))
        {
            state.Completions[courseId] = completion;
        }
    }
}
