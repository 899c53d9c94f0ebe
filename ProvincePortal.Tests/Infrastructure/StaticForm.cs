using System.Net;
using System.Text.RegularExpressions;

namespace ProvincePortal.Tests.Infrastructure;

/// <summary>Posts a static (SSR) Blazor form the way a browser does: antiforgery token from the page, form name as _handler.</summary>
public static partial class StaticForm
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string formName, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, $"Nessun token antiforgery nella pagina {url}");
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = token.Groups[1].Value,
        };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>The page text with entities decoded (Blazor encodes apostrophes and accented letters).</summary>
    public static async Task<string> TextAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
