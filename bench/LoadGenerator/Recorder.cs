using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace CoursePortal.LoadGenerator;

/// <summary>Latencies (µs), errors and refusals per endpoint, counted only after the warm-up. A refusal (503 or 429 with
/// Retry-After: the portal's admission control or a rate limit) is neither an answer nor an error: it is counted apart,
/// with its own latency, so the figures say both how fast served learners were served and how fast the rest were told.</summary>
public sealed class Recorder
{
    /// <summary>The wait a learner still counts as answered at once (the overload target: ≥ 90 % within it).</summary>
    public static readonly TimeSpan Prompt = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _errorSamples = new(StringComparer.Ordinal);
    // Every answer of every endpoint in one histogram: a crowd's p99 is over all its requests, so an endpoint visited a
    // few dozen times cannot decide it with one slow answer (its own p99 is then its maximum).
    private readonly LongConcurrentHistogram _answers = new(1, 60_000_000, 3);
    private long _started;
    private long _total;

    public bool Measuring { get; private set; }

    private TimeSpan? _measured;

    public void StartMeasuring()
    {
        _started = Stopwatch.GetTimestamp();
        Measuring = true;
    }

    /// <summary>Ends the measured window; requests still in flight are not counted.</summary>
    public void StopMeasuring()
    {
        _measured = Stopwatch.GetElapsedTime(_started);
        Measuring = false;
    }

    public void Record(string endpoint, long startTimestamp, bool ok, string? error = null)
    {
        if (!Measuring || _measured is not null)
        {
            return;
        }

        var counts = _endpoints.GetOrAdd(endpoint, _ => new Endpoint());
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        counts.Latency.RecordValue(Microseconds(elapsed));
        _answers.RecordValue(Microseconds(elapsed));
        Interlocked.Increment(ref _total);
        if (ok)
        {
            if (elapsed <= Prompt)
            {
                counts.Prompt.Increment();
            }
        }
        else
        {
            counts.Errors.Increment();
            if (error is not null && _errorSamples.Count < 20)
            {
                _errorSamples.TryAdd($"{endpoint}: {error}", 0);
            }
        }
    }

    /// <summary>A request the portal refused with Retry-After (503 overloaded, 429 rate limited).</summary>
    public void RecordRefused(string endpoint, long startTimestamp)
    {
        if (!Measuring || _measured is not null)
        {
            return;
        }

        _endpoints.GetOrAdd(endpoint, _ => new Endpoint()).Refusals.RecordValue(Microseconds(Stopwatch.GetElapsedTime(startTimestamp)));
        Interlocked.Increment(ref _total);
    }

    public long Total => Interlocked.Read(ref _total);

    public TimeSpan Elapsed => _measured ?? (Measuring ? Stopwatch.GetElapsedTime(_started) : TimeSpan.Zero);

    public long Errors => _endpoints.Values.Sum(e => e.Errors.Value);

    public long Refused => _endpoints.Values.Sum(e => e.Refusals.TotalCount);

    public double P99Milliseconds => _endpoints.Values.Where(e => e.Latency.TotalCount > 0).Select(e => e.Latency.GetValueAtPercentile(99)).DefaultIfEmpty(0).Max() / 1000.0;

    public string ProgressLine() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Elapsed.TotalSeconds,5:0}s] {Total,9:N0} requests ({Total / Math.Max(0.001, Elapsed.TotalSeconds),8:N0}/s)  p99 {P99Milliseconds,7:0.0} ms  errors {Errors}  refused {Refused}");

    /// <summary>The figures per endpoint, as the summary file and the table print them.</summary>
    public Summary Summarize(string scenario, int learners, int concurrency)
    {
        var seconds = Elapsed.TotalSeconds;
        var endpoints = _endpoints.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.Summarize(e.Key, seconds)).ToList();
        var prompt = endpoints.Sum(e => e.WithinOneSecond);
        var refused = endpoints.Sum(e => e.Refused);
        return new Summary(scenario, learners, concurrency, seconds, Total, Total / seconds, endpoints, [.. _errorSamples.Keys],
            prompt, Total == 0 ? 0 : (double)prompt / Total, refused,
            endpoints.Where(e => e.Refused > 0).Select(e => e.RefusedP99).DefaultIfEmpty(0).Max(),
            AnswerPercentile(50), AnswerPercentile(99));
    }

    private double AnswerPercentile(double percentile) => _answers.TotalCount == 0 ? 0 : _answers.GetValueAtPercentile(percentile) / 1000.0;

    private static long Microseconds(TimeSpan elapsed) => Math.Max(1, (long)elapsed.TotalMicroseconds);

    /// <summary>One endpoint's answers (successful or failed) and refusals, each with its latencies.</summary>
    private sealed class Endpoint
    {
        public LongConcurrentHistogram Latency { get; } = new(1, 60_000_000, 3);

        public LongConcurrentHistogram Refusals { get; } = new(1, 60_000_000, 3);

        public ErrorCount Errors { get; } = new();

        public ErrorCount Prompt { get; } = new();

        // Count and requests per second take every request, refused or not; the latencies are those of the answers.
        public EndpointSummary Summarize(string name, double seconds)
        {
            var count = Latency.TotalCount + Refusals.TotalCount;
            // A histogram without values has no percentiles (HdrHistogram throws): an endpoint whose every request was
            // refused shows answer latencies of 0.
            double Answer(double percentile) => Latency.TotalCount == 0 ? 0 : Latency.GetValueAtPercentile(percentile) / 1000.0;
            return new EndpointSummary(name, count, Errors.Value, count / seconds, Answer(50), Answer(90), Answer(99),
                Latency.GetMaxValue() / 1000.0, Prompt.Value, Refusals.TotalCount, Refusals.TotalCount == 0 ? 0 : Refusals.GetValueAtPercentile(99) / 1000.0);
        }
    }

    public sealed class ErrorCount
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}

/// <summary>One endpoint: <see cref="Count"/> and <see cref="PerSecond"/> take every request; <see cref="Errors"/> are
/// failed answers (never refusals); the latencies are those of the answers. <see cref="WithinOneSecond"/> counts the
/// successful answers within <see cref="Recorder.Prompt"/>; <see cref="Refused"/> the refusals, <see cref="RefusedP99"/>
/// how long telling them took.</summary>
public sealed record EndpointSummary(string Endpoint, long Count, long Errors, double PerSecond, double P50, double P90, double P99, double Max,
    long WithinOneSecond = 0, long Refused = 0, double RefusedP99 = 0);

/// <summary>One scenario's run. <see cref="WithinOneSecondShare"/> is the share of all requests answered successfully
/// within one second; the rest are errors, slower answers or <see cref="Refused"/> (503/429 with Retry-After).
/// <see cref="P50"/> and <see cref="P99"/> are over every answer of every endpoint (0 in files written before they were).</summary>
public sealed record Summary(string Scenario, int Learners, int Concurrency, double Seconds, long Requests, double PerSecond,
    IReadOnlyList<EndpointSummary> Endpoints, IReadOnlyList<string> ErrorSamples,
    long WithinOneSecond = 0, double WithinOneSecondShare = 0, long Refused = 0, double RefusedP99 = 0, double P50 = 0, double P99 = 0)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Summary Read(string file) => JsonSerializer.Deserialize<Summary>(File.ReadAllText(file), Json)!;

    public string Table()
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{Scenario}: {Learners} learners, concurrency {Concurrency}, {Seconds:0.0} s, {Requests:N0} requests, {PerSecond:N0}/s, " +
                $"p50 {P50:0.00} ms, p99 {P99:0.00} ms over all answers, {WithinOneSecondShare:P1} answered within 1 s, {Refused:N0} refused (p99 {RefusedP99:0.0} ms)"),
            "endpoint                                  count     errors   refused     req/s    p50 ms    p90 ms    p99 ms    max ms  within 1 s",
        };
        lines.AddRange(Endpoints.Select(e => string.Create(CultureInfo.InvariantCulture,
            $"{e.Endpoint,-38} {e.Count,9:N0} {e.Errors,10:N0} {e.Refused,9:N0} {e.PerSecond,9:N0} {e.P50,9:0.00} {e.P90,9:0.00} {e.P99,9:0.00} {e.Max,9:0.00} {e.WithinOneSecond,11:N0}")));
        lines.AddRange(ErrorSamples.Select(s => "  error: " + s));
        return string.Join(Environment.NewLine, lines);
    }
}
