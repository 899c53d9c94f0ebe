using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>Logs in through the real login form (antiforgery token included) and keeps the cookie.</summary>
public static partial class AuthenticatedClient
{
    public static async Task<HttpClient> LoginAsync(this PortalFactory factory, string email, string password = "Demo-2026!")
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Accesso non riuscito per {email}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/account/accedi");
        var match = AntiforgeryField().Match(page);
        if (!match.Success) throw new InvalidOperationException("Pagina di accesso senza token antiforgery.");
        var token = match.Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "accesso",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("/account/accedi", form);
    }

    // Attribute order is the renderer's business (today: type, name, value): match the name, then the value.
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
