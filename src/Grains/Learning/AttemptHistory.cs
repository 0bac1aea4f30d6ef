using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Grains.Learning;

/// <summary>The assessment attempts an enrollment keeps in its state. State is read and written whole on every change,
/// so it must not grow with every retry: per assessment it keeps the best attempt and the last <see cref="KeptLast"/>, and
/// counts attempts as a number so a maximum still holds after trimming. Every attempt stays in the learning events.</summary>
public static class AttemptHistory
{
    /// <summary>How many of the latest attempts per assessment stay in state (besides the best).</summary>
    public const int KeptLast = 10;

    /// <summary>Attempts made at <paramref name="lessonId"/>; state from before counts were kept counts its list, which was never trimmed.</summary>
    public static int Made(CourseEnrollmentState state, string lessonId)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.AttemptCounts.TryGetValue(lessonId, out var made) ? made : state.Attempts.Count(a => a.LessonId == lessonId);
    }

    public static int Granted(CourseEnrollmentState state, string lessonId)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.GrantedAttempts.GetValueOrDefault(lessonId);
    }

    /// <summary>Keeps <paramref name="attempt"/>, counts it, and trims the lesson's attempts to the best and the last <see cref="KeptLast"/>.</summary>
    public static void Add(CourseEnrollmentState state, AssessmentAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(attempt);
        var lessonId = attempt.LessonId;
        state.AttemptCounts[lessonId] = Made(state, lessonId) + 1;
        state.Attempts.Add(attempt);
        var mine = state.Attempts.Where(a => a.LessonId == lessonId).ToList();
        if (mine.Count <= KeptLast)
        {
            return;
        }

        var best = Best(mine)!;
        var keep = mine.Skip(mine.Count - KeptLast).Append(best).ToHashSet();
        state.Attempts.RemoveAll(a => a.LessonId == lessonId && !keep.Contains(a));
    }

    /// <summary>When the last attempt at <paramref name="lessonId"/> was made (it is always kept); null before the first.</summary>
    public static DateTimeOffset? LastAt(CourseEnrollmentState state, string lessonId)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Attempts.LastOrDefault(a => a.LessonId == lessonId)?.At;
    }

    /// <summary>The learner's standing with one assessment at <paramref name="now"/>, for progress and the player.</summary>
    public static AssessmentStatus Status(CourseEnrollmentState state, string lessonId, Assessment assessment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var kept = state.Attempts.Where(a => a.LessonId == lessonId).ToList();
        var made = Made(state, lessonId);
        var allowed = AttemptPolicy.Allowed(assessment, Granted(state, lessonId));
        var last = kept.Count > 0 ? kept[^1].At : (DateTimeOffset?)null;
        var opens = AttemptPolicy.WaitEndsAt(assessment, last);
        // A wait matters only while it lies ahead and an attempt is left to make.
        var next = opens > now && (allowed is null || made < allowed) ? opens : null;
        return new AssessmentStatus(lessonId, made, allowed, Best(kept)?.Score, kept.Any(a => a.Passed), last, next);
    }

    /// <summary>The highest score, the earliest of equals; null when there is none.</summary>
    public static AssessmentAttempt? Best(IEnumerable<AssessmentAttempt> attempts) =>
        attempts.OrderByDescending(a => a.Score).ThenBy(a => a.At).FirstOrDefault();
}
