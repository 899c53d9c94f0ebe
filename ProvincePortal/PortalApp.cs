using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor.Services;
using ProvincePortal.Components;
using ProvincePortal.Data;
using ProvincePortal.Hosting;
using ProvincePortal.Features.Administration;
using ProvincePortal.Features.Agenda;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Crm;
using ProvincePortal.Features.Demo;
using ProvincePortal.Features.Discussions;
using ProvincePortal.Features.Documents;
using ProvincePortal.Features.EuCalls;
using ProvincePortal.Features.EuCalls.Bulletins;
using ProvincePortal.Features.EuCalls.Dashboard;
using ProvincePortal.Features.EuCalls.Projects;
using ProvincePortal.Features.Formazione;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Features.Notifications;
using ProvincePortal.Features.Questionari;
using ProvincePortal.Features.Requests;
using ProvincePortal.Features.Requests.Dashboard;
using ProvincePortal.Features.Tenders.Exchange;
using ProvincePortal.Features.Territory;
using ProvincePortal.Localization;

namespace ProvincePortal;

/// <summary>All registrations and the request pipeline, grouped by feature.</summary>
public static class PortalApp
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        // Structured logs: JSON on the console outside Development, for the log collector.
        if (!builder.Environment.IsDevelopment())
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; o.UseUtcTimestamp = true; });

        // UI
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.AddPortalLocalization();

        // Data, identity and cross-cutting features
        builder.AddPortalData();
        builder.AddPortalHosting();
        builder.AddPortalIdentity();
        builder.AddAudit();
        builder.AddTerritory();
        builder.AddAdministration();
        builder.AddDocuments();
        builder.AddTenders();
        builder.AddNotifications();
        builder.AddDiscussions();
        builder.AddEuCalls();
        builder.AddEuWork();
        builder.AddEuBulletins();
        builder.AddEuDashboard();
        builder.AddRequests();
        builder.AddCrm();
        builder.AddAgenda();
        builder.AddRequestDashboard();
        builder.AddQuestionari();
        builder.AddFormazione();
        builder.AddDemo();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddScoped<FirstAdministrator>();
        return builder;
    }

    /// <summary>Migrations always; the multi-node check and seeding (territory, demo data, first administrator) only for the web app.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool seed)
    {
        if (seed) HostingModule.CheckNode(app.Services);
        await using var scope = app.Services.CreateAsyncScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        await initializer.MigrateAsync();
        if (seed) await initializer.SeedAsync();
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/errore", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/non-trovato", createScopeForStatusCodePages: true);
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapAuditEndpoints();
        app.MapDocumentEndpoints();
        app.MapTenderExchange();
        app.MapEuCallsEndpoints();
        app.MapTenderEndpoints();
        app.MapEuWorkEndpoints();
        app.MapEuBulletinsEndpoints();
        app.MapEuDashboardEndpoints();
        app.MapRequestDashboardEndpoints();
        app.MapQuestionariEndpoints();
        app.MapFormazioneEndpoints();
        app.MapAgendaEndpoints();
        return app;
    }
}
