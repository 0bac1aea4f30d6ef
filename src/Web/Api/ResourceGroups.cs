using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Api;

/// <summary>The two route groups of a <c>/v1</c> resource: what every signed-in learner may call, and what only authors may.</summary>
public static class ResourceGroups
{
    public static (RouteGroupBuilder Learner, RouteGroupBuilder Author) MapResource(this RouteGroupBuilder v1, string prefix)
    {
        ArgumentNullException.ThrowIfNull(v1);
        return (v1.MapGroup(prefix).RequireAuthorization(Policies.Learner), v1.MapGroup(prefix).RequireAuthorization(Policies.Contributor));
    }
}
