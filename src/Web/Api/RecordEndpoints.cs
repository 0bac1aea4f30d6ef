using System.Security.Claims;
using System.Text;
using CoursePortal.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Mvc;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CoursePortal.Web.Api;

/// <summary>The body of POST /v1/users/{id}/credits: the course and why the credit is given.</summary>
public sealed record CreditJson(string? CourseId, string? Reason);

/// <summary>A user's completion of a course as the credit left it: when, how (<c>manualCredit</c>, <c>imported</c> or
/// <c>course</c>, when the course was taken before), by whom and why.</summary>
public sealed record CourseCreditJson(string UserId, string CourseId, DateTimeOffset CompletedAt, string Source, string? GrantedBy, string? Reason);

/// <summary>What an import of historical records did: every row's outcome and the totals.</summary>
public sealed record ImportReportJson(IReadOnlyList<ImportRowJson> Rows, ImportTotalsJson Totals);

/// <summary>One row of an import: its number in the file (the header is row 1), what it named, its outcome
/// (<c>imported</c>, <c>already_present</c> or <c>refused</c>) and, when refused, the error code and why.</summary>
public sealed record ImportRowJson(int Row, string Outcome, string? Email, string? CourseId, string? ManagerEmail, string? Code, string? Message);

/// <summary>How many rows an import read, and how many of each outcome.</summary>
public sealed record ImportTotalsJson(int Rows, int Imported, int AlreadyPresent, int Refused);

/// <summary>An admin's corrections to learners' records, as the Credit and Import pages make them: credit for a course
/// with a reason (<see cref="LearnerRecordService.GrantCreditAsync"/>), and past completions and managers from a CSV
/// (<see cref="HistoricalRecordImport"/>). Both take an Idempotency-Key.</summary>
public static class RecordEndpoints
{
    public const string CsvContentType = "text/csv";

    public static RouteGroupBuilder MapRecordEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var admin = v1.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/users/{id}/credits", GrantCredit).WithIdempotencyKey();
        // The body is the CSV itself, read by the handler; only text/csv is taken, which no cross-site form can send.
        admin.MapPost("/imports/completions", ImportCompletions)
            .WithMetadata(new BinaryBodyMetadata(CsvContentType, format: null), new RequestSizeLimitAttribute(HistoricalRecordImport.MaxBytes))
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithIdempotencyKey();
        return v1;
    }

    /// <summary>Gives the user credit for a course, with a reason kept in the audit trail (recognised prior learning):
    /// 400 <c>required</c> without a reason, 400 <c>unknown_user</c> for a user id nobody has, 404 for a course that never
    /// had a version. Answers the user's completion of the course.</summary>
    public static async Task<Ok<CourseCreditJson>> GrantCredit(string id, CreditJson body, ClaimsPrincipal user, LearnerRecordService records)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(records);
        var userId = Ids.Existing("User", id);
        var completion = await records.GrantCreditAsync(userId, body.CourseId ?? "", body.Reason ?? "", user.UserId()!, "id");
        return TypedResults.Ok(new CourseCreditJson(userId, completion.CourseId, completion.CompletedAt,
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(completion.Source.ToString()), completion.GrantedBy, completion.Reason));
    }

    /// <summary>Imports past completions (columns email, courseId, completedAt, optionally note) and/or managers (email,
    /// manager_email) from a CSV body, as the Import page does: each row on its own, a refused row changing nothing.
    /// 415 for a body that is not text/csv, 400 <c>invalid_csv</c> without the columns, 413 <c>too_large</c> over
    /// 16 MB or <c>too_many_rows</c> over 50,000 rows (nothing imported).</summary>
    public static async Task<Results<Ok<ImportReportJson>, ProblemHttpResult>> ImportCompletions(
        HttpRequest request, ClaimsPrincipal user, HistoricalRecordImport import)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(import);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !media.MediaType.Equals(CsvContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Send the CSV as text/csv; nothing was imported.");
        }

        IReadOnlyList<ImportRowResult> rows;
        try
        {
            using var reader = new StreamReader(request.Body, media.Encoding ?? Encoding.UTF8);
            rows = await import.ImportAsync(reader, user.UserId()!, request.HttpContext.RequestAborted);
        }
        catch (DomainException tooMany) when (tooMany.Code == ErrorCodes.TooManyRows)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.TooManyRows,
                $"An import holds at most {HistoricalRecordImport.MaxRows} rows; split the file. Nothing was imported.");
        }

        var json = rows.Select(ToJson).ToList();
        return TypedResults.Ok(new ImportReportJson(json, new ImportTotalsJson(json.Count,
            rows.Count(r => r.Outcome == ImportOutcome.Imported), rows.Count(r => r.Outcome == ImportOutcome.AlreadyPresent),
            rows.Count(r => r.Outcome == ImportOutcome.Rejected))));
    }

    private static ImportRowJson ToJson(ImportRowResult row) => new(row.Row, row.Outcome switch
    {
        ImportOutcome.Imported => "imported",
        ImportOutcome.AlreadyPresent => "already_present",
        _ => "refused",
    }, row.Email, row.CourseId, row.ManagerEmail, row.Code, row.Reason);

    private static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(statusCode: status, title: detail, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });
}
