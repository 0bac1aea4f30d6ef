using CoursePortal.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Notifications;

public static class NoticeMailServices
{
    /// <summary>The "Mail" and "Portal" settings (checked now: a bad one stops the start), the templates, and the transport:
    /// the SMTP relay, or the pickup folder when there is none.</summary>
    public static IServiceCollection AddNoticeMail(this IServiceCollection services, IConfiguration configuration)
    {
        var mail = MailSettings.Read(configuration);
        services.TryAddSingleton(mail);
        services.TryAddSingleton(configuration.ReadPortalSettings());
        services.TryAddSingleton<MailTemplates>();
        services.TryAddSingleton<NoticeMessages>();
        services.TryAddSingleton<NoticeMailer>();
        if (mail.UsesSmtp)
        {
            services.TryAddSingleton<IMailTransport, SmtpMailTransport>();
        }
        else
        {
            services.TryAddSingleton<IMailTransport, PickupFolderTransport>();
        }

        services.AddHostedService<MailStartup>();
        return services;
    }
}

/// <summary>At start: reads every replaced template (a broken one stops the start) and says where mail goes.</summary>
public sealed partial class MailStartup(MailSettings mail, MailTemplates templates, ILogger<MailStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        templates.Check();
        if (mail.UsesSmtp)
        {
            LogSmtp(logger, mail.SmtpHost!, mail.SmtpPort, mail.UseTls, mail.From);
        }
        else
        {
            LogPickup(logger, Path.GetFullPath(mail.PickupDirectory));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice mail goes through the SMTP relay {Host}:{Port} (TLS: {UseTls}) from {From}")]
    private static partial void LogSmtp(ILogger logger, string host, int port, bool useTls, string from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Mail:SmtpHost is set: notice mail is written as .eml files to {Folder}")]
    private static partial void LogPickup(ILogger logger, string folder);
}
