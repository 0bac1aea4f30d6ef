using System.Diagnostics;
using CoursePortal.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string? RequestId { get; private set; }

    /// <summary>What the visitor may read about the failure: a domain refusal's message, never an internal exception's.</summary>
    public string? Reason { get; private set; }

    public int Status { get; private set; }

    public void OnGet() => Show();

    public void OnPost() => Show();

    private void Show()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        Status = Response.StatusCode;
        Reason = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error is DomainException refused ? refused.Message : null;
    }
}
