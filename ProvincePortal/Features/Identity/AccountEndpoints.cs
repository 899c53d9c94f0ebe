using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ProvincePortal.Features.Identity;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account");

        account.MapPost("/esci", async (SignInManager<PortalUser> signIn, HttpContext context) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/uscita");
        });

        app.MapEntraEndpoints();
        return app;
    }
}
