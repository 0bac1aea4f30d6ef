using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Finds users, changes their role and their manager, deactivates and reactivates accounts, and creates accounts.</summary>
public sealed class UsersModel(UserService users, TeamService team) : PageModel
{
    public IReadOnlyList<UserProfile> Users { get; private set; } = [];

    /// <summary>The listed users' managers, by user id (absent: none).</summary>
    public IReadOnlyDictionary<string, UserProfile> Managers { get; private set; } = new Dictionary<string, UserProfile>();

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync()
    {
        Users = await users.SearchAsync(Q);
        var lines = await team.LinesOfAsync(Users.Select(u => u.UserId));
        var managers = await users.DirectoryProfilesAsync(lines.Values.Select(l => l.ManagerId).OfType<string>().Distinct(StringComparer.Ordinal));
        Managers = lines.Values.Where(l => l.ManagerId is not null && managers.ContainsKey(l.ManagerId))
            .ToDictionary(l => l.UserId, l => managers[l.ManagerId!], StringComparer.Ordinal);
    }

    /// <summary>Gives the user the manager with this e-mail address (or user id); empty clears it.</summary>
    public async Task<IActionResult> OnPostManagerAsync(string userId, string? managerEmail)
    {
        ModelState.Clear();
        try
        {
            var user = await users.ProfileAsync(userId);
            var manager = string.IsNullOrWhiteSpace(managerEmail) ? null : await users.FindAsync(managerEmail, "managerEmail");
            await team.SetManagerAsync(user.UserId, manager?.UserId);
            StatusMessage = manager is null ? $"{user.Email} reports to nobody now." : $"{user.Email} now reports to {manager.DisplayName} ({manager.Email}).";
            return RedirectToPage(new { Q });
        }
        catch (DomainException refused)
        {
            ModelState.AddModelError("", refused.Code == ErrorCodes.ManagerCycle
                ? $"{managerEmail?.Trim()} is that person or reports to them, directly or further down: reporting lines cannot go round."
                : refused.Message);
            await OnGetAsync();
            return Page();
        }
    }

    /// <summary>Deactivates the account (confirmed in the browser first): the user grain's refusals are shown, nothing changed.</summary>
    public Task<IActionResult> OnPostDeactivateAsync(string userId) => ActivationAsync(() => users.DeactivateAsync(userId, User.UserId()!),
        p => $"{p.Email} is deactivated: they cannot sign in, and their record is kept.");

    public Task<IActionResult> OnPostReactivateAsync(string userId) => ActivationAsync(() => users.ReactivateAsync(userId, User.UserId()!),
        p => $"{p.Email} can sign in again.");

    public async Task<IActionResult> OnPostRoleAsync(string userId, Role role)
    {
        ModelState.Clear();
        try
        {
            var profile = await users.SetRolesAsync(userId, UserService.RolesUpTo(role), User.UserId()!);
            StatusMessage = $"{profile.Email} is now {profile.HighestRole}.";
            return RedirectToPage(new { Q });
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused);
            await OnGetAsync();
            return Page();
        }
    }

    private async Task<IActionResult> ActivationAsync(Func<Task<UserProfile>> change, Func<UserProfile, string> done)
    {
        ModelState.Clear();
        try
        {
            StatusMessage = done(await change());
            return RedirectToPage(new { Q });
        }
        catch (DomainException refused)
        {
            ModelState.AddModelError("", refused.Code switch
            {
                ErrorCodes.SelfDeactivation => "You cannot deactivate your own account; another admin can.",
                ErrorCodes.LastAdmin => "This is the last active admin: make someone else an admin before deactivating them.",
                _ => refused.Message,
            });
            await OnGetAsync();
            return Page();
        }
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (ModelState.IsValid)
        {
            try
            {
                var created = await users.CreateAsync(Input.Email, Input.FirstName, Input.LastName, Input.Password, UserService.RolesUpTo(Input.Role), User.UserId()!);
                StatusMessage = $"Account {created.Email} created.";
                return RedirectToPage(new { Q = created.Email });
            }
            catch (DomainException refused)
            {
                ModelState.AddDomainErrors(refused, field => field switch
                {
                    "email" => "Input.Email",
                    "firstName" => "Input.FirstName",
                    "lastName" => "Input.LastName",
                    "password" => "Input.Password",
                    _ => null,
                });
            }
        }

        await OnGetAsync();
        return Page();
    }
}

public sealed class NewUserInput
{
    [Required, EmailAddress, Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required, Display(Name = "First name")]
    public string FirstName { get; set; } = "";

    [Required, Display(Name = "Last name")]
    public string LastName { get; set; } = "";

    [MinLength(AccountService.MinPasswordLength), DataType(DataType.Password), Display(Name = "Password (empty: sign-in through the identity provider only)")]
    public string? Password { get; set; }

    public Role Role { get; set; } = Role.Learner;
}
