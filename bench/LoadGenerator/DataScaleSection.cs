using System.Globalization;
using System.Text;

namespace CoursePortal.LoadGenerator;

/// <summary>Issue 16's stage (bench/data.sh): the generated history's phases and sizes, and every admin and author read
/// path on it against its target, as bench/DataScale wrote them.</summary>
public static class DataScaleSection
{
    public static void Append(StringBuilder md, string results)
    {
        var reads = Path.Combine(results, "data-reads.md");
        if (!File.Exists(reads))
        {
            return;
        }

        string Text(string name) => File.Exists(Path.Combine(results, name)) ? File.ReadAllText(Path.Combine(results, name)).Trim() : "";
        var events = long.TryParse(Text("data-events.txt"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var minutes = double.TryParse(Text("data-elapsed.txt"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s / 60 : 0;
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Ten years of history: {events:N0} events").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"bench/DataScale on a database of its own ({minutes:0.0} minutes for the stage): a fictional company's accounts, courses, packages and current enrollments made through the grains by an Orleans client, its history bulk-written into learning_events with COPY, then the read models rebuilt (when the schema has them) and VACUUM ANALYZE. Targets (issue 16): every report page and API answer p95 ≤ 500 ms at 10M events; a transcript as of any day ≤ 50 ms.").AppendLine();
        md.AppendLine("### Generation").AppendLine();
        md.AppendLine(Text("data-generate.md")).AppendLine();
        md.AppendLine("### Admin and author read paths").AppendLine();
        md.AppendLine(Text("data-reads.md"));
    }
}
