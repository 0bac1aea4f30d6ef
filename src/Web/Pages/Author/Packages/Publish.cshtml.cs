using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>The package publish dialog: the publish rules, who is enrolled now, and the changes from the active version.</summary>
public sealed class PublishModel(PackageService packages, IConfiguration configuration) : PublishDialogModel<PackageContent>(configuration)
{
    public PackageEditing Package { get; private set; } = null!;

    public PackageDiff? Changes { get; private set; }

    protected override async Task<ContentVersion<PackageContent>?> LoadAsync(string id)
    {
        Package = await packages.GetAsync(id);
        if (Package is { Draft: { } draft, Active: { } active })
        {
            Changes = await packages.DiffAsync(id, active.Number, draft.Number);
        }

        return Package.Draft;
    }

    protected override IReadOnlyList<FieldError> Validate(string id, PackageContent draft) => PackageContent.Validate(id, draft);

    protected override Task<ContentVersion<PackageContent>> PublishAsync(string id, PublishRequest request) =>
        packages.PublishAsync(id, request, User.UserId()!);

    protected override Task<ContentVersion<PackageContent>> CancelScheduledAsync(string id, string? reason) =>
        packages.CancelScheduledAsync(id, reason, User.UserId()!);
}
