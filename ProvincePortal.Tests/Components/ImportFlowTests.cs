using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Components.Shared;
using ProvincePortal.Data;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Components;

/// <summary>The shared upload → Anteprima → Applica flow, with steps that stand in for a page's import service.</summary>
public sealed class ImportFlowTests : BunitTestBase
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "pp-tests", "importflow-" + Guid.NewGuid().ToString("N"));
    private const long OneMegabyte = 1024 * 1024;
    private readonly List<string> previewed = [];
    private readonly List<string> applied = [];

    public ImportFlowTests()
    {
        Services.AddSingleton(new DataOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "", DataDirectory = dataDirectory });
        // Registered through a factory so that the container deletes the folder with the test context.
        Services.AddSingleton(_ => new TempFolder(dataDirectory));
        Services.AddLogging();
        Services.GetRequiredService<TempFolder>();
    }

    private string[] Staged() => Directory.Exists(Path.Combine(dataDirectory, "tmp")) ? Directory.GetFiles(Path.Combine(dataDirectory, "tmp")) : [];

    private IRenderedComponent<ImportFlow> RenderFlow(IReadOnlyList<string> previewErrors, bool canApply = true, long maxBytes = OneMegabyte) =>
        Render<ImportFlow>(p => p
            .Add(f => f.MaxBytes, maxBytes)
            .Add(f => f.PickText, "Scegli il file")
            .Add(f => f.UploadTestId, "t-upload")
            .Add(f => f.ApplyTestId, "t-apply")
            .Add(f => f.ErrorTestId, "t-errors")
            .Add(f => f.CanApply, canApply)
            .Add(f => f.PreviewStep, file => { previewed.Add(File.ReadAllText(file.Path)); return Task.FromResult(previewErrors); })
            .Add(f => f.ApplyStep, file => { applied.Add(file.Name); return Task.FromResult<IReadOnlyList<string>>([]); }));

    [Fact]
    public void AValidFile_IsPreviewedFromTheDataFolderThenAppliedAndRemoved()
    {
        var flow = RenderFlow([]);

        flow.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("a;b\n1;2\n", "righe.csv"));

        flow.WaitForAssertion(() => Assert.Equal(["a;b\n1;2\n"], previewed));
        Assert.Single(Staged());
        Assert.Equal("righe.csv", flow.Find("[data-testid=uploaded-name]").TextContent);
        Assert.Empty(applied);

        flow.Find("[data-testid=t-apply]").Click();

        flow.WaitForAssertion(() => Assert.Equal(["righe.csv"], applied));
        Assert.Empty(Staged());
        Assert.Empty(flow.FindAll("[data-testid=t-apply]"));
    }

    [Fact]
    public void AFileOverTheLimit_IsRefusedWithItsNameAndNeverPreviewed()
    {
        var flow = RenderFlow([]);

        flow.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(new string('x', (int)OneMegabyte + 1), "grande.csv"));

        flow.WaitForAssertion(() => Assert.Contains("grande.csv: il file supera il limite di 1 MB.", flow.Find("[data-testid=t-errors]").TextContent));
        Assert.Empty(previewed);
        Assert.Empty(Staged());
        Assert.Empty(flow.FindAll("[data-testid=t-apply]"));
    }

    [Fact]
    public void PreviewErrors_AreListedAndOfferNoApply()
    {
        var flow = RenderFlow(["righe.csv, riga 3, campo «valore»: non è un numero"]);

        flow.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("a;b\n1;x\n", "righe.csv"));

        flow.WaitForAssertion(() => Assert.Contains("riga 3, campo «valore»: non è un numero", flow.Find("[data-testid=t-errors]").TextContent));
        Assert.Empty(flow.FindAll("[data-testid=t-apply]"));
    }

    [Fact]
    public void APreviewThatBlocksTheApply_KeepsTheButtonDisabled()
    {
        var flow = RenderFlow([], canApply: false);

        flow.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("a;b\n", "vuoto.csv"));

        flow.WaitForAssertion(() => Assert.True(flow.Find("[data-testid=t-apply]").HasAttribute("disabled")));
        Assert.Empty(applied);
    }

    private sealed class TempFolder(string path) : IDisposable
    {
        public void Dispose()
        {
            try { Directory.Delete(path, recursive: true); } catch (DirectoryNotFoundException) { }
        }
    }
}
