using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// Plays the last 90 days of <see cref="DemoCompany"/> through the grains, as its people would have: accounts, courses and
/// packages published by their authors and approver, assignments with due dates, courses started and lessons completed,
/// assessments failed and passed, imported credit, and version 2 of the onboarding series published 30 days ago. Each act
/// runs with <see cref="DemoClock"/> set to its moment, so the records carry the story's days. The same acts on every
/// start (a fixed seed); only the days move with today.
/// </summary>
public sealed partial class DemoHistory(IGrainFactory grains, DemoClock clock, ILogger<DemoHistory> logger)
{
    private const int History = 90;

    private static readonly string[] DevelopmentRequired = ["customer-service", "data-handling"];

    private static readonly string[] DevelopmentOptional =
    [
        "leadership-essentials", "first-aid-basics", "forklift-safety", "working-at-height", "warehouse-orientation", "password-security",
        "phishing-awareness", "gdpr-overview",
    ];

    private readonly List<(DateTimeOffset At, Func<Task> Act)> _acts = [];
    private readonly Dictionary<(string User, string Course), DateTimeOffset> _taken = [];
    private DateTimeOffset _today;
    private int _refused;

    /// <summary>Today (UTC midnight) as the history counts its days, and the moment it begins: the clock of a portal that
    /// plays it starts there, so the silo never sees its clock go back (Orleans refuses that).</summary>
    public static (DateTimeOffset Today, DateTimeOffset Start) Days(TimeProvider system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var today = new DateTimeOffset(system.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        return (today, today.AddDays(-History - 2).AddHours(8));
    }

    /// <summary>Plays the history once, moving the clock forward act by act, then lets the clock follow the system's again.</summary>
    public async Task PlayAsync(CancellationToken cancellationToken)
    {
        try
        {
            _today = Days(TimeProvider.System).Today;
            if (await Package(DemoCompany.Onboarding).GetActiveAsync() is not null)
            {
                return;
            }

            await PublishCompanyAsync();
            Plan();
            foreach (var (at, act) in _acts.OrderBy(a => a.At))
            {
                cancellationToken.ThrowIfCancellationRequested();
                clock.Set(at);
                try
                {
                    await act();
                }
                catch (DomainException refused)
                {
                    _refused++;
                    LogActRefused(logger, at, refused.Code, refused.Message);
                }
            }
        }
        finally
        {
            clock.Reset();
        }

        LogPlayed(logger, DemoCompany.Learners.Count, _acts.Count, _refused);
    }

    private async Task PublishCompanyAsync()
    {
        foreach (var (id, first, last, roles, bio) in DemoCompany.Staff)
        {
            await User(id).CreateAsync(new NewUser(DemoCompany.Email(first, last), first, last, roles), "local-mode");
            await User(id).UpdateProfileAsync(new ProfileUpdate(first, last, Bio: bio, TimeZone: "Europe/Oslo"));
        }

        foreach (var (id, first, last) in DemoCompany.Learners)
        {
            await User(id).CreateAsync(new NewUser(DemoCompany.Email(first, last), first, last, [Role.Learner]), "local-mode");
        }

        foreach (var (id, author, content) in DemoCompany.Courses)
        {
            var course = grains.GetGrain<ICourseGrain>(GrainKeys.Course(id));
            // Each course's author teaches it, so its page has an instructor card.
            await course.ImportAsync(content with { Instructors = [author] }, author);
            await course.PublishAsync(new PublishRequest("First version"), DemoCompany.Approver);
        }

        foreach (var (id, content) in new[]
        {
            (DemoCompany.Onboarding, DemoCompany.OnboardingV1), (DemoCompany.Certification, DemoCompany.CertificationContent),
            (DemoCompany.Development, DemoCompany.DevelopmentContent),
        })
        {
            await Package(id).CreateAsync(content, "demo-ines-berg");
            await Package(id).PublishAsync(new PublishRequest("First version"), DemoCompany.Approver);
        }
    }

    // Onboarding first, then the certification and the choice, so a course a learner already takes for one package is
    // not taken again for the next (it counts for both, as in the portal).
    private void Plan()
    {
        var random = new Random(2026);
        At(Day(-30, 10), async () =>
        {
            await Package(DemoCompany.Onboarding).CreateDraftAsync(1, "demo-ines-berg");
            await Package(DemoCompany.Onboarding).SaveDraftAsync(DemoCompany.OnboardingV2, "demo-ines-berg");
            await Package(DemoCompany.Onboarding).PublishAsync(new PublishRequest("First aid is now part of onboarding."), DemoCompany.Approver);
        });
        for (var i = 0; i < DemoCompany.Learners.Count; i++)
        {
            var user = DemoCompany.Learners[i].Id;
            if (i < 24)
            {
                PlanOnboarding(random, user, i);
            }

            if (i < 30)
            {
                PlanCertification(random, user, i);
            }

            if (i >= 10)
            {
                PlanDevelopment(random, user, i);
            }
        }
    }

    // New hires every few days; those hired in the last 30 days get version 2. Every fifth stalls after the first course
    // and ends up overdue.
    private void PlanOnboarding(Random random, string user, int i)
    {
        var enrolled = Day(-88 + (i * 7 / 2), 9);
        Enroll(user, DemoCompany.Onboarding, enrolled, enrolled.AddDays(30));
        string[] courses = enrolled > Day(-30, 10)
            ? ["warehouse-orientation", "forklift-safety", "working-at-height", "first-aid-basics"]
            : ["warehouse-orientation", "forklift-safety", "working-at-height"];
        var at = enrolled;
        foreach (var course in i % 5 == 4 ? courses.Take(1) : courses)
        {
            at = at.AddDays(1 + random.Next(5)).AddHours(random.Next(6));
            Take(random, user, course, DemoCompany.Onboarding, at);
        }
    }

    // Half certified about 80 days ago, so their 90-day certification expires soon; a few bring first aid as imported
    // credit from an outside course; every fourth never finishes and is overdue.
    private void PlanCertification(Random random, string user, int i)
    {
        var enrolled = i % 2 == 0 ? Day(-86 + (i % 12), 11) : Day(-50 + (i % 30), 11);
        if (i is >= 25 and <= 28)
        {
            At(enrolled.AddHours(-2), () => User(user).ImportCreditAsync("first-aid-basics", Day(-120, 12), "Red Cross first aid course, certificate on file", DemoCompany.Approver));
            _taken[(user, "first-aid-basics")] = Day(-120, 12);
        }

        Enroll(user, DemoCompany.Certification, enrolled, enrolled.AddDays(21));
        if (i % 4 == 3)
        {
            return;
        }

        var at = enrolled.AddDays(1 + random.Next(3));
        Take(random, user, "first-aid-basics", DemoCompany.Certification, at);
        if (!_taken.ContainsKey((user, "forklift-safety")) && !_taken.ContainsKey((user, "working-at-height")))
        {
            Take(random, user, random.Next(2) == 0 ? "forklift-safety" : "working-at-height", DemoCompany.Certification, at.AddDays(1 + random.Next(3)));
        }
    }

    // The choice: the two required courses, then up to five of the others; four or more of those completes it.
    private void PlanDevelopment(Random random, string user, int i)
    {
        var enrolled = Day(-60 + (i % 20), 14);
        Enroll(user, DemoCompany.Development, enrolled, null);
        var at = enrolled;
        var optional = DevelopmentOptional.OrderBy(_ => random.Next()).Take(random.Next(6));
        foreach (var course in DevelopmentRequired.Concat(optional))
        {
            at = at.AddDays(1 + random.Next(4)).AddHours(random.Next(4));
            if (at < Day(0, 0))
            {
                Take(random, user, course, DemoCompany.Development, at);
            }
        }
    }

    private void Enroll(string user, string package, DateTimeOffset at, DateTimeOffset? due) =>
        At(at, () => User(user).EnrollInPackageAsync(package, DemoCompany.Approver, due));

    // A course taken in one sitting: started, each required lesson a quarter of an hour apart, the assessment failed once
    // by about a third of the learners before they pass it; each step an act of its own, so the clock only moves forward.
    // Done once per learner, whichever package asked first; a refused start leaves the rest of the sitting out.
    private void Take(Random random, string user, string courseId, string package, DateTimeOffset at)
    {
        if (at >= Day(0, 0) || !_taken.TryAdd((user, courseId), at))
        {
            return;
        }

        var failsFirst = random.Next(3) == 0;
        var lessons = (DemoCompany.Courses.FirstOrDefault(c => c.Id == courseId).Content?.Modules ?? DemoData.Courses.First(c => c.Id == courseId).Content.Modules)
            .SelectMany(m => m.Lessons).Where(l => l.Required).ToList();
        var progress = grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(user, courseId));
        var started = false;
        At(at, async () =>
        {
            await progress.StartAsync(package);
            started = true;
        });
        var step = at;
        foreach (var lesson in lessons)
        {
            step = step.AddMinutes(15);
            if (lesson.Assessment is { } assessment)
            {
                if (failsFirst)
                {
                    At(step, () => started ? progress.SubmitAttemptAsync(lesson.Id, Answers(assessment, right: false)) : Task.CompletedTask);
                    step = step.AddMinutes(20);
                }

                At(step, () => started ? progress.SubmitAttemptAsync(lesson.Id, Answers(assessment, right: true)) : Task.CompletedTask);
            }
            else
            {
                At(step, () => started ? progress.CompleteLessonAsync(lesson.Id) : Task.CompletedTask);
            }
        }

        At(step.AddMinutes(1), () => started ? CompletionReachedAsync(user, courseId) : Task.CompletedTask);
    }

    // The course's news reaches the user (and through it the packages) on a timer; the next act waits for it, so a
    // package completion carries the day the course was completed, not a later one.
    private async Task CompletionReachedAsync(string user, string courseId)
    {
        for (var wait = 0; wait < 500 && !(await User(user).GetCompletionsAsync()).ContainsKey(courseId); wait++)
        {
            await Task.Delay(10);
        }
    }

    private static ImmutableDictionary<string, ImmutableArray<string>> Answers(Assessment assessment, bool right) =>
        assessment.Questions.ToImmutableDictionary(q => q.Id, q => q.Options.Where(o => o.Correct == right).Take(1).Select(o => o.Id).ToImmutableArray());

    private void At(DateTimeOffset at, Func<Task> act) => _acts.Add((at, act));

    private DateTimeOffset Day(int day, int hour) => _today.AddDays(day).AddHours(hour);

    private IUserGrain User(string id) => grains.GetGrain<IUserGrain>(GrainKeys.User(id));

    private IPackageGrain Package(string id) => grains.GetGrain<IPackageGrain>(GrainKeys.Package(id));

    [LoggerMessage(Level = LogLevel.Information, Message = "Local mode demo history: {Learners} learners of Fjordline Logistics over 90 days, {Acts} acts ({Refused} refused)")]
    private static partial void LogPlayed(ILogger logger, int learners, int acts, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo history act at {At} refused ({Code}): {Reason}")]
    private static partial void LogActRefused(ILogger logger, DateTimeOffset at, string code, string reason);
}
