namespace ProvincePortal.Features.Agenda;

public static class AgendaModule
{
    public static WebApplicationBuilder AddAgenda(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AgendaScoreCache>();
        builder.Services.AddScoped<AgendaFrameworkService>();
        builder.Services.AddScoped<AgendaImportService>();
        builder.Services.AddScoped<AgendaScoreService>();
        builder.Services.AddScoped<AgendaSelfAssessmentService>();
        builder.Services.AddScoped<Questionari.ISurveySubmissionHandler, AgendaSelfAssessmentRecorder>();
        return builder;
    }
}
