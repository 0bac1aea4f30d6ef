using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CoursePortal.Hosting;

public static class OrleansSettingsExtensions
{
    /// <summary>Binds and validates the "Orleans" section, failing with a message that names the key.</summary>
    public static OrleansSettings ReadOrleansSettings(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        OrleansSettings settings;
        try
        {
            settings = configuration.GetSection(OrleansSettings.Section).Get<OrleansSettings>() ?? new OrleansSettings();
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException($"The {OrleansSettings.Section} configuration section is invalid: {ex.Message}", ex);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            var problems = string.Join("; ", results.Select(r => $"{OrleansSettings.Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
            throw new StartupException($"Invalid Orleans settings: {problems}");
        }

        if (!string.IsNullOrWhiteSpace(settings.AdvertisedIP) && !IPAddress.TryParse(settings.AdvertisedIP, out _))
        {
            throw new StartupException($"{OrleansSettings.Section}:AdvertisedIP '{settings.AdvertisedIP}' is not an IP address.");
        }

        return settings;
    }
}
