using System.Net;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Integration;

public class SmokeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Healthz_ReportsDatabaseAndDataFolderHealthy()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"database\":{\"status\":\"Healthy\"", body);
        Assert.Contains("\"data-directory\":{\"status\":\"Healthy\"", body);
    }

    [Fact]
    public async Task LoginPage_IsItalian()
    {
        var html = await factory.CreateClient().GetStringAsync("/account/accedi");
        Assert.Contains("<html lang=\"it\">", html);
        Assert.Contains(">Accedi</h1>", html);
    }

    [Fact]
    public async Task Cruscotto_WithoutLogin_RedirectsToLogin()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/accedi", response.Headers.Location!.PathAndQuery);
    }
}
