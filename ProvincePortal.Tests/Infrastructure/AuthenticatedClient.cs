using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>Logs in through the real login form (antiforgery token included) and keeps the cookie.</summary>
public static class AuthenticatedClient
{
    public static async Task<HttpClient> LoginAsync(this PortalFactory factory, string email, string password = "Demo-2026!")
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Accesso non riuscito per {email}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        StaticForm.PostAsync(client, "/account/accedi", "accesso", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
}
