using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CoursePortal.Web.Pages.Author;

/// <summary>The editors' answers to the auto-save script: the draft's new revision, or the messages by field.
/// A plain form post (no JSON asked for) gets the usual redirect or page instead.</summary>
public static class AutoSave
{
    public static bool WantsJson(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
    }

    // The revision travels as a string: ticks are beyond the integers a JavaScript number holds exactly.
    public static JsonResult Saved(DateTimeOffset updatedAt) =>
        new(new { revision = updatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), savedAt = updatedAt });

    public static JsonResult Refused(ModelStateDictionary state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var errors = state.Where(e => e.Value is { Errors.Count: > 0 }).ToDictionary(e => e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage).ToArray());
        return new JsonResult(new
        {
            message = errors.GetValueOrDefault("") is { } general ? string.Join(" ", general) : "Not saved: see the messages.",
            errors,
        })
        { StatusCode = StatusCodes.Status400BadRequest };
    }
}
