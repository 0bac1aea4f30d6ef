using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>API tokens for integrations: the list (never a secret), a form that creates one and shows its secret once, and
/// a revoke button per token.</summary>
public sealed class TokensModel(ApiTokenService tokens, TimeProvider clock) : PageModel
{
    public ImmutableArray<ApiTokenInfo> Tokens { get; private set; } = [];

    /// <summary>The token just created, with its secret: set only in the answer to the create form.</summary>
    public CreatedApiToken? Created { get; private set; }

    public DateTimeOffset Now { get; private set; }

    [BindProperty]
    public NewTokenInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow();
        Tokens = await tokens.ListAsync();
    }

    /// <summary>Creates the token and shows its secret in this answer, not after a redirect: a redirect would have to carry
    /// the secret somewhere (a TempData cookie) to show it, and the portal keeps it nowhere. The answer is not cached.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            try
            {
                // A date means the whole of that day (UTC): the token stops working when the next day begins.
                DateTimeOffset? expiresAt = Input.ExpiresOn is { } day ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
                Created = await tokens.CreateAsync(Input.Name, Input.Role.ToString(), expiresAt, User.UserId()!);
                Response.Headers.CacheControl = "no-store";
                ModelState.Clear();
                Input = new();
            }
            catch (DomainException refused)
            {
                ModelState.AddDomainErrors(refused, field => field switch
                {
                    "name" => "Input.Name",
                    "expiresAt" => "Input.ExpiresOn",
                    "role" => "Input.Role",
                    _ => null,
                });
            }
        }

        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? id)
    {
        ModelState.Clear();
        try
        {
            var revoked = await tokens.RevokeAsync(id, User.UserId()!);
            StatusMessage = $"The token \"{revoked.Name}\" ({revoked.Prefix}…) is revoked; it is refused from now on.";
            return RedirectToPage();
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused);
            await OnGetAsync();
            return Page();
        }
    }
}

public sealed class NewTokenInput
{
    [Required, StringLength(ApiTokenRules.MaxNameLength), Display(Name = "Integration")]
    public string Name { get; set; } = "";

    public Role Role { get; set; } = Role.Learner;

    [DataType(DataType.Date), Display(Name = "Expires after (empty: never)")]
    public DateOnly? ExpiresOn { get; set; }
}
