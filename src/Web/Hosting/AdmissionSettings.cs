using System.Globalization;
using CoursePortal.Hosting;

namespace CoursePortal.Web.Hosting;

/// <summary>The "Admission" settings of the web, read and checked once at start-up: how many requests it works on at
/// once, how many more may wait for one of those places and for how long, and what Retry-After a refused one is told
/// (see <see cref="Admission"/>).</summary>
public sealed record AdmissionSettings(int MaxConcurrentRequests, int QueueLimit, TimeSpan QueueTimeout, int RetryAfterSeconds)
{
    public const string Section = "Admission";

    /// <summary>Measured on this 2-core machine kind (bench/overload.md): one core past its knee still
    /// answers most requests well under a second with 128–256 at once, and a wait of a quarter second absorbs a burst
    /// without letting the queue become the latency. 256 rather than 128: with 128, 200 learners working without pause
    /// kept the queue in use, and the second-long pause of a rolling restart then refused 0.2 % of their requests
    /// (FaultTests.RestartingAllThreeSilosOneAfterTheOtherFailsAtMostOneRequestInAThousand).</summary>
    public static readonly AdmissionSettings Default = new(256, 512, TimeSpan.FromMilliseconds(250), 1);

    /// <summary>The settings, with the defaults for what configuration leaves out; a start-up error naming the key for a
    /// value that is not a number or out of its range.</summary>
    public static AdmissionSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        return new AdmissionSettings(
            Read(section, nameof(MaxConcurrentRequests), Default.MaxConcurrentRequests, 1, 100_000),
            Read(section, nameof(QueueLimit), Default.QueueLimit, 0, 1_000_000),
            TimeSpan.FromMilliseconds(Read(section, "QueueTimeoutMilliseconds", (int)Default.QueueTimeout.TotalMilliseconds, 0, 60_000)),
            Read(section, nameof(RetryAfterSeconds), Default.RetryAfterSeconds, 1, 3_600));
    }

    private static int Read(IConfigurationSection section, string name, int fallback, int min, int max)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new StartupException($"{Section}:{name} must be a whole number from {min} to {max} (it is '{text}').");
    }
}
