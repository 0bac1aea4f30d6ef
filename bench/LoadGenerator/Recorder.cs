using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace CoursePortal.LoadGenerator;

/// <summary>Latencies (µs) and errors per endpoint, counted only after the warm-up.</summary>
public sealed class Recorder
{
    private readonly ConcurrentDictionary<string, (LongConcurrentHistogram Latency, ErrorCount Errors)> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _errorSamples = new(StringComparer.Ordinal);
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

        var (latency, errors) = _endpoints.GetOrAdd(endpoint, _ => (new LongConcurrentHistogram(1, 60_000_000, 3), new ErrorCount()));
        latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds));
        Interlocked.Increment(ref _total);
        if (!ok)
        {
            errors.Increment();
            if (error is not null && _errorSamples.Count < 20)
            {
                _errorSamples.TryAdd($"{endpoint}: {error}", 0);
            }
        }
    }

    public long Total => Interlocked.Read(ref _total);

    public TimeSpan Elapsed => _measured ?? (Measuring ? Stopwatch.GetElapsedTime(_started) : TimeSpan.Zero);

    public long Errors => _endpoints.Values.Sum(e => e.Errors.Value);

    public double P99Milliseconds => _endpoints.Values.Select(e => e.Latency.GetValueAtPercentile(99)).DefaultIfEmpty(0).Max() / 1000.0;

    public string ProgressLine() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Elapsed.TotalSeconds,5:0}s] {Total,9:N0} requests ({Total / Math.Max(0.001, Elapsed.TotalSeconds),8:N0}/s)  p99 {P99Milliseconds,7:0.0} ms  errors {Errors}");

    /// <summary>The figures per endpoint, as the summary file and the table print them.</summary>
    public Summary Summarize(string scenario, int learners, int concurrency)
    {
        var seconds = Elapsed.TotalSeconds;
        var endpoints = _endpoints.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new EndpointSummary(
            e.Key,
            e.Value.Latency.TotalCount,
            e.Value.Errors.Value,
            e.Value.Latency.TotalCount / seconds,
            e.Value.Latency.GetValueAtPercentile(50) / 1000.0,
            e.Value.Latency.GetValueAtPercentile(90) / 1000.0,
            e.Value.Latency.GetValueAtPercentile(99) / 1000.0,
            e.Value.Latency.GetMaxValue() / 1000.0)).ToList();
        return new Summary(scenario, learners, concurrency, seconds, Total, Total / seconds, endpoints, [.. _errorSamples.Keys]);
    }

    public sealed class ErrorCount
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}

public sealed record EndpointSummary(string Endpoint, long Count, long Errors, double PerSecond, double P50, double P90, double P99, double Max);

public sealed record Summary(string Scenario, int Learners, int Concurrency, double Seconds, long Requests, double PerSecond,
    IReadOnlyList<EndpointSummary> Endpoints, IReadOnlyList<string> ErrorSamples, long Refused = 0, double RefusedP99 = 0, double AnsweredWithinOneSecond = double.NaN)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static Summary Read(string file) => JsonSerializer.Deserialize<Summary>(File.ReadAllText(file), Json)!;

    public string Table()
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{Scenario}: {Learners} learners, concurrency {Concurrency}, {Seconds:0.0} s, {Requests:N0} requests, {PerSecond:N0}/s"),
            "endpoint                                  count     errors     req/s    p50 ms    p90 ms    p99 ms    max ms",
        };
        lines.AddRange(Endpoints.Select(e => string.Create(CultureInfo.InvariantCulture,
            $"{e.Endpoint,-38} {e.Count,9:N0} {e.Errors,10:N0} {e.PerSecond,9:N0} {e.P50,9:0.00} {e.P90,9:0.00} {e.P99,9:0.00} {e.Max,9:0.00}")));
        lines.AddRange(ErrorSamples.Select(s => "  error: " + s));
        return string.Join(Environment.NewLine, lines);
    }
}
