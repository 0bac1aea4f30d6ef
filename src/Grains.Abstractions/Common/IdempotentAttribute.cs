namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>
/// Marks a grain method whose second call with the same arguments changes nothing the first did not (completing a
/// lesson that is complete answers the progress). The web sends such a call once more when its first attempt got no
/// answer (a silo died with it in flight), as it does for reads (<see cref="Orleans.Concurrency.ReadOnlyAttribute"/>).
/// Only the caller reads it: it changes nothing on the wire.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute;
