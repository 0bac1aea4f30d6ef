namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>The meter of the portal's own instruments: the grains record in it, and both hosts export it.</summary>
public static class PortalMeter
{
    public const string Name = "CoursePortal";
}
