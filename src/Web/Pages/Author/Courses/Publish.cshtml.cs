using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>The course publish dialog: the publish rules, and the learners who keep the current version.</summary>
public sealed class PublishModel(CourseService courses, IConfiguration configuration) : PublishDialogModel<CourseContent>(configuration)
{
    public CourseEditing Course { get; private set; } = null!;

    public CourseVersionLearners? ActiveLearners { get; private set; }

    protected override async Task<ContentVersion<CourseContent>?> LoadAsync(string id)
    {
        Course = await courses.GetAsync(id);
        if (Course.Active is { } active)
        {
            ActiveLearners = (await courses.LearnersAsync(id)).GetValueOrDefault(active.Number) ?? new CourseVersionLearners(active.Number, 0, 0);
        }

        return Course.Draft;
    }

    protected override IReadOnlyList<FieldError> Validate(string id, CourseContent draft) => CourseValidation.ValidateForPublish(id, draft);

    protected override Task<ContentVersion<CourseContent>> PublishAsync(string id, PublishRequest request) =>
        courses.PublishAsync(id, request, User.UserId()!);

    protected override Task<ContentVersion<CourseContent>> CancelScheduledAsync(string id, string? reason) =>
        courses.CancelScheduledAsync(id, reason, User.UserId()!);
}
