namespace CoursePortal.Hosting;

/// <summary>The "Portal" configuration section: what the portal is called from outside.</summary>
public sealed class PortalSettings
{
    public const string Section = "Portal";

    /// <summary>The address people open the portal at (behind any proxy), e.g. <c>https://learn.example.com</c>; every link in
    /// a mail starts with it, because a silo has no request to take the host from.</summary>
    public string PublicUrl { get; set; } = "http://localhost:8080";

    /// <summary>An absolute link to <paramref name="path"/> (starting with a slash) under <see cref="PublicUrl"/>.</summary>
    public string Link(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PublicUrl.TrimEnd('/') + path;
    }
}

public static class PortalSettingsExtensions
{
    /// <summary>Binds the "Portal" section; a public URL that is not an absolute http(s) address stops the start with a line naming the key.</summary>
    public static PortalSettings ReadPortalSettings(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(PortalSettings.Section).Get<PortalSettings>() ?? new PortalSettings();
        if (!Uri.TryCreate(settings.PublicUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new StartupException($"{PortalSettings.Section}:PublicUrl '{settings.PublicUrl}' is not an absolute http or https address (without query or fragment).");
        }

        return settings;
    }
}
