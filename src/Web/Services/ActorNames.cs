using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Web.Services;

/// <summary>The names of the people who did something (created, published, archived a version), for one request: each
/// user is read once however often the page names them. An actor that is no user (local mode's seeder, the system)
/// is shown by its id.</summary>
public sealed class ActorNames(UserService users)
{
    private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);

    public async Task<string> NameAsync(string actorId)
    {
        ArgumentNullException.ThrowIfNull(actorId);
        if (_known.TryGetValue(actorId, out var name))
        {
            return name;
        }

        try
        {
            name = Ids.IsValid(actorId) ? (await users.ProfileAsync(actorId)).DisplayName : actorId;
        }
        catch (DomainException unknown) when (unknown.Kind == DomainErrorKind.NotFound)
        {
            name = actorId;
        }

        _known[actorId] = name;
        return name;
    }
}
