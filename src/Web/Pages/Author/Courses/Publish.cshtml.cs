using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Pages.Author.Courses;

/// <summary>The course publish dialog: the publish rules, and the learners who keep the current version.</summary>
public sealed class PublishModel(AuthoringService authoring, IConfiguration configuration) : PublishDialogModel<CourseContent>(configuration)
{
    public CourseEditing Course { get; private set; } = null!;

    public CourseVersionLearners? ActiveLearners { get; private set; }

    protected override async Task<ContentVersion<CourseContent>?> LoadAsync(string id)
    {
        Course = await authoring.GetCourseAsync(id);
        if (Course.Draft is { } draft)
        {
            Problems = CourseValidation.ValidateForPublish(id, draft.Content);
        }

        if (Course.Active is { } active)
        {
            ActiveLearners = (await authoring.GetCourseLearnersAsync(id)).GetValueOrDefault(active.Number) ?? new CourseVersionLearners(active.Number, 0, 0);
        }

        return Course.Draft;
    }

    protected override Task<ContentVersion<CourseContent>> PublishAsync(string id, PublishRequest request) =>
        authoring.PublishCourseAsync(id, request, User.UserId()!);
}
