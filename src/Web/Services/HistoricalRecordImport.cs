using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CsvHelper;
using CsvHelper.Configuration;

namespace CoursePortal.Web.Services;

/// <summary>What became of one row of a historical-records file.</summary>
public enum ImportOutcome
{
    Imported,
    AlreadyPresent,
    Rejected,
}

/// <summary>The report line of one row: its number in the file (the header is row 1), what was read, and why it was rejected.</summary>
public sealed record ImportRowResult(int Row, string? Email, string? CourseId, ImportOutcome Outcome, string? Reason);

/// <summary>
/// Past completions from a CSV file (columns <c>email, courseId, completedAt</c> and optional <c>note</c>),
/// each row becoming credit marked as imported. Rows are independent: a bad row is reported and skipped.
/// Importing the same file again changes nothing, because the user grain ignores completions it already has.
/// </summary>
public sealed class HistoricalRecordImport(LearnerRecordService records, AccountService accounts, TimeProvider clock)
{
    public const int MaxRows = 50_000;
    private static readonly string[] RequiredColumns = ["email", "courseid", "completedat"];

    public async Task<IReadOnlyList<ImportRowResult>> ImportAsync(TextReader csv, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
        };
        using var reader = new CsvReader(csv, configuration);
        if (!await reader.ReadAsync() || !reader.ReadHeader() || reader.HeaderRecord is not { } header
            || !RequiredColumns.All(h => header.Any(x => x.Trim().Equals(h, StringComparison.OrdinalIgnoreCase))))
        {
            throw new DomainException([new FieldError(ErrorCodes.InvalidCsv, "file", "The first line must name the columns email, courseId, completedAt (and optionally note).")]);
        }

        var results = new List<ImportRowResult>();
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (results.Count >= MaxRows)
            {
                throw new DomainException([new FieldError(ErrorCodes.TooManyRows, "file", $"A file holds at most {MaxRows} rows; split it.")]);
            }

            var row = reader.Parser.Row;
            var (email, courseId, completedAt, note) = (reader.GetField("email"), reader.GetField("courseid"), reader.GetField("completedat"), reader.GetField("note"));
            results.Add(await ImportRowAsync(row, email, courseId, completedAt, note, actor));
        }

        return results;
    }

    private async Task<ImportRowResult> ImportRowAsync(int row, string? email, string? courseId, string? completedAtText, string? note, string actor)
    {
        ImportRowResult Reject(string reason) => new(row, email, courseId, ImportOutcome.Rejected, reason);

        if (Invalid(email, courseId, completedAtText, note, out var completedAt) is { } reason)
        {
            return Reject(reason);
        }

        if (await accounts.FindUserIdAsync(email!) is not { } userId)
        {
            return Reject("no account has this e-mail address");
        }

        if (!await records.IsKnownCourseAsync(courseId!))
        {
            return Reject("no such course");
        }

        var imported = await records.ImportCreditAsync(userId, courseId!, completedAt.ToUniversalTime(), string.IsNullOrWhiteSpace(note) ? null : note, actor);
        return new ImportRowResult(row, email, courseId, imported ? ImportOutcome.Imported : ImportOutcome.AlreadyPresent, null);
    }

    // What is wrong with the row's own text, checked before anything is looked up in the cluster; null when nothing is.
    private string? Invalid(string? email, string? courseId, string? completedAtText, string? note, out DateTimeOffset completedAt)
    {
        completedAt = default;
        if (string.IsNullOrWhiteSpace(email) || !EmailAddress.IsValid(email))
        {
            return "not an e-mail address";
        }

        if (!Ids.IsValid(courseId))
        {
            return "not a course id";
        }

        if (!DateTimeOffset.TryParse(completedAtText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out completedAt))
        {
            return "completedAt is not a date (use ISO 8601, e.g. 2024-05-31 or 2024-05-31T14:00:00Z)";
        }

        if (completedAt > clock.GetUtcNow())
        {
            return "completedAt is in the future";
        }

        return note is { Length: > 2000 } ? "the note is longer than 2000 characters" : null;
    }
}
