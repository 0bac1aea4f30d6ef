using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Finds users, changes their role, and creates accounts.</summary>
public sealed class UsersModel(UserService users) : PageModel
{
    public IReadOnlyList<UserProfile> Users { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync() => Users = await users.SearchAsync(Q);

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
