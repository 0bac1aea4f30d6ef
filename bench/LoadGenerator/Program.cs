using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CoursePortal.LoadGenerator;

// setup: the bench courses and learner accounts. run: one scenario, with a progress line, a table and a summary file.
try
{
    var options = Options.Parse(args);
    return options.Command switch
    {
        "setup" => await SetupAsync(options),
        "run" => await RunAsync(options),
        "report" => await Report.WriteAsync(options),
        _ => throw new ArgumentException($"Unknown command '{options.Command}': setup, run or report."),
    };
}
catch (ArgumentException wrong)
{
    Console.Error.WriteLine(wrong.Message);
    return 2;
}

static async Task<int> SetupAsync(Options options)
{
    string[] LearnerRole = ["Learner"];
    var (learners, courses, lessons) = (options.Number("learners", 100), options.Number("courses", 5), options.Number("lessons", 100));
    using var portal = new Portal(options.Url, new Recorder());
    var admin = new Learner(options.Text("admin-email", "admin@bench.local"));
    await portal.SignInAsync(admin, options.Text("admin-password", ""));
    var watch = Stopwatch.StartNew();
    for (var c = 0; c < courses; c++)
    {
        var course = new
        {
            id = Portal.CourseId(c),
            title = $"Bench course {c}",
            modules = Enumerable.Range(0, 4).Select(m => new
            {
                id = $"module-{m}",
                title = $"Module {m}",
                lessons = Enumerable.Range(m * lessons / 4, lessons / 4).Select(l => new { id = Portal.LessonId(l), title = $"Lesson {l}", type = "content", required = true, markdown = "Read this." }),
            }),
        };
        var created = await portal.SetupAsync(HttpMethod.Post, "/v1/courses", admin.Cookie, course, HttpStatusCode.Conflict);
        if (created.ValueKind == JsonValueKind.Object && created.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "draft")
        {
            await portal.SetupAsync(HttpMethod.Post, $"/v1/courses/{Portal.CourseId(c)}/publish", admin.Cookie, new { changeNotes = "bench" });
        }
    }

    var made = 0;
    var first = options.Number("first-learner", 0);
    await Parallel.ForAsync(first, first + learners, new ParallelOptions { MaxDegreeOfParallelism = options.Number("parallel", 16) }, async (i, _) =>
    {
        await portal.SetupAsync(HttpMethod.Post, "/v1/users", admin.Cookie,
            new { email = Portal.Email(i), firstName = "Bench", lastName = $"Learner {i}", password = Portal.LearnerPassword, roles = LearnerRole },
            HttpStatusCode.Conflict);
        if (Interlocked.Increment(ref made) % 1000 == 0)
        {
            Console.Error.WriteLine($"setup: {made} learners");
        }
    });
    Console.WriteLine($"setup: {courses} courses of {lessons} lessons and {learners} learners ready in {watch.Elapsed.TotalSeconds:0.0} s");
    return 0;
}

static async Task<int> RunAsync(Options options)
{
    var scenario = options.Text("scenario", "complete");
    var concurrency = options.Number("concurrency", 32);
    var learnerCount = scenario == "flow" ? options.Number("learners", 1000) : Math.Max(concurrency, options.Number("learners", concurrency));
    var (courses, lessons) = (options.Number("courses", 5), options.Number("lessons", 100));
    var (warmup, duration) = (TimeSpan.FromSeconds(options.Number("warmup", 5)), TimeSpan.FromSeconds(options.Number("duration", 20)));
    var (thinkMin, thinkMax) = (options.Number("think-min", 0), options.Number("think-max", 0));
    var recorder = new Recorder();
    using var portal = new Portal(options.Url, recorder);
    var learners = Enumerable.Range(options.Number("first-learner", 0), learnerCount).Select(i => new Learner(Portal.Email(i))).ToList();
    // Learners an earlier run already took through the first lessons start further on, so no completion repeats one.
    var firstLesson = options.Number("first-lesson", 0);

    var ceiling = scenario.StartsWith("ceiling-", StringComparison.Ordinal);
    var prepared = Stopwatch.StartNew();
    if (!ceiling)
    {
        // Signing in and starting the first course are preparation, not measured.
        await Parallel.ForEachAsync(learners, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (learner, _) =>
        {
            await portal.SignInAsync(learner);
            learner.Course = 0;
            learner.Lesson = firstLesson;
            await portal.StartAsync(learner, 0);
        });
        Console.Error.WriteLine($"prepared {learners.Count} learners in {prepared.Elapsed.TotalSeconds:0.0} s");
    }

    using var stop = new CancellationTokenSource();
    async Task ThinkAsync()
    {
        if (thinkMax > 0)
        {
            await Task.Delay(Random.Shared.Next(thinkMin, thinkMax + 1), stop.Token);
        }
    }

    async Task NextLessonAsync(Learner learner)
    {
        if (learner.Lesson >= lessons)
        {
            learner.Course = (learner.Course + 1) % courses;
            learner.Lesson = 0;
            await portal.StartAsync(learner, learner.Course);
        }

        await portal.CompleteAsync(learner, learner.Course, learner.Lesson++);
    }

    // A worker takes its learners in turn (w, w + workers, …), so each learner's lessons last the whole run.
    var turns = new int[learnerCount];
    Learner Next(int w)
    {
        var owned = Math.Max(1, learnerCount / concurrency);
        return learners[w + (concurrency * (turns[w]++ % owned))];
    }

    Func<int, Task> step = scenario switch
    {
        "complete" => w => NextLessonAsync(Next(w)),
        "progress" => w => portal.ProgressAsync(Next(w), 0),
        "mylearning" => w => portal.MyLearningAsync(Next(w)),
        "ceiling-read" => w => portal.CeilingAsync("read", w),
        "ceiling-write" => w => portal.CeilingAsync("write", w),
        "flow" => async w =>
        {
            // A learner's rhythm: complete the next lesson, look at the progress, now and then the My learning page.
            var learner = learners[w];
            await NextLessonAsync(learner);
            await ThinkAsync();
            await portal.ProgressAsync(learner, learner.Course);
            if (learner.Lesson % 5 == 0)
            {
                await ThinkAsync();
                await portal.MyLearningAsync(learner);
            }
        },
        _ => throw new ArgumentException($"Unknown scenario '{scenario}': complete, progress, mylearning, flow, ceiling-read, ceiling-write."),
    };

    var workers = scenario == "flow" ? learnerCount : concurrency;
    var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        if (thinkMax > 0)
        {
            // Spread the first requests of thousands of learners over one think time.
            await Task.Delay(Random.Shared.Next(0, thinkMax), stop.Token);
        }

        while (!stop.IsCancellationRequested)
        {
            await step(w);
            await ThinkAsync();
        }
    }, stop.Token)).ToList();

    var clock = Stopwatch.StartNew();
    await Task.Delay(warmup);
    recorder.StartMeasuring();
    while (clock.Elapsed < warmup + duration)
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(2, (warmup + duration - clock.Elapsed).TotalSeconds + 0.01)));
        Console.Error.WriteLine(recorder.ProgressLine());
    }

    recorder.StopMeasuring();
    await stop.CancelAsync();
    try
    {
        await Task.WhenAll(tasks);
    }
    catch (OperationCanceledException)
    {
    }

    var summary = recorder.Summarize(scenario, learnerCount, workers);

    Console.WriteLine(summary.Table());
    if (options.TextOrNull("out") is { } file)
    {
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(summary, Summary.Json));
    }

    return 0;
}
