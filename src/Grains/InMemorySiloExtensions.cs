namespace CoursePortal.Grains;

public static class InMemorySiloExtensions
{
    /// <summary>
    /// The grains with everything they keep in memory: grain state, reminders and learning events. Local mode's
    /// co-hosted silo and the grain tests' cluster both stand on it; the host adds clustering. Nothing survives a restart.
    /// </summary>
    public static ISiloBuilder AddCoursePortalInMemoryGrains(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddCoursePortalGrainServices(silo.Configuration);
        silo.Services.AddInMemoryLearningEvents();
        silo.AddActivityPropagation();
        return silo
            .AddMemoryGrainStorage(StorageNames.Grains)
            .UseInMemoryReminderService();
    }
}
