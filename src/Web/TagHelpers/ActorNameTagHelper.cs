using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CoursePortal.Web.TagHelpers;

/// <summary><c>&lt;actor-name user-id="…" /&gt;</c>: who did something, by name, with their user id as the title.</summary>
[HtmlTargetElement("actor-name", Attributes = "user-id", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ActorNameTagHelper(ActorNames names) : TagHelper
{
    public string? UserId { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "actor");
        if (UserId is null)
        {
            return;
        }

        output.Attributes.SetAttribute("title", UserId);
        output.Content.SetContent(await names.NameAsync(UserId));
    }
}
