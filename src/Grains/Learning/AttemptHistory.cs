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

    /// <summary>The highest score, the earliest of equals; null when there is none.</summary>
    public static AssessmentAttempt? Best(IEnumerable<AssessmentAttempt> attempts) =>
        attempts.OrderByDescending(a => a.Score).ThenBy(a => a.At).FirstOrDefault();
}
