using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Api;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>What the exports and import pages share: room in the request for an export ZIP (the API's limit and the
/// form around it), and importing the uploaded ZIP as a course's draft.</summary>
[RequestSizeLimit(ExportEndpoints.MaxImportBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ExportEndpoints.MaxImportBytes + (1024 * 1024))]
public abstract class CourseImportModel(CourseService courses) : PageModel
{
    protected CourseService Courses { get; } = courses;

    /// <summary>Imports <paramref name="file"/> as the draft of course <paramref name="id"/> (creating the course when
    /// it is new). Null when there is nothing to import or it is refused: the reasons are in the model state, a
    /// refusal's under the field <paramref name="fieldOf"/> names.</summary>
    protected async Task<ContentVersion<CourseContent>?> ImportAsync(string id, IFormFile? file, Func<string, string?> fieldOf)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose an export ZIP to import.");
        }

        if (!ModelState.IsValid)
        {
            return null;
        }

        try
        {
            await using var zip = file!.OpenReadStream();
            return await Courses.ImportAsync(Ids.Require(id), zip, User.UserId()!);
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, fieldOf);
            return null;
        }
    }
}
