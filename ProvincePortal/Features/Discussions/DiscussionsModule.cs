namespace ProvincePortal.Features.Discussions;

public static class DiscussionsModule
{
    public static WebApplicationBuilder AddDiscussions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DiscussionService>();
        return builder;
    }
}
