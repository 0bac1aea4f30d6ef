using System.Globalization;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Services;
using CsvHelper;

namespace CoursePortal.Web.Api;

/// <summary>A package's enrollments as a CSV file, every one passing the filters, streamed from the report's read model.</summary>
public static class EnrollmentExport
{
    /// <summary>The CSV's columns: the fields of the enrollments list as the JSON API names them, then who the learner
    /// is (last, so the fixed fields keep their places whatever a name holds).</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["userId", "version", "status", "enrolledAt", "dueAt", "overdue", "completedAt", "expiresAt", "expiring", "email", "name"];

    /// <summary>The enrollments of <paramref name="pages"/> as a CSV download named after the package.</summary>
    public static CsvExport<PackageEnrollmentRow> Csv(string packageId, IAsyncEnumerable<IReadOnlyList<PackageEnrollmentRow>> pages) =>
        new($"{packageId}-enrollments.csv", Columns, pages, WriteRecord);

    private static void WriteRecord(IWriter csv, PackageEnrollmentRow row)
    {
        var l = row.Learner;
        csv.WriteField(l.UserId);
        csv.WriteField(l.Version.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(EnrollmentStatusWords.Token(l.Status));
        csv.WriteField(Time(l.EnrolledAt));
        csv.WriteField(l.DueAt is { } due ? Time(due) : null);
        csv.WriteField(l.Overdue ? "true" : "false");
        csv.WriteField(l.CompletedAt is { } completed ? Time(completed) : null);
        csv.WriteField(l.ExpiresAt is { } expires ? Time(expires) : null);
        csv.WriteField(l.Expiring ? "true" : "false");
        csv.WriteField(row.Profile?.Email);
        csv.WriteField(row.Profile?.DisplayName);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
