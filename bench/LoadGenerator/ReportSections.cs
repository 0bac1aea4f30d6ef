using System.Globalization;
using System.Text;

namespace CoursePortal.LoadGenerator;

/// <summary>The three portal scenarios of one topology (the web as a client, or co-hosted).</summary>
public sealed record Topology(Summary CompleteRun, Summary ProgressRun, Summary MyLearningRun)
{
    public EndpointSummary Completion => CompleteRun.Endpoints.Single(e => e.Endpoint.EndsWith("/progress/complete", StringComparison.Ordinal));

    public EndpointSummary Progress => ProgressRun.Endpoints.Single();

    public EndpointSummary Page => MyLearningRun.Endpoints.Single();

    public static Topology Load(Func<string, Summary> load, string prefix) =>
        new(load($"{prefix}-complete"), load($"{prefix}-progress"), load($"{prefix}-mylearning"));

    public void AppendTables(StringBuilder md)
    {
        foreach (var summary in new[] { CompleteRun, ProgressRun, MyLearningRun })
        {
            md.AppendLine("```").AppendLine(summary.Table()).AppendLine("```");
        }
    }
}

/// <summary>One crowd of the knee search: its size, what it got, and the silo's resident memory after it.</summary>
public sealed record KneeStep(int Learners, Summary Run, long SiloKilobytes)
{
    // Over all the crowd's answers; files written before the overall figures existed fall back to the slowest endpoint.
    public double P99 => Run.P99 > 0 ? Run.P99 : Run.Endpoints.Max(e => e.P99);

    public double P50 => Run.P50 > 0 ? Run.P50 : Run.Endpoints.Max(e => e.P50);

    /// <summary>The slowest endpoint's p99, shown beside the overall one.</summary>
    public double SlowestEndpointP99 => Run.Endpoints.Max(e => e.P99);

    public long Errors => Run.Endpoints.Sum(e => e.Errors);

    public long Refused => Run.Refused;

    public double PerSecond => Run.PerSecond;

    /// <summary>The crowd held: p99 under 200 ms, no error and nothing refused.</summary>
    public bool Holds => P99 < 200 && Errors == 0 && Refused == 0;
}

/// <summary>The knee search: crowds stepped up until one does not hold.</summary>
public sealed record Knee(IReadOnlyList<KneeStep> Steps)
{
    public KneeStep? Held => Steps.LastOrDefault(s => s.Holds);

    public KneeStep? FirstFailing => Steps.FirstOrDefault(s => !s.Holds);

    public static Knee Load(string results, string steps)
    {
        var found = new List<KneeStep>();
        foreach (var learners in steps.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            var file = Path.Combine(results, $"crowd-{learners}.json");
            if (!File.Exists(file))
            {
                break;
            }

            var rss = File.ReadAllText(Path.Combine(results, $"crowd-{learners}-silo-rss.txt")).Trim();
            found.Add(new KneeStep(learners, Summary.Read(file), long.Parse(rss, CultureInfo.InvariantCulture)));
        }

        return new Knee(found);
    }

    public void Append(StringBuilder md)
    {
        md.AppendLine().AppendLine("## The knee").AppendLine();
        md.AppendLine("Crowds of signed-in learners, each completing the next lesson, reading their progress and now and then their My learning page, with 5–15 s of thinking between requests; stepped up until a crowd no longer holds (p99 over all its requests < 200 ms, no error, nothing refused). The silo's resident memory is read after each step.").AppendLine();
        md.AppendLine("| learners | requests/s | p50 ms | p99 ms | slowest endpoint's p99 ms | errors | refused | silo resident | holds |").AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var step in Steps)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {step.Learners:N0} | {step.PerSecond:N0} | {step.P50:0.0} | {step.P99:0.0} | {step.SlowestEndpointP99:0.0} | {step.Errors:N0} | {step.Refused:N0} | {step.SiloKilobytes / 1024.0:N0} MB | {(step.Holds ? "yes" : "no")} |");
        }

        md.AppendLine().AppendLine(Held is { } held
            ? string.Create(CultureInfo.InvariantCulture, $"The knee: **{held.Learners:N0} learners** held ({held.PerSecond:N0} requests/s, p99 {held.P99:0.0} ms, silo resident {held.SiloKilobytes / 1024.0:N0} MB){(FirstFailing is { } next ? string.Create(CultureInfo.InvariantCulture, $"; {next.Learners:N0} did not") : "; every step held")}.")
            : "No step held.");
        foreach (var step in Steps)
        {
            md.AppendLine().AppendLine("```").AppendLine(step.Run.Table()).AppendLine("```");
        }
    }
}

/// <summary>PostgreSQL's group commit (commit_delay) against pgbench's upsert and the portal's lesson completion.</summary>
public static class GroupCommit
{
    public static void Append(StringBuilder md, Options options, Func<string, string> text, Func<string, Summary> load)
    {
        var delays = options.Text("group-commit-delays", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var clients = options.Text("group-commit-concurrency", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (delays.Length == 0 || clients.Length == 0)
        {
            return;
        }

        md.AppendLine().AppendLine("## Group commit").AppendLine();
        md.AppendLine("PostgreSQL's `commit_delay` (µs; `commit_siblings` at its default of 5) makes a committing transaction wait for others to share its WAL flush. `fsync` and `synchronous_commit` stay on: every acknowledged write is on disk. pgbench's upsert and the portal's lesson completion, each for the same number of seconds per setting:").AppendLine();
        md.AppendLine("| commit_delay | " + string.Join(" | ", clients.Select(c => $"pgbench c = {c}")) + " | " + string.Join(" | ", clients.Select(c => $"completion c = {c}")) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", 2 * clients.Length)));
        foreach (var delay in delays)
        {
            var pgbench = clients.Select(c => Report.PgbenchTps(text($"group-commit-pgbench-c{c}-d{delay}.txt")) is var (tps, latency)
                ? string.Create(CultureInfo.InvariantCulture, $"{tps:N0} tps, {latency:0.0} ms avg") : "");
            var portal = clients.Select(c => load($"group-commit-portal-c{c}-d{delay}").Endpoints.Single(e => e.Endpoint.EndsWith("/progress/complete", StringComparison.Ordinal)))
                .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.PerSecond:N0}/s, p99 {e.P99:0.0} ms"));
            md.AppendLine($"| {delay} | " + string.Join(" | ", pgbench) + " | " + string.Join(" | ", portal) + " |");
        }
    }
}
