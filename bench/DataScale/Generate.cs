using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace CoursePortal.DataScale;

/// <summary>The <c>generate</c> command: the company's accounts, courses, packages and current enrollments through the
/// grains, then its history into learning_events with COPY, cycle by cycle (the next cycle generated while the last
/// one is written), then the read models and statistics. Prints each phase's time and rate, and the table sizes.</summary>
public sealed class Generate(Options options, IGrainFactory grains, NpgsqlDataSource database)
{
    private readonly StringBuilder _report = new();

    public async Task<int> RunAsync()
    {
        var events = options.Number("events", 10_000_000);
        var years = options.Count("years", 10);
        var seed = options.Count("seed", 16);
        var until = options.TextOrNull("until") is { } day
            ? DateTime.SpecifyKind(DateTime.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : DateTime.UtcNow.Date;
        var start = until.AddYears(-years);
        var days = (int)(until - start).TotalDays;
        var courses = Catalogue.Courses(years);
        var history = new History(start, days, courses, GrainSetup.HrAdminId, seed);

        var watch = Stopwatch.StartNew();
        var headcount = options.Count("employees", 0) is > 0 and var given ? given : Calibrate(history, days, seed, events, years);
        var people = People.Generate(headcount, days, seed);
        var current = people.Where(p => p.LeaveDay is null && p.HireDay < days).ToList();
        Phase("people", people.Count, watch.Elapsed, $"headcount {headcount:N0}, {people.Count:N0} people over {years} years, {current.Count:N0} employed today");

        var setup = new GrainSetup(grains, options.Count("parallel", 64));
        await GrainPhasesAsync(setup, courses, people, current, start.Year, years, until);

        var store = new EventStore(database);
        var partitions = options.Text("partition-function", "learning_events_create_partitions");
        var partitioned = await store.CreatePartitionsAsync(partitions, new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-1), until.AddMonths(3));
        Line(partitioned ? $"partitions made ahead by {partitions}()" : $"no {partitions}(): learning_events is written as the schema has it");

        var rebuild = await store.FindRebuildFunctionAsync(options.TextOrNull("rebuild-function"));
        if (rebuild is not null)
        {
            await store.SetReadModelTriggersAsync(enabled: false);
        }

        var deferIndexes = options.Text("indexes", "after") switch
        {
            "after" => true,
            "in-place" => false,
            var other => throw new ArgumentException($"--indexes is 'after' or 'in-place', not '{other}'"),
        };
        var dropped = deferIndexes ? await store.DropIndexesAsync() : [];
        var written = await CopyAsync(store, history, people, years, deferIndexes);
        if (deferIndexes)
        {
            watch.Restart();
            await store.CreateIndexesAsync(dropped);
            Phase("indexes made after the COPY", written, watch.Elapsed, $"{dropped.Count} indexes of learning_events from their definitions, built sorted");
        }

        watch.Restart();
        if (rebuild is null)
        {
            Line("no read-model rebuild function in this schema: skipped");
        }
        else
        {
            await store.SetReadModelTriggersAsync(enabled: true);
            await store.RebuildReadModelsAsync(rebuild);
            Phase("read-model rebuild", written, watch.Elapsed, $"{rebuild}() after the COPY with the read models' triggers off");
        }
        watch.Restart();
        await store.VacuumAnalyzeAsync();
        Phase("VACUUM ANALYZE", written, watch.Elapsed, "");

        Line("table sizes (with indexes and partitions):");
        foreach (var (table, bytes, indexBytes, rows) in (await store.SizesAsync()).Where(s => s.Bytes > 1_000_000))
        {
            Line(string.Create(CultureInfo.InvariantCulture,
                $"  {table}: {EventStore.Megabytes(bytes)} ({EventStore.Megabytes(bytes - indexBytes)} rows and TOAST, {EventStore.Megabytes(indexBytes)} indexes), {rows:N0} rows (estimate), {bytes / Math.Max(rows, 1):N0} bytes a row"));
        }

        var sample = current.Take(options.Count("sample-learners", 5)).ToList();
        var learner = current.FirstOrDefault(p => p.HireDay < 0) ?? current[0];
        new Manifest(start, until, years, headcount, people.Count, written, Catalogue.AnnualPackage(start.Year + years), Catalogue.AnnualPackage(start.Year + years - 1),
            Catalogue.AnnualPackage(start.Year), Catalogue.RequiredCourses[0], learner.UserId, [.. sample.Select(p => p.Email)], SamplePassword, GrainSetup.HrAdminEmail, AdminPassword)
            .Save(options.Text("manifest", "datascale.json"));
        Line($"sample learners (password {SamplePassword}): {string.Join(", ", sample.Select(p => p.Email))}");
        if (options.TextOrNull("markdown") is { } markdown)
        {
            await File.WriteAllTextAsync(markdown, _report.ToString());
        }

        return 0;
    }

    private string SamplePassword => options.Text("sample-password", "datascale-learner-1");

    private string AdminPassword => options.Text("admin-password", "datascale-admin-password-1");

    private async Task GrainPhasesAsync(GrainSetup setup, IReadOnlyList<CourseSpec> courses, List<Person> people, List<Person> current, int firstYear, int years, DateTime until)
    {
        // Passwords are hashed the way the web hashes them (PBKDF2; the iterations travel in the hash), once each.
        var hasher = new PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = options.Count("hash-iterations", 1000) }));
        var watch = Stopwatch.StartNew();
        await setup.HrAdminAsync(hasher.HashPassword(new object(), AdminPassword));
        var published = await setup.CoursesAsync(courses);
        published += await setup.PackagesAsync(GrainSetup.Packages(firstYear, years));
        Phase("courses and packages (grains)", published, watch.Elapsed, $"{courses.Count} courses, {years + 2} packages, versions published");

        var hash = hasher.HashPassword(new object(), SamplePassword);
        var sampleCount = options.Count("sample-learners", 5);
        var sampled = current.Take(sampleCount).Select(p => p.Index).ToHashSet();
        watch.Restart();
        var created = await setup.AccountsAsync(people, sampled, hash);
        Phase("accounts (user grains)", created, watch.Elapsed, "company sign-in accounts, no password hash (the sample learners share one)");

        watch.Restart();
        var enrolled = await setup.CurrentEnrollmentsAsync(current, Catalogue.AnnualPackage(firstYear + years), new DateTimeOffset(until.AddDays(90), TimeSpan.Zero));
        Phase("current enrollments (user and package enrollment grains)", enrolled, watch.Elapsed, $"everyone employed today in {Catalogue.AnnualPackage(firstYear + years)}");
    }

    private async Task<long> CopyAsync(EventStore store, History history, List<Person> people, int years, bool indexesAfter)
    {
        var wall = Stopwatch.StartNew();
        var generating = TimeSpan.Zero;
        var copying = TimeSpan.Zero;
        long written = 0;
        Task<(List<Row> Rows, TimeSpan Took)> Next(int k) => Task.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            return (history.Chunk(people, k), watch.Elapsed);
        });

        var next = Next(0);
        for (var k = 0; k < years; k++)
        {
            var (rows, took) = await next;
            generating += took;
            if (k + 1 < years)
            {
                next = Next(k + 1);
            }

            var watch = Stopwatch.StartNew();
            written += await Task.Run(() => store.Write(rows));
            copying += watch.Elapsed;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"datascale: cycle {k + 1}/{years}: {rows.Count:N0} events (generated in {took.TotalSeconds:0.0} s, written in {watch.Elapsed.TotalSeconds:0.0} s)"));
        }

        Phase("history generated (in parallel with COPY)", written, generating, "");
        Phase("COPY into learning_events", written, copying, indexesAfter ? "binary COPY, primary key only (the other indexes are made after)" : "binary COPY, indexes in place");
        Phase("history, wall time", written, wall.Elapsed, "");
        return written;
    }

    // Events per head over the history, from a small company with the same rules: the headcount that gives the asked-for events.
    private static int Calibrate(History history, int days, int seed, long events, int years)
    {
        const int Sample = 300;
        var people = People.Generate(Sample, days, seed + 1);
        long count = 0;
        for (var k = 0; k < years; k++)
        {
            count += history.Chunk(people, k).Count;
        }

        return (int)Math.Max(20, events * Sample / Math.Max(1, count));
    }

    private void Phase(string what, long rows, TimeSpan took, string note) =>
        Line(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {rows:N0} in {took.TotalSeconds:N1} s ({rows / Math.Max(took.TotalSeconds, 0.001):N0}/s){(note.Length > 0 ? "; " + note : "")}"));

    private void Line(string text)
    {
        Console.WriteLine($"datascale: {text}");
        _report.AppendLine(CultureInfo.InvariantCulture, $"- {text}");
    }
}
