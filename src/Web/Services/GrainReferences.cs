namespace CoursePortal.Web.Services;

/// <summary>
/// Grain references for the web's request path. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> looks the interface's
/// grain type up anew on every call (reflection over its attributes, then a type-name format); profiled under the
/// progress read that was 6–7 % of the web's CPU (bench/profiles.md). The lookup's answer depends only on the
/// interface, so it is taken once per interface and each reference is then built from its grain id.
/// </summary>
public static class GrainReferences
{
    /// <summary>The grain of interface <typeparamref name="T"/> with this key: the same reference GetGrain gives.</summary>
    public static T Reference<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var types = Types<T>.Of(grains);
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    // One per interface, taken from the first reference the factory builds; grain and interface types come from the
    // interface's attributes and name alone, so every host in the process agrees on them.
    private static class Types<T>
        where T : IGrainWithStringKey
    {
        // A class, so that a thread reads either nothing or both types (a reference is written whole).
        private static GrainTypes? _types;

        public static GrainTypes Of(IGrainFactory grains)
        {
            if (_types is { } known)
            {
                return known;
            }

            var sample = (GrainReference)(object)grains.GetGrain<T>("type-lookup");
            return _types = new GrainTypes(sample.GrainId.Type, sample.InterfaceType);
        }
    }

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);
}
