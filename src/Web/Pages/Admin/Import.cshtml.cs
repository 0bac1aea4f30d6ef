using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Imports historical completions and managers from a CSV file and reports every row's outcome.</summary>
[RequestSizeLimit(MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes)]
public sealed class ImportModel(HistoricalRecordImport import) : PageModel
{
    public const int MaxBytes = HistoricalRecordImport.MaxBytes;

    public IReadOnlyList<ImportRowResult> Rows { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose a CSV file with the columns email, courseId, completedAt (and optionally note), or email, manager_email.");
            return Page();
        }

        try
        {
            using var reader = new StreamReader(file.OpenReadStream());
            Rows = await import.ImportAsync(reader, User.UserId()!, cancellationToken);
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, _ => "file");
        }

        return Page();
    }
}
