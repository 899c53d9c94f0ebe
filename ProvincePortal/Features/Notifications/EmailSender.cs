using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ProvincePortal.Features.Notifications;

/// <summary>Configuration section "Email". An empty Host turns e-mail off (in-app notifications still work).</summary>
public sealed class EmailOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>Sender address, e.g. "ProvincePortal &lt;portale@provincia.tv.it&gt;".</summary>
    public string From { get; set; } = "";
    /// <summary>true: STARTTLS required. false: plain SMTP, or implicit TLS on port 465.</summary>
    public bool StartTls { get; set; } = true;
    /// <summary>Public address of the portal, put in front of the links written in e-mails ("https://portale.provincia.tv.it").</summary>
    public string LinkBaseUrl { get; set; } = "";
    /// <summary>First wait after a failed attempt; it doubles at every failure up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    public int RetryDelaySeconds { get; set; } = 30;
    public int MaxRetryDelaySeconds { get; set; } = 3600;
    /// <summary>How often the outbox is looked at even when nothing new was queued (retries, other app servers).</summary>
    public int PollSeconds { get; set; } = 15;
    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

public sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>Sends one e-mail now. Features never call it: they queue through <see cref="NotificationService"/>.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>The message itself is wrong (address, refused recipient): retrying would fail the same way.</summary>
public sealed class PermanentEmailException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class SmtpEmailSender(IOptionsMonitor<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var mime = new MimeMessage();
        try
        {
            mime.From.Add(MailboxAddress.Parse(o.From));
            mime.To.Add(MailboxAddress.Parse(message.To));
        }
        catch (ParseException ex)
        {
            throw new PermanentEmailException($"Indirizzo non valido (mittente «{o.From}» o destinatario «{message.To}»): {ex.Message}", ex);
        }
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };

        using var client = new SmtpClient { Timeout = Math.Max(1, o.TimeoutSeconds) * 1000 };
        var security = o.StartTls ? SecureSocketOptions.StartTls : o.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None;
        await client.ConnectAsync(o.Host, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password, ct);
        try
        {
            await client.SendAsync(mime, ct);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            throw new PermanentEmailException($"Il server SMTP ha rifiutato il messaggio ({(int)ex.StatusCode}): {ex.Message}", ex);
        }
        await client.DisconnectAsync(true, ct);
    }
}
