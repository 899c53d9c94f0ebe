using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProvincePortal.Features.Reports;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Localization;
using ProvincePortal.Tests.Features.Tenders;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace ProvincePortal.Tests.E2E;

/// <summary>
/// A procedure entered and taken through every phase by the SUA in the browser, through the forms only (general data, lot
/// with its CIG, raggruppamento with roles and winner, award amount and discount, dates, deadline, esito), counted on the
/// Gare dashboard; the Dirigente downloads the PDF and Excel KPIs and their figures match the service's. Every Gare page
/// passes axe; the pages are photographed for docs/guida-gare.md.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", "E2E")]
public class GareTests(PortalBrowserFixture browser)
{
    [SkippableFact]
    public async Task Sua_EntersAProcedureAndTakesItToConclusa_DirigenteDownloadsTheKpis()
    {
        await using var sua = await browser.NewPageAsync();
        var page = sua.Page;
        await sua.LoginAsync(TendersFactory.Sua);
        string Day(int offset) => DateTime.Today.AddDays(offset).ToString("dd/MM/yyyy");
        ILocator Field(string label) => page.GetByLabel(label, new() { Exact = true });
        async Task FillAsync(string label, string value)
        {
            await Field(label).FillAsync(value);
            await Field(label).PressAsync("Tab"); // the fields bind on change
        }
        async Task ChooseAsync(ILocator select, string option)
        {
            await select.ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true })).ToHaveCountAsync(0);
        }

        // General data on /gare/nuova.
        await page.GotoAsync("/gare/nuova");
        await sua.WaitForCircuitAsync();
        await Expect(sua.Heading).ToBeVisibleAsync();
        var oggetto = "Riqualificazione energetica scuola media Marconi " + Guid.NewGuid().ToString("N")[..5];
        await FillAsync("Oggetto", oggetto);
        await ChooseAsync(page.GetByTestId("field-scelta-l190"), "01-PROCEDURA APERTA");
        await FillAsync("CPV", "45233141-9");
        await FillAsync("CUP", "E37H22001230001");
        await FillAsync("Importo a base d'asta (€)", "480000");
        await FillAsync("di cui oneri per la sicurezza (€)", "12000");
        await FillAsync("RUP", "Ing. Giulia Zanin");
        await FillAsync("Codice fiscale del RUP", "RSSMRA80A01H501U");
        await FillAsync("Data di pubblicazione", Day(-40));
        await sua.AssertAccessibleAsync("Nuova procedura");
        await sua.ScreenshotAsync("gare-nuova.png");
        await page.GetByTestId("save-tender").ClickAsync();
        await Expect(sua.Heading).ToHaveTextAsync(oggetto);
        await sua.WaitForCircuitAsync();
        var id = int.Parse(new Uri(page.Url).Segments[^1]);

        var stepper = page.GetByTestId("phase-stepper");
        async Task AdvanceTo(string phase)
        {
            await page.GetByTestId("advance-phase").ClickAsync();
            await Expect(stepper.Locator("li[aria-current=step]")).ToHaveTextAsync(phase);
        }
        async Task OpenTabAsync(string name) => await page.GetByRole(AriaRole.Tab, new() { Name = name }).ClickAsync();

        // The lot with its CIG: publication needs it.
        await OpenTabAsync("Lotti");
        var cig = TendersFactory.NewCig();
        await FillAsync("CIG", cig);
        await FillAsync("Oggetto del lotto", "Lotto unico");
        await FillAsync("Importo del lotto (€)", "480000");
        await page.GetByTestId("save-lot").ClickAsync();
        await Expect(page.GetByTestId("lots-table")).ToContainTextAsync(cig);

        // The stipula deadline, tomorrow at 11:00.
        await OpenTabAsync("Scadenze");
        await ChooseAsync(page.GetByTestId("deadlines-form").GetByTestId("deadline-kind"), "Stipula del contratto");
        await FillAsync("Data", Day(1));
        await FillAsync("Ora", "11:00");
        await page.GetByTestId("save-deadline").ClickAsync();
        await Expect(page.GetByTestId("deadlines")).ToContainTextAsync(Day(1));

        await AdvanceTo("Progettazione");
        await AdvanceTo("Pubblicazione");
        await page.GetByTestId("advance-phase").ClickAsync();
        await Expect(page.GetByTestId("phase-message")).ToContainTextAsync("la data di aggiudicazione");

        // The winning raggruppamento (mandataria and mandante) and a second bidder, corrected and then removed.
        await OpenTabAsync("Partecipanti e aggiudicatari");
        var form = page.GetByTestId("participant-form");
        await form.GetByLabel("Nome del raggruppamento (vuoto per un operatore singolo)").FillAsync("RTI Piave - Sile");
        await form.GetByText("Aggiudicatario", new() { Exact = true }).ClickAsync();
        await form.GetByTestId("add-member").ClickAsync();
        await form.GetByLabel("Ragione sociale", new() { Exact = true }).Nth(0).FillAsync("Costruzioni Piave S.r.l.");
        await form.GetByLabel("Codice fiscale", new() { Exact = true }).Nth(0).FillAsync("04123450266");
        await ChooseAsync(form.GetByTestId("member-ruolo-0"), "Mandataria");
        await form.GetByLabel("Ragione sociale", new() { Exact = true }).Nth(1).FillAsync("Impianti Sile S.p.A.");
        await form.GetByLabel("Codice fiscale", new() { Exact = true }).Nth(1).FillAsync("02876540317");
        await ChooseAsync(form.GetByTestId("member-ruolo-1"), "Mandante");
        await page.GetByTestId("save-participant").ClickAsync();
        var participants = page.GetByTestId("participants-1");
        await Expect(participants).ToContainTextAsync("RTI Piave - Sile");
        await Expect(participants).ToContainTextAsync("Impianti Sile S.p.A.");
        await Expect(participants).ToContainTextAsync("Mandante");

        await form.GetByLabel("Ragione sociale", new() { Exact = true }).FillAsync("Edilnord S.p.A.");
        await form.GetByLabel("Codice fiscale", new() { Exact = true }).FillAsync("03654120983");
        await page.GetByTestId("save-participant").ClickAsync();
        await Expect(participants).ToContainTextAsync("Edilnord S.p.A.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Modifica il partecipante Edilnord S.p.A." }).ClickAsync();
        await Expect(form.GetByLabel("Ragione sociale", new() { Exact = true })).ToHaveValueAsync("Edilnord S.p.A.");
        await form.GetByLabel("Ragione sociale", new() { Exact = true }).FillAsync("Edilnord Costruzioni S.p.A.");
        await page.GetByTestId("save-participant").ClickAsync();
        await Expect(participants).ToContainTextAsync("Edilnord Costruzioni S.p.A.");
        await sua.AssertAccessibleAsync("Partecipanti e aggiudicatari");
        await sua.ScreenshotAsync("gare-partecipanti.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Elimina il partecipante Edilnord Costruzioni S.p.A." }).ClickAsync();
        await Expect(participants).Not.ToContainTextAsync("Edilnord");

        // The award of the lot, then the dates and the esito of the procedure.
        await OpenTabAsync("Lotti");
        await page.GetByRole(AriaRole.Button, new() { Name = "Modifica il lotto 1" }).ClickAsync();
        await FillAsync("Importo di aggiudicazione (€)", "432000");
        await FillAsync("Ribasso %", "10");
        await page.GetByTestId("save-lot").ClickAsync();
        await Expect(page.GetByTestId("lots-table")).ToContainTextAsync(Formats.EuroCents(432_000_00));

        await OpenTabAsync("Dati generali");
        await FillAsync("Data di aggiudicazione", Day(-10));
        await FillAsync("Data di stipula", Day(-2));
        await FillAsync("Inizio dell'esecuzione", Day(-1));
        await FillAsync("Fine dell'esecuzione", Day(0));
        await ChooseAsync(page.GetByTestId("field-esito"), "È stato selezionato almeno un vincitore.");
        await page.GetByTestId("save-tender").ClickAsync();
        await Expect(page.GetByText("Procedura salvata.")).ToBeVisibleAsync();
        // The browser asks for reduced motion, and portal.css honours it: a message MudBlazor tells to fade in is shown
        // at once (axe would otherwise read it half-transparent, in colours no user sees for long).
        var fade = await page.EvaluateAsync<string>("""
            () => { const e = document.createElement('div'); e.className = 'mud-snackbar'; e.style.animation = '1000ms linear pp-fade';
                    document.body.append(e); const name = getComputedStyle(e).animationName; e.remove(); return name; }
            """);
        Assert.Equal("none", fade);

        await AdvanceTo("Affidamento");
        await AdvanceTo("Esecuzione");
        await sua.AssertAccessibleAsync("Procedura di gara");
        await sua.ScreenshotAsync("gare-procedura-fasi.png");

        // The standard document, generated from the template in force and archived on the procedure.
        await OpenTabAsync("Documenti");
        await page.GetByTestId("generate-document").ClickAsync();
        await Expect(page.GetByTestId("linked-documents")).ToContainTextAsync(oggetto);
        await sua.AssertAccessibleAsync("Documenti della procedura");
        await sua.ScreenshotAsync("gare-documenti.png");

        await page.GotoAsync("/gare/scadenze");
        await sua.WaitForCircuitAsync();
        await Expect(page.GetByTestId("calendar")).ToContainTextAsync(oggetto);
        await sua.AssertAccessibleAsync("Scadenze delle gare");
        await sua.ScreenshotAsync("gare-scadenze.png");

        await page.GotoAsync("/gare/cruscotto");
        await sua.WaitForCircuitAsync();
        await page.GetByLabel("Cerca per oggetto, CIG, CUP o RUP").FillAsync(oggetto);
        await Expect(page.GetByTestId("dashboard-grid")).ToContainTextAsync(oggetto);
        await Expect(page.GetByTestId("deadline-list")).ToContainTextAsync(oggetto);
        await sua.AssertAccessibleAsync("Cruscotto Gare");

        await page.GotoAsync($"/gare/{id}");
        await sua.WaitForCircuitAsync();
        await AdvanceTo("Conclusa");
        await Expect(page.GetByTestId("advance-phase")).ToHaveCountAsync(0);

        // The Dirigente sees the procedure counted and downloads the figures.
        await using var manager = await browser.NewPageAsync();
        await manager.LoginAsync(TendersFactory.Manager);
        var expected = await browser.App.AsUserAsync(TendersFactory.Manager,
            sp => sp.GetRequiredService<TenderDashboardService>().GetAsync(new TenderDashboardFilter()));
        Assert.True(expected.ByPhase.Single(x => x.Phase == TenderPhase.Conclusa).Count >= 1);
        await manager.Page.GotoAsync("/gare/cruscotto");
        await manager.WaitForCircuitAsync();
        await Expect(manager.Page.GetByTestId("kpi-totale")).ToHaveTextAsync(Formats.Number(expected.Total));
        await Expect(manager.Page.GetByTestId("kpi-in-corso")).ToHaveTextAsync(Formats.Number(expected.InProgressCount));
        await manager.ScreenshotAsync("gare-cruscotto.png");

        var pdf = await manager.Page.RunAndWaitForDownloadAsync(() => manager.Page.GetByTestId("download-pdf").ClickAsync());
        Assert.EndsWith(".pdf", pdf.SuggestedFilename);
        using (var doc = PdfDocument.Open(await ReadAsync(pdf)))
        {
            var text = string.Join("\n", doc.GetPages().Select(x => x.Text));
            Assert.Contains("Cruscotto Gare", text);
            Assert.Contains(Formats.EuroCents(expected.InProgressValueCents), text);
            Assert.Contains(Formats.EuroCents(expected.AwardedInYearValueCents), text);
        }
        var xlsx = await manager.Page.RunAndWaitForDownloadAsync(() => manager.Page.GetByTestId("download-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename);
        using var workbook = new XLWorkbook(new MemoryStream(await ReadAsync(xlsx)));
        var summary = workbook.Worksheet("Sintesi");
        Assert.Equal("Procedure registrate", summary.Cell(ExcelReport.HeaderRow + 1, 1).GetString());
        Assert.Equal(Formats.Number(expected.Total), summary.Cell(ExcelReport.HeaderRow + 1, 2).GetString());
        var phases = workbook.Worksheet("Procedure per fase");
        var conclusa = Enumerable.Range(ExcelReport.HeaderRow + 1, 6).Single(r => phases.Cell(r, 1).GetString() == "Conclusa");
        Assert.Equal(expected.ByPhase.Single(x => x.Phase == TenderPhase.Conclusa).Count, phases.Cell(conclusa, 2).GetDouble());
    }

    private static async Task<byte[]> ReadAsync(IDownload download)
    {
        await using var stream = await download.CreateReadStreamAsync();
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
