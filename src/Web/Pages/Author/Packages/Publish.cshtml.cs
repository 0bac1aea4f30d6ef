using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>The package publish dialog: the publish rules, who is enrolled now, and the changes from the active version.</summary>
public sealed class PublishModel(AuthoringService authoring, IConfiguration configuration) : PublishDialogModel<PackageContent>(configuration)
{
    public PackageEditing Package { get; private set; } = null!;

    public PackageDiff? Changes { get; private set; }

    protected override async Task<ContentVersion<PackageContent>?> LoadAsync(string id)
    {
        Package = await authoring.GetPackageAsync(id);
        if (Package.Draft is { } draft)
        {
            Problems = PackageContent.Validate(id, draft.Content);
            if (Package.Active is { } active)
            {
                Changes = await authoring.DiffPackageAsync(id, active.Number, draft.Number);
            }
        }

        return Package.Draft;
    }

    protected override Task<ContentVersion<PackageContent>> PublishAsync(string id, PublishRequest request) =>
        authoring.PublishPackageAsync(id, request, User.UserId()!);
}
