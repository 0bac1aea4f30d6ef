using System.Text.Json;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.DataScale;

/// <summary>One row of learning_events as a grain would have written it (details serialized the way the grains
/// serialize them: System.Text.Json over the same anonymous shapes).</summary>
public readonly record struct Row(
    Guid EventId, DateTime OccurredAt, DateTime RecordedAt, string Kind, string? ActorId, string? UserId, string? PackageId,
    int? PackageVersion, string? CourseId, int? CourseVersion, string? LessonId, string Details);

/// <summary>
/// The learning events of the company's history, cycle by cycle. Cycle k runs for a year from the k-th anniversary of
/// the start; each person employed in it is enrolled in that year's annual package by HR (due in 90 days), is moved
/// along when the package's v2 and v3 are published while still open, and takes its seven courses (three required, a
/// series of two in order, anti-bribery and one of three electives): most on time, some late (the due date missed), some never (overdue,
/// or gone). Every hire takes the onboarding series in their first month; those already there at the start get their
/// onboarding imported from the previous system. A few course requirements are met by manual credit; a learner who
/// fails a quiz three times is granted a fourth attempt.
/// </summary>
public sealed class History(DateTime start, int days, IReadOnlyList<CourseSpec> courses, string hrActor, int seed)
{
    private const string EmptyDetails = "{}";

    public DateTime Start { get; } = start;

    /// <summary>The first day of cycle <paramref name="k"/> (the current cycle is k = years).</summary>
    public int CycleStart(int k) => (int)(Start.AddYears(k) - Start).TotalDays;

    /// <summary>The annual package's versions during cycle k take over on these days after the cycle starts.</summary>
    public static readonly int[] PackageVersionOffsets = [0, 45, 120];

    /// <summary>The onboarding package's versions take over on these days.</summary>
    public IReadOnlyList<int> OnboardingVersionDays => [0, days / 3 + 50, 2 * days / 3 + 80];

    /// <summary>Every event of chunk <paramref name="k"/> (cycle k's annual package, the onboarding of those hired in
    /// it, and for k = 0 the imported history), in time order.</summary>
    public List<Row> Chunk(IReadOnlyList<Person> people, int k)
    {
        var parts = new List<Row>[people.Count];
        Parallel.For(0, people.Count, i =>
        {
            var rows = new List<Row>();
            var person = people[i];
            var random = new Random(Seeds.Mix(seed, person.Index + 1000, k));
            if (k == 0 && person.HireDay < 0)
            {
                ImportedOnboarding(rows, person, random);
            }

            if (person.HireDay >= CycleStart(k) && person.HireDay < CycleStart(k + 1))
            {
                Onboarding(rows, person, random);
            }

            AnnualCycle(rows, person, k, random);
            // Ids unique by construction: two parts whose 32-bit seeds collide (a birthday match among ~200,000 parts at
            // 10M events) would otherwise draw the same ids.
            for (var j = 0; j < rows.Count; j++)
            {
                rows[j] = rows[j] with { EventId = Seeds.EventId(person.Index, k, j, rows[j].EventId) };
            }

            parts[i] = rows;
        });

        var all = new List<Row>(parts.Sum(p => p.Count));
        foreach (var part in parts)
        {
            all.AddRange(part);
        }

        all.Sort((a, b) => a.OccurredAt != b.OccurredAt ? a.OccurredAt.CompareTo(b.OccurredAt) : a.EventId.CompareTo(b.EventId));
        return all;
    }

    private void ImportedOnboarding(List<Row> rows, Person person, Random random)
    {
        var at = Start.AddHours(10).AddSeconds(random.Next(0, 3600));
        foreach (var course in Catalogue.OnboardingCourses)
        {
            var completedAt = new DateTimeOffset(Start.AddDays(person.HireDay + random.Next(2, 25)).AddHours(11), TimeSpan.Zero);
            rows.Add(Event(random, at, LearningEventKinds.CreditGranted, hrActor, person.UserId, courseId: course,
                details: Details(new { reason = "Imported from the previous learning system", source = "imported", completedAt })));
        }
    }

    private void Onboarding(List<Row> rows, Person person, Random random)
    {
        var enrolledAt = Start.AddDays(person.HireDay + 1).AddHours(8).AddSeconds(random.Next(0, 7200));
        var version = VersionOn(OnboardingVersionDays, person.HireDay + 1);
        var due = new DateTimeOffset(enrolledAt.AddDays(30), TimeSpan.Zero);
        var enrollment = new Enrollment(Catalogue.Onboarding, version);
        var end = person.LeaveDay is { } leave ? Start.AddDays(leave) : Start.AddDays(days);
        rows.Add(enrollment.Event(random, enrolledAt, LearningEventKinds.Enrolled, hrActor, person.UserId, Details(new { dueAt = (DateTimeOffset?)due, enrolledBy = hrActor })));
        var late = random.NextDouble() < 0.06;
        var at = enrolledAt.AddHours(random.Next(2, late ? 900 : 300));
        var done = at;
        foreach (var course in Catalogue.OnboardingCourses)
        {
            done = TakeCourse(rows, person, Catalogue.Course(courses, course), at, end, random);
            if (done >= end)
            {
                return;
            }

            at = done.AddHours(random.Next(1, late ? 200 : 72));
        }

        CompletePackage(rows, enrollment, person, done, end, random);
    }

    private void AnnualCycle(List<Row> rows, Person person, int k, Random random)
    {
        var (cycleStart, cycleEnd) = (CycleStart(k), CycleStart(k + 1));
        var enrollDay = Math.Max(cycleStart + random.Next(0, 21), person.HireDay + 7);
        if (!person.EmployedOn(enrollDay) || enrollDay > cycleEnd - 60)
        {
            return;
        }

        var enrolledAt = Start.AddDays(enrollDay).AddHours(7).AddSeconds(random.Next(0, 10_800));
        var version = VersionOn(PackageVersionOffsets, enrollDay - cycleStart);
        var due = new DateTimeOffset(enrolledAt.AddDays(90), TimeSpan.Zero);
        var enrollment = new Enrollment(Catalogue.AnnualPackage(Start.AddYears(k).Year), version);
        rows.Add(enrollment.Event(random, enrolledAt, LearningEventKinds.Enrolled, hrActor, person.UserId, Details(new { dueAt = (DateTimeOffset?)due, enrolledBy = hrActor })));
        var end = Start.AddDays(Math.Min(person.LeaveDay ?? days, Math.Min(days, cycleEnd + 120)));
        var outcome = random.NextDouble();
        var finishBy = outcome < 0.8 ? enrolledAt.AddDays(random.Next(5, 88)) : enrolledAt.AddDays(random.Next(95, 200));
        var stopAfter = outcome < 0.95 ? int.MaxValue : random.Next(0, 7);
        var plan = AnnualCourses(random);
        var at = enrolledAt.AddHours(random.Next(1, 240));
        var step = TimeSpan.FromTicks(Math.Max(TimeSpan.FromHours(2).Ticks, ((finishBy - at) / plan.Count).Ticks));
        var done = at;
        for (var i = 0; i < plan.Count && i < stopAfter; i++)
        {
            at = Moves(rows, enrollment, person, k, at, random);
            done = random.NextDouble() < 0.01
                ? Credit(rows, person, plan[i], at, random)
                : TakeCourse(rows, person, Catalogue.Course(courses, plan[i]), at, end, random);
            if (done >= end)
            {
                return;
            }

            at = done + step * (0.5 + random.NextDouble());
        }

        if (stopAfter == int.MaxValue)
        {
            CompletePackage(rows, enrollment, person, done, end, random);
        }
        else
        {
            Moves(rows, enrollment, person, k, end, random);
        }
    }

    // An HR admin moves every open enrollment to a new version of the package the morning after it is published.
    private DateTime Moves(List<Row> rows, Enrollment enrollment, Person person, int k, DateTime until, Random random)
    {
        for (var v = enrollment.Version; v < PackageVersionOffsets.Length; v++)
        {
            var moveAt = Start.AddDays(CycleStart(k) + PackageVersionOffsets[v] + 1).AddHours(6).AddSeconds(random.Next(0, 600));
            if (moveAt > until || !person.EmployedOn((int)(moveAt - Start).TotalDays))
            {
                break;
            }

            rows.Add(enrollment.Event(random, moveAt, LearningEventKinds.MovedToVersion, hrActor, person.UserId,
                Details(new { from = enrollment.Version, to = v + 1 }), version: v + 1));
            enrollment.Version = v + 1;
        }

        return until;
    }

    private static List<string> AnnualCourses(Random random)
    {
        var electives = Catalogue.Electives.Take(1).Append(Catalogue.Electives[random.Next(1, Catalogue.Electives.Length)]);
        var plan = Catalogue.RequiredCourses.OrderBy(_ => random.Next()).ToList();
        plan.InsertRange(random.Next(0, plan.Count + 1), Catalogue.SafetySeries);
        plan.AddRange(electives);
        return plan;
    }

    private DateTime Credit(List<Row> rows, Person person, string courseId, DateTime at, Random random)
    {
        var completedAt = new DateTimeOffset(at, TimeSpan.Zero);
        rows.Add(Event(random, at, LearningEventKinds.CreditGranted, hrActor, person.UserId, courseId: courseId,
            details: Details(new { reason = "Attended the classroom session", source = "manual", completedAt = (DateTimeOffset?)completedAt })));
        return at.AddSeconds(2);
    }

    /// <summary>Starts and finishes one course from <paramref name="at"/> (stopping at <paramref name="end"/>);
    /// answers when the last event happened, or <paramref name="end"/> when the learner left before finishing.</summary>
    private DateTime TakeCourse(List<Row> rows, Person person, CourseSpec course, DateTime at, DateTime end, Random random)
    {
        var version = course.VersionOn((int)(at - Start).TotalDays);
        var user = person.UserId;
        void Add(DateTime t, string kind, string? lesson = null, string details = EmptyDetails, string? actor = null) =>
            rows.Add(Event(random, t, kind, actor ?? user, user, courseId: course.Id, courseVersion: version, lessonId: lesson, details: details));

        if (at >= end)
        {
            return end;
        }

        Add(at, LearningEventKinds.CourseStarted);
        foreach (var lesson in course.LessonIds)
        {
            at = at.AddSeconds(random.Next(60, random.NextDouble() < 0.1 ? 200_000 : 1_800));
            if (at >= end)
            {
                return end;
            }

            Add(at, LearningEventKinds.LessonCompleted, lesson);
        }

        for (var attempt = 1; ; attempt++)
        {
            at = at.AddSeconds(random.Next(120, 900));
            if (at >= end)
            {
                return end;
            }

            var passed = attempt > CourseSpec.MaxAttempts || random.NextDouble() < 0.72;
            var score = passed ? random.Next(CourseSpec.PassMark, 101) : random.Next(30, CourseSpec.PassMark);
            Add(at, LearningEventKinds.AssessmentAttempted, CourseSpec.QuizId,
                Details(new { score, passed, passMark = CourseSpec.PassMark, attempt }));
            if (passed)
            {
                Add(at, LearningEventKinds.LessonCompleted, CourseSpec.QuizId);
                Add(at, LearningEventKinds.CourseCompleted);
                return at;
            }

            if (attempt == CourseSpec.MaxAttempts)
            {
                at = at.AddHours(random.Next(4, 72));
                Add(at, LearningEventKinds.AttemptGranted, CourseSpec.QuizId,
                    Details(new { granted = 1, allowed = CourseSpec.MaxAttempts + 1, reason = (string?)"Retake after a talk with the trainer" }), hrActor);
            }
        }
    }

    // The package enrollment hears of the course completion a moment later (the user grain's notice).
    private static void CompletePackage(List<Row> rows, Enrollment enrollment, Person person, DateTime at, DateTime end, Random random)
    {
        var completedAt = at.AddMilliseconds(random.Next(50, 3000));
        if (completedAt < end)
        {
            rows.Add(enrollment.Event(random, completedAt, LearningEventKinds.PackageCompleted, person.UserId, person.UserId, EmptyDetails));
        }
    }

    private static int VersionOn(IReadOnlyList<int> versionDays, int day) => Math.Max(1, versionDays.Count(d => d <= day));

    private static string Details<T>(T details) => JsonSerializer.Serialize(details);

    private static Row Event(
        Random random, DateTime at, string kind, string? actor, string? user, string? packageId = null, int? packageVersion = null,
        string? courseId = null, int? courseVersion = null, string? lessonId = null, string details = EmptyDetails)
    {
        // Grain clocks have sub-second times; the row lands a few milliseconds after the change (recorded_at).
        var occurred = at.AddTicks(random.Next(0, 10_000_000));
        return new Row(Seeds.NewId(random), occurred, occurred.AddTicks(random.Next(20_000, 2_000_000)), kind, actor, user, packageId, packageVersion,
            courseId, courseVersion, lessonId, details);
    }

    /// <summary>One person's enrollment in one package while the history is written: its current version.</summary>
    private sealed class Enrollment(string packageId, int version)
    {
        public int Version { get; set; } = version;

        public Row Event(Random random, DateTime at, string kind, string actor, string user, string details, int? version = null) =>
            History.Event(random, at, kind, actor, user, packageId, version ?? Version, details: details);
    }
}
