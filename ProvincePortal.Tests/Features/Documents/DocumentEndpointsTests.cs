using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ProvincePortal.Features.Documents;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Documents;

/// <summary>The streaming upload endpoints and the inline preview, through HTTP with a real login.</summary>
public sealed class DocumentEndpointsTests(DocumentsFactory factory) : IClassFixture<DocumentsFactory>
{
    private sealed record TokenAnswer(string Header, string Token);

    private static async Task<string> TokenAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<TokenAnswer>("/documenti/carica/token"))!.Token;

    private static HttpRequestMessage Upload(string url, string? token, byte[] bytes, string fileName, string? origin = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        if (token is not null) request.Headers.Add(DocumentUploadEndpoint.TokenHeader, token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return request;
    }

    private static async Task<UploadResult> ResultAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<UploadResult>())!;

    [Fact]
    public async Task Upload_StreamsIntoANewDocument_ThenANewVersion_ContentServedBack()
    {
        var ws = await factory.WorkspaceAsync("sua@demo.it", WorkspaceKind.ServizioSua);
        using var client = await factory.LoginAsync("sua@demo.it");
        var token = await TokenAsync(client);

        var created = await client.SendAsync(Upload($"/documenti/carica?spazio={ws}&tipo=Verbale&etichette=Seduta,Gara", token,
            Encoding.UTF8.GetBytes("verbale della seduta pubblica"), "verbale seduta.txt"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var result = await ResultAsync(created);
        Assert.Null(result.Error);
        var details = await factory.AsAsync("sua@demo.it", s => s.GetDocumentAsync(result.Id!.Value));
        Assert.Equal("verbale seduta", details!.Title);
        Assert.Equal("Verbale", details.DocumentType);
        Assert.Equal("seduta, gara", details.Tags);

        var version = await client.SendAsync(Upload($"/documenti/{result.Id}/versioni?commento=corretto", token,
            Encoding.UTF8.GetBytes("verbale della seduta pubblica, corretto"), "verbale seduta.txt"));
        Assert.Equal(2, (await ResultAsync(version)).Version);
        Assert.Equal("verbale della seduta pubblica, corretto", await client.GetStringAsync($"/documenti/{result.Id}/scarica"));
        Assert.Equal("corretto", (await factory.AsAsync("sua@demo.it", s => s.ListVersionsAsync(result.Id!.Value)))[0].Comment);
    }

    [Fact]
    public async Task Upload_WithoutTokenOrFromAnotherSite_Refused_NothingStored()
    {
        var ws = await factory.WorkspaceAsync("sua@demo.it", WorkspaceKind.ServizioSua);
        using var client = await factory.LoginAsync("sua@demo.it");
        var token = await TokenAsync(client);

        var noToken = await client.SendAsync(Upload($"/documenti/carica?spazio={ws}", null, "x"u8.ToArray(), "senza-token.txt"));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("token antiforgery", (await ResultAsync(noToken)).Error);

        var foreign = await client.SendAsync(Upload($"/documenti/carica?spazio={ws}", token, "x"u8.ToArray(), "altro-sito.txt", "https://malevolo.example"));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);

        var (items, _) = await factory.AsAsync("sua@demo.it", s => s.ListDocumentsAsync(ws, null, 0, 200));
        Assert.DoesNotContain(items, d => d.Title is "senza-token" or "altro-sito");
    }

    [Fact]
    public async Task Upload_BadFiles_RefusedWithItalianReasonNamingTheFile_OtherProvinceNotFound()
    {
        var ws = await factory.WorkspaceAsync("sua@demo.it", WorkspaceKind.ServizioSua);
        var brescia = await factory.WorkspaceAsync("sua.bs@demo.it", WorkspaceKind.ServizioSua);
        using var client = await factory.LoginAsync("sua@demo.it");
        var token = await TokenAsync(client);

        async Task<(HttpStatusCode, string?)> Send(byte[] bytes, string name, int workspace)
        {
            var response = await client.SendAsync(Upload($"/documenti/carica?spazio={workspace}", token, bytes, name));
            if (response.StatusCode == HttpStatusCode.NotFound) return (response.StatusCode, null);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(body.StartsWith("{"), $"{(int)response.StatusCode} {name}: {body[..Math.Min(300, body.Length)]}");
            return (response.StatusCode, System.Text.Json.JsonSerializer.Deserialize<UploadResult>(body, System.Text.Json.JsonSerializerOptions.Web)!.Error);
        }

        var (status, error) = await Send(new byte[DocumentsFactory.Limit + 1], "enorme.zip", ws);
        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, status.ToString());
        Assert.Contains("enorme.zip", error);
        Assert.Contains("supera la dimensione massima", error);

        (status, error) = await Send([], "vuoto.txt", ws);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("«vuoto.txt» è vuoto", error);

        (status, error) = await Send("MZ"u8.ToArray(), "programma.exe", ws);
        Assert.Contains("«.exe»", error);

        (status, error) = await Send("non sono un pdf"u8.ToArray(), "finto.pdf", ws);
        Assert.Contains("non corrisponde all'estensione", error);

        (status, _) = await Send("x"u8.ToArray(), "altrui.txt", brescia);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Preview_PdfAndImagesInlineWithCsp_OtherTypesAndOtherProvinces404()
    {
        var ws = await factory.WorkspaceAsync("sua@demo.it", WorkspaceKind.ServizioSua);
        var pdf = await factory.AsAsync("sua@demo.it", s => s.CreateAsync(new NewDocument { WorkspaceId = ws },
            new MemoryStream(DocumentsFactory.MinimalPdf("Anteprima di prova")), "anteprima.pdf"));
        var png = await factory.AsAsync("sua@demo.it", s => s.CreateAsync(new NewDocument { WorkspaceId = ws },
            new MemoryStream([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]), "logo.png"));
        var html = await factory.UploadAsync("sua@demo.it", ws, "pagina.html", "<script>alert(1)</script>");

        using var client = await factory.LoginAsync("sua@demo.it");
        var response = await client.GetAsync($"/documenti/{pdf}/anteprima");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("frame-ancestors 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync())[..4]);

        Assert.Equal("image/png", (await client.GetAsync($"/documenti/{png}/anteprima")).Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/documenti/{html}/anteprima")).StatusCode);

        using var other = await factory.LoginAsync("sua.bs@demo.it");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/documenti/{pdf}/anteprima")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/documenti/{pdf}/scarica")).StatusCode);
    }
}
