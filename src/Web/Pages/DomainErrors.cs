using CoursePortal.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CoursePortal.Web.Pages;

public static class DomainErrors
{
    /// <summary>Shows a refusal on the form: each field error beside its input (<paramref name="fieldName"/> maps the
    /// error's path to the input's name; null puts it in the summary), else the message in the summary.</summary>
    public static void AddDomainErrors(this ModelStateDictionary state, DomainException refused, Func<string, string?>? fieldName = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(refused);
        if (refused.Errors.IsEmpty)
        {
            state.AddModelError(fieldName?.Invoke(refused.Field ?? "") ?? "", refused.Message);
            return;
        }

        foreach (var error in refused.Errors)
        {
            state.AddModelError(fieldName?.Invoke(error.Field) ?? "", error.Message);
        }
    }
}
