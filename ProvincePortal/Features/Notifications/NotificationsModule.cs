using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ProvincePortal.Features.Notifications;

public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<EmailOptions>(builder.Configuration.GetSection("Email"));
        builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
        builder.Services.AddSingleton<EmailOutboxSignal>();
        builder.Services.AddScoped<NotificationService>();
        builder.Services.AddSingleton<NotificationCounts>();
        builder.Services.AddSingleton<NotificationWrites>();
        builder.Services.AddHostedService<NotificationCountsRefresher>();
        builder.Services.AddHostedService<EmailOutboxWorker>();
        return builder;
    }
}
