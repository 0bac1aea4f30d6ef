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

/// <summary>The report line of one row: its number in the file (the header is row 1), what was read, and why it was
/// rejected (a sentence, and the <see cref="ErrorCodes"/> code the API answers with it). Imported: the completion or the
/// manager was new; already present: the user had both already.</summary>
public sealed record ImportRowResult(int Row, string? Email, string? CourseId, ImportOutcome Outcome, string? Reason, string? ManagerEmail = null, string? Code = null);

/// <summary>
/// Past completions and reporting lines from a CSV file: columns <c>email</c> with <c>courseId, completedAt</c> (and
/// optional <c>note</c>), each becoming credit marked as imported, and/or <c>manager_email</c>, the user's manager (empty:
/// left as it is). Rows are independent: a bad row is reported and skipped, and nothing of it is applied. Every row is
/// checked first (text, accounts, courses); the managers are then set in one write of the org chart, in file order, so a
/// row whose manager would close a loop with the lines before it is refused alone; the completions come last. Importing
/// the same file again changes nothing, because the user grain ignores completions it already has and the chart lines
/// it already holds.
/// </summary>
public sealed class HistoricalRecordImport(LearnerRecordService records, AccountService accounts, TeamService team, TimeProvider clock)
{
    public const int MaxRows = 50_000;

    /// <summary>The largest file an import reads, on the page and through the API.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;
    private const string ManagerColumn = "manager_email";
    private const string Columns = "email with courseId and completedAt (and optionally note), or with manager_email, or both";

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
        if (!await reader.ReadAsync() || !reader.ReadHeader() || reader.HeaderRecord is not { } header || Layout(header) is not { } layout)
        {
            throw new DomainException([new FieldError(ErrorCodes.InvalidCsv, "file", $"The first line must name the columns {Columns}.")]);
        }

        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rows.Count >= MaxRows)
            {
                throw new DomainException([new FieldError(ErrorCodes.TooManyRows, "file", $"A file holds at most {MaxRows} rows; split it.")]);
            }

            rows.Add(await CheckAsync(new Row(reader.Parser.Row, reader.GetField("email"),
                layout.Courses ? reader.GetField("courseid") : null, layout.Courses ? reader.GetField("completedat") : null,
                layout.Courses ? reader.GetField("note") : null, layout.Managers ? reader.GetField(ManagerColumn) : null)));
        }

        await SetManagersAsync(rows);
        foreach (var row in rows.Where(r => r.Reason is null && r.HasCourse))
        {
            cancellationToken.ThrowIfCancellationRequested();
            row.CreditImported = await records.ImportCreditAsync(row.UserId!, row.CourseId!, row.CompletedAt.ToUniversalTime(), string.IsNullOrWhiteSpace(row.Note) ? null : row.Note, actor);
        }

        return [.. rows.Select(r => r.Result)];
    }

    // Which parts a file carries; null when it names neither a completion's columns nor the manager's.
    private static (bool Courses, bool Managers)? Layout(string[] header)
    {
        bool Has(string column) => header.Any(h => h.Trim().Equals(column, StringComparison.OrdinalIgnoreCase));
        var (courses, managers) = (Has("courseid") && Has("completedat"), Has(ManagerColumn));
        return Has("email") && (courses || managers) ? (courses, managers) : null;
    }

    // The row's own text first, then the accounts and the course it names; the reason it is rejected, if it is.
    private async Task<Row> CheckAsync(Row row)
    {
        row.Refuse(Invalid(row));
        if (row.Reason is not null)
        {
            return row;
        }

        row.UserId = await accounts.FindUserIdAsync(row.Email!);
        if (row.UserId is null)
        {
            row.Refuse((ErrorCodes.UnknownUser, "no account has this e-mail address"));
        }
        else if (row.HasManager && (row.ManagerId = await accounts.FindUserIdAsync(row.ManagerEmail!)) is null)
        {
            row.Refuse((ErrorCodes.UnknownUser, "no account has the manager_email address"));
        }
        else if (row.HasCourse && !await records.IsKnownCourseAsync(row.CourseId!))
        {
            row.Refuse((ErrorCodes.NotFound, "no such course"));
        }

        return row;
    }

    private async Task SetManagersAsync(List<Row> rows)
    {
        var managed = rows.Where(r => r.Reason is null && r.HasManager).ToList();
        var outcomes = await team.SetManagersAsync([.. managed.Select(r => new ManagerChange(r.UserId!, r.ManagerId))]);
        foreach (var (row, outcome) in managed.Zip(outcomes))
        {
            row.ManagerChanged = outcome == ManagerChangeOutcome.Changed;
            if (outcome == ManagerChangeOutcome.Cycle)
            {
                row.Refuse((ErrorCodes.ManagerCycle, "manager_email is this user or reports to them, directly or further down: reporting lines cannot go round"));
            }
        }
    }

    // What is wrong with the row's own text, checked before anything is looked up in the cluster; null when nothing is.
    private (string Code, string Reason)? Invalid(Row row)
    {
        if (string.IsNullOrWhiteSpace(row.Email) || !EmailAddress.IsValid(row.Email))
        {
            return (ErrorCodes.InvalidEmail, "not an e-mail address");
        }

        if (!row.HasCourse && !row.HasManager)
        {
            return (ErrorCodes.Required, "nothing to import: give courseId and completedAt, or manager_email");
        }

        if (row.HasManager && !EmailAddress.IsValid(row.ManagerEmail!))
        {
            return (ErrorCodes.InvalidEmail, "manager_email is not an e-mail address");
        }

        return row.HasCourse ? InvalidCompletion(row) : null;
    }

    private (string Code, string Reason)? InvalidCompletion(Row row)
    {
        if (!Ids.IsValid(row.CourseId))
        {
            return (ErrorCodes.InvalidId, "not a course id");
        }

        if (!DateTimeOffset.TryParse(row.CompletedAtText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var completedAt))
        {
            return (ErrorCodes.InvalidCompletedAt, "completedAt is not a date (use ISO 8601, e.g. 2024-05-31 or 2024-05-31T14:00:00Z)");
        }

        if (completedAt > clock.GetUtcNow())
        {
            return (ErrorCodes.InvalidCompletedAt, "completedAt is in the future");
        }

        row.CompletedAt = completedAt;
        return row.Note is { Length: > 2000 } ? (ErrorCodes.TooLong, "the note is longer than 2000 characters") : null;
    }

    /// <summary>One row as read, what it resolved to, and what became of it.</summary>
    private sealed class Row(int number, string? email, string? courseId, string? completedAtText, string? note, string? managerEmail)
    {
        public string? Email { get; } = email;

        public string? CourseId { get; } = courseId;

        public string? CompletedAtText { get; } = completedAtText;

        public string? Note { get; } = note;

        public string? ManagerEmail { get; } = string.IsNullOrWhiteSpace(managerEmail) ? null : managerEmail;

        public bool HasCourse => !string.IsNullOrEmpty(CourseId) || !string.IsNullOrEmpty(CompletedAtText);

        public bool HasManager => ManagerEmail is not null;

        public DateTimeOffset CompletedAt { get; set; }

        public string? UserId { get; set; }

        public string? ManagerId { get; set; }

        public string? Reason { get; private set; }

        public string? Code { get; private set; }

        public bool CreditImported { get; set; }

        public bool ManagerChanged { get; set; }

        public ImportRowResult Result => new(number, Email, CourseId, Reason is not null ? ImportOutcome.Rejected
            : CreditImported || ManagerChanged ? ImportOutcome.Imported : ImportOutcome.AlreadyPresent, Reason, ManagerEmail, Code);

        public void Refuse((string Code, string Reason)? refusal) => (Code, Reason) = (refusal?.Code, refusal?.Reason);
    }
}
