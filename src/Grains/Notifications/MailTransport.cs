using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CoursePortal.Grains.Notifications;

/// <summary>Hands mails over: to the SMTP relay, or without one to the pickup folder.</summary>
public interface IMailTransport
{
    /// <summary>Sends the batch; answers, per mail in order, null when it was handed over or the error that stopped it.
    /// Never throws for a failed send.</summary>
    Task<IReadOnlyList<Exception?>> SendAsync(IReadOnlyList<MimeMessage> batch, CancellationToken cancellationToken);
}

/// <summary>The SMTP relay of <c>Mail:SmtpHost</c>, through MailKit: one connection per batch.</summary>
public sealed class SmtpMailTransport(MailSettings settings) : IMailTransport
{
    public async Task<IReadOnlyList<Exception?>> SendAsync(IReadOnlyList<MimeMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcomes = new Exception?[batch.Count];
        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        try
        {
            var security = !settings.UseTls ? SecureSocketOptions.None : settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(settings.SmtpHost ?? "", settings.SmtpPort, security, cancellationToken);
            if (!string.IsNullOrWhiteSpace(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Array.Fill(outcomes, ex);
            return outcomes;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                await client.SendAsync(batch[i], cancellationToken);
            }
            catch (SmtpCommandException refused)
            {
                // The relay refused this mail (a recipient, its size, a temporary condition); the connection still serves the rest.
                outcomes[i] = refused;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The connection broke: this mail and the ones after it wait for the next attempt.
                Array.Fill(outcomes, ex, i, batch.Count - i);
                return outcomes;
            }
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Every mail was accepted already; a failed goodbye changes nothing.
        }

        return outcomes;
    }
}

/// <summary>Without a relay: each mail an .eml file in <c>Mail:PickupDirectory</c>, named by its message id, so a mail written
/// twice is one file.</summary>
public sealed class PickupFolderTransport(MailSettings settings) : IMailTransport
{
    public async Task<IReadOnlyList<Exception?>> SendAsync(IReadOnlyList<MimeMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcomes = new Exception?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                Directory.CreateDirectory(settings.PickupDirectory);
                var target = Path.Combine(settings.PickupDirectory, (batch[i].MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0] + ".eml");
                var partial = target + ".partial";
                await batch[i].WriteToAsync(partial, cancellationToken);
                File.Move(partial, target, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                outcomes[i] = ex;
            }
        }

        return outcomes;
    }
}
