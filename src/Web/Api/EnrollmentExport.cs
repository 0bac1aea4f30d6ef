using System.Globalization;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CsvHelper;

namespace CoursePortal.Web.Api;

/// <summary>A package's enrollments as a CSV file, every one passing the filters, streamed from the report's read model.</summary>
public static class EnrollmentExport
{
    /// <summary>The CSV's columns: the fields of the enrollments list as the JSON API names them.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["userId", "version", "status", "enrolledAt", "dueAt", "overdue", "completedAt", "expiresAt", "expiring"];

    /// <summary>The enrollments of <paramref name="pages"/> as a CSV download named after the package.</summary>
    public static CsvExport<PackageLearner> Csv(string packageId, IAsyncEnumerable<IReadOnlyList<PackageLearner>> pages) =>
        new($"{packageId}-enrollments.csv", Columns, pages, WriteRecord);

    private static void WriteRecord(IWriter csv, PackageLearner l)
    {
        csv.WriteField(l.UserId);
        csv.WriteField(l.Version.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(EnrollmentStatusWords.Token(l.Status));
        csv.WriteField(Time(l.EnrolledAt));
        csv.WriteField(l.DueAt is { } due ? Time(due) : null);
        csv.WriteField(l.Overdue ? "true" : "false");
        csv.WriteField(l.CompletedAt is { } completed ? Time(completed) : null);
        csv.WriteField(l.ExpiresAt is { } expires ? Time(expires) : null);
        csv.WriteField(l.Expiring ? "true" : "false");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
