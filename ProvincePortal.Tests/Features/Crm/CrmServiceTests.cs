using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Crm;
using ProvincePortal.Features.EuCalls.Bulletins;
using ProvincePortal.Tests.Features.Requests;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Crm;

/// <summary>The app with the CRM's own worker off, so that the tests decide when alerts are raised.</summary>
public sealed class CrmFactory : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new("Crm:JobsEnabled", "false")];

    public Task<T> AsAsync<T>(string email, Func<CrmService, Task<T>> action) =>
        AsUserAsync(email, sp => action(sp.GetRequiredService<CrmService>()));

    public async Task<int> ComuneIdAsync(string cadastral)
    {
        await using var db = await CreateSystemDbAsync();
        return await db.Comuni.Where(c => c.CadastralCode == cadastral).Select(c => c.Id).SingleAsync();
    }
}

/// <summary>Agreements, quotas, payments, contacts and the log through the service, against the real database and the demo data.</summary>
public sealed class CrmServiceTests(CrmFactory factory) : IClassFixture<CrmFactory>
{
    private const string Cdc = "cdc@demo.it";
    private const string ProvinceAdmin = "provincia@demo.it";
    private const string Manager = "dirigente@demo.it";
    private const string Comune = "comune@demo.it";
    private const string Conegliano = "C957";

    private static ConvenzioneInput Valid(string title) => new()
    {
        Title = title, Status = ConvenzioneStatus.Attiva, StartDate = new DateOnly(2024, 1, 1), EndDate = new DateOnly(2026, 12, 31),
        FixedFee = 1_000m, PerInhabitant = 0.1234m, QuotaDueMonth = 3, QuotaDueDay = 31,
    };

    [Fact]
    public async Task NewAgreement_GeneratesOneQuotaPerYear_FromTheIstatPopulation_AndPaymentsMoveTheStatus()
    {
        var comuneId = await factory.ComuneIdAsync("M089"); // Vittorio Veneto, 28.656 inhabitants (ISTAT)
        var id = await factory.AsAsync(Cdc, s => s.SaveAgreementAsync(comuneId, null, Valid("Convenzione di prova"), default));

        var card = (await factory.AsAsync(Cdc, s => s.GetCardAsync(comuneId, default)))!;
        var a = Assert.Single(card.Agreements, x => x.Id == id);
        Assert.Equal(28_656, a.Population);
        // € 1.000,00 + 28.656 × € 0,1234 (€ 3.536,1504) = € 4.536,15 every year.
        Assert.Equal([2024, 2025, 2026], a.Quotas.Select(q => q.Year));
        Assert.All(a.Quotas, q => Assert.Equal(453_615, q.AmountCents));
        Assert.Equal(new DateOnly(2025, 3, 31), a.Quotas[1].DueDate);
        Assert.All(a.Quotas, q => Assert.Equal(QuotaStatus.Scaduta, q.Status)); // all due dates are past and nothing is paid

        var q2024 = a.Quotas[0];
        var tooMuch = await Assert.ThrowsAsync<CrmValidationException>(() => factory.AsAsync(Cdc, s => s.RecordPaymentAsync(q2024.Id,
            new PagamentoInput { Date = new DateOnly(2024, 3, 1), Amount = 5_000m, Reference = "IUV 1" }, default)));
        Assert.Equal("Importo del pagamento: € 5.000,00 supera il residuo della quota 2024 (€ 4.536,15).", tooMuch.Errors["Amount"]);

        await factory.AsAsync(Cdc, s => s.RecordPaymentAsync(q2024.Id, new PagamentoInput { Date = new DateOnly(2024, 3, 1), Amount = 4_000m, Reference = "IUV 1" }, default));
        a = (await factory.AsAsync(Cdc, s => s.GetCardAsync(comuneId, default)))!.Agreements.Single(x => x.Id == id);
        Assert.Equal((400_000L, 53_615L, QuotaStatus.Scaduta), (a.Quotas[0].PaidCents, a.Quotas[0].ResidualCents, a.Quotas[0].Status));
        await factory.AsAsync(Cdc, s => s.RecordPaymentAsync(q2024.Id, new PagamentoInput { Date = new DateOnly(2024, 4, 2), Amount = 536.15m, Reference = "IUV 2" }, default));

        // A new fee rule reprices the quotas with nothing paid; the paid one keeps what was asked.
        var edit = Valid("Convenzione di prova");
        edit.FixedFee = 2_000m;
        edit.EndDate = new DateOnly(2025, 12, 31);
        edit.RowVersion = a.RowVersion;
        await factory.AsAsync(Cdc, s => s.SaveAgreementAsync(comuneId, id, edit, default));
        a = (await factory.AsAsync(Cdc, s => s.GetCardAsync(comuneId, default)))!.Agreements.Single(x => x.Id == id);
        Assert.Equal([2024, 2025], a.Quotas.Select(q => q.Year));
        Assert.Equal((453_615L, QuotaStatus.Pagata), (a.Quotas[0].AmountCents, a.Quotas[0].Status));
        Assert.Equal(553_615, a.Quotas[1].AmountCents);
        Assert.Equal(["IUV 1", "IUV 2"], a.Quotas[0].Payments.Select(p => p.Reference));

        // A stale copy of the form is refused instead of overwriting.
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => factory.AsAsync(Cdc, s => s.SaveAgreementAsync(comuneId, id, edit, default)));
    }

    [Fact]
    public async Task BadInput_IsRefusedWithItalianMessagesNamingTheField_AndNothingIsSaved()
    {
        var comuneId = await factory.ComuneIdAsync("F443"); // Montebelluna
        var bad = Valid("");
        bad.StartDate = new DateOnly(2027, 1, 1);
        bad.EndDate = new DateOnly(2026, 1, 1);
        bad.FixedFee = -10m;
        bad.PerInhabitant = 0.12345m;
        bad.ProtocolNumber = "2026/15";
        bad.Minimum = 900m;
        bad.Cap = 500m;
        var ex = await Assert.ThrowsAsync<CrmValidationException>(() => factory.AsAsync(Cdc, s => s.SaveAgreementAsync(comuneId, null, bad, default)));
        Assert.Equal("Oggetto: è obbligatorio.", ex.Errors["Title"]);
        Assert.Equal("Data di fine: deve essere successiva alla data di inizio (01/01/2027); è il 01/01/2026.", ex.Errors["EndDate"]);
        Assert.Equal("Quota fissa: l'importo non può essere negativo (€ -10,00).", ex.Errors["FixedFee"]);
        Assert.Equal("Quota per abitante: al massimo quattro decimali.", ex.Errors["PerInhabitant"]);
        Assert.Equal("Importo minimo: € 900,00 supera l'importo massimo (€ 500,00).", ex.Errors["Minimum"]);
        Assert.Equal("Data di protocollo: indicarla insieme al numero di protocollo.", ex.Errors["ProtocolNumber"]);

        var contact = await Assert.ThrowsAsync<CrmValidationException>(() => factory.AsAsync(Cdc, s => s.SaveContactAsync(comuneId, null,
            new ContattoInput { Role = ContattoRuolo.Ente, Name = "Protocollo", Pec = "protocollo@pec", Email = "urp comune@montebelluna.it", ReceivesCommunications = true }, default)));
        Assert.Equal("PEC: «protocollo@pec» non è un indirizzo valido (esempio: protocollo@pec.comune.esempio.it).", contact.Errors["Pec"]);
        Assert.StartsWith("E-mail: «urp comune@montebelluna.it» non è un indirizzo valido", contact.Errors["Email"]);
        var noAddress = await Assert.ThrowsAsync<CrmValidationException>(() => factory.AsAsync(Cdc, s => s.SaveContactAsync(comuneId, null,
            new ContattoInput { Role = ContattoRuolo.Sindaco, Name = "Sindaco", ReceivesCommunications = true }, default)));
        Assert.Equal("Riceve le comunicazioni: serve un indirizzo e-mail o PEC.", noAddress.Errors["ReceivesCommunications"]);

        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        var log = await Assert.ThrowsAsync<CrmValidationException>(() => factory.AsAsync(Cdc, s => s.AddInteractionAsync(comuneId,
            new InterazioneInput { Kind = InterazioneTipo.PecRicevuta, Date = future, Subject = " " }, default)));
        Assert.Equal($"Data: {future:dd/MM/yyyy} è nel futuro.", log.Errors["Date"]);
        Assert.Equal("Oggetto: è obbligatorio.", log.Errors["Subject"]);

        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.Convenzioni.AnyAsync(v => v.ComuneId == comuneId));
        Assert.False(await db.ContattiComuni.AnyAsync(v => v.ComuneId == comuneId));
        Assert.False(await db.Interazioni.AnyAsync(v => v.ComuneId == comuneId));
    }

    [Fact]
    public async Task Isolation_ComuneUserSeesOnlyItsOwnAgreement_ManagerReads_OtherProvinceGetsNotFound()
    {
        await factory.EnsureExtraUsersAsync();
        var conegliano = await factory.ComuneIdAsync(Conegliano);
        var oderzo = await factory.ComuneIdAsync("F999");

        // The Comune user: its own agreement, quotas and payments; no card, no contacts, no log, of any Comune.
        var mine = (await factory.AsAsync(Comune, s => s.MyAgreementAsync(default)))!;
        Assert.Equal("Conegliano", mine.ComuneName);
        var agreement = Assert.Single(mine.Agreements);
        Assert.Contains(agreement.Quotas, q => q.Status == QuotaStatus.Scaduta);
        Assert.Contains(agreement.Quotas, q => q.Payments.Count > 0);
        Assert.Null(await factory.AsAsync(Comune, s => s.GetCardAsync(conegliano, default)));
        Assert.Null(await factory.AsAsync(Comune, s => s.GetCardAsync(oderzo, default)));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => factory.AsAsync(Comune, s => s.ListContactsAsync(conegliano, default)));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => factory.AsAsync(Comune, s => s.ListInteractionsAsync(conegliano, 0, 10, default)));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => factory.AsAsync(Comune, s => s.RecordPaymentAsync(agreement.Quotas[0].Id, new PagamentoInput(), default)));
        Assert.Empty((await factory.AsAsync(Comune, s => s.SummaryAsync(null, default))).Overdue);
        // Another Comune's officer sees only its own (Treviso has no agreement).
        Assert.Empty((await factory.AsAsync(RequestsTestData.ComuneTreviso, s => s.MyAgreementAsync(default)))!.Agreements);

        // The Dirigente reads the Province's CRM and changes nothing.
        var read = (await factory.AsAsync(Manager, s => s.GetCardAsync(conegliano, default)))!;
        Assert.False(read.CanEdit);
        Assert.NotEmpty(read.Agreements);
        await Assert.ThrowsAsync<CrmForbiddenException>(() => factory.AsAsync(Manager, s => s.AddInteractionAsync(conegliano,
            new InterazioneInput { Date = DateOnly.FromDateTime(DateTime.UtcNow), Subject = "Tentativo" }, default)));

        // Brescia's competence centre: not found everywhere in Treviso.
        var quotaId = agreement.Quotas[0].Id;
        Assert.Null(await factory.AsAsync(RequestsTestData.CdcBrescia, s => s.GetCardAsync(conegliano, default)));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => factory.AsAsync(RequestsTestData.CdcBrescia, s => s.RecordPaymentAsync(quotaId,
            new PagamentoInput { Date = DateOnly.FromDateTime(DateTime.UtcNow), Amount = 1m, Reference = "x" }, default)));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => factory.AsAsync(RequestsTestData.CdcBrescia, s => s.SaveAgreementAsync(conegliano, null, Valid("x"), default)));
        var (brescia, _) = await factory.AsAsync(RequestsTestData.CdcBrescia, s => s.ListComuniAsync("Conegliano", false, 0, 25, default));
        Assert.Empty(brescia);
        var bresciaSummary = await factory.AsAsync(RequestsTestData.CdcBrescia, s => s.SummaryAsync(3650, default));
        Assert.DoesNotContain(bresciaSummary.Overdue, o => o.ComuneId == conegliano);
        Assert.DoesNotContain(bresciaSummary.Expiring, o => o.ComuneId == oderzo);
    }

    [Fact]
    public async Task Summary_ForTheDashboard_HasTheExpiringAgreementAndTheOverdueQuotaWithAmounts()
    {
        var summary = await factory.AsAsync(Manager, s => s.SummaryAsync(60, default));
        var expiring = Assert.Single(summary.Expiring, e => e.ComuneName == "Oderzo");
        Assert.True(expiring.TacitRenewal);
        Assert.InRange(expiring.DaysLeft, 39, 41);
        var overdue = Assert.Single(summary.Overdue, o => o.ComuneName == "Conegliano");
        // Demo: € 6.664,20 due 20 days ago, € 2.000,00 paid.
        Assert.Equal((666_420L, 466_420L), (overdue.AmountCents, overdue.ResidualCents));
        Assert.True(summary.OverdueResidualCents >= 466_420);

        var (rows, _) = await factory.AsAsync(Cdc, s => s.ListComuniAsync("coneg", true, 0, 25, default));
        var row = Assert.Single(rows);
        Assert.Equal((ConvenzioneStatus.Attiva, 466_420L, 5), (row.Status!.Value, row.OverdueCents, row.Contacts));
    }

    [Fact]
    public async Task Alerts_AreRaisedOnce_ForTheCdcAndTheProvinceAdministrators_EvenAfterARestart()
    {
        var now = DateTime.UtcNow;
        await factory.AsUserAsync(Cdc, sp => sp.GetRequiredService<CrmJobs>().RaiseAlertsAsync(now, default));
        // A second pass, and a fresh scope as after a restart, raise nothing new.
        Assert.Equal(0, await factory.AsUserAsync(Cdc, sp => sp.GetRequiredService<CrmJobs>().RaiseAlertsAsync(now, default)));
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CrmJobs>().RaiseAlertsAsync(now.AddHours(2), default));

        await using var db = await factory.CreateSystemDbAsync();
        var conegliano = await factory.ComuneIdAsync(Conegliano);
        Assert.Equal(1, await db.CrmAlerts.CountAsync(a => a.ComuneId == conegliano && a.Kind == CrmAlertKind.QuotaScaduta));
        Assert.Equal(1, await db.CrmAlerts.CountAsync(a => a.Kind == CrmAlertKind.ConvenzioneInScadenza && a.Text.Contains("Oderzo")));
        foreach (var email in new[] { Cdc, ProvinceAdmin })
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.RecipientUserId == userId && n.Title == "Quota scaduta: Conegliano"));
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.RecipientUserId == userId && n.Title == "Convenzione in scadenza: Oderzo"));
        }
        var managerId = await db.Users.Where(u => u.Email == Manager).Select(u => u.Id).SingleAsync();
        Assert.False(await db.Notifications.AnyAsync(n => n.RecipientUserId == managerId && n.Title.StartsWith("Quota scaduta")));
        var text = await db.CrmAlerts.Where(a => a.ComuneId == conegliano).Select(a => a.Text).SingleAsync();
        Assert.Contains("restano da pagare € 4.664,20 su € 6.664,20", text);

        // The list on the CRM page shows them to the Province and to nobody else.
        var (alerts, _) = await factory.AsAsync(Manager, s => s.ListAlertsAsync(null, 0, 50, default));
        Assert.Contains(alerts, a => a.ComuneName == "Conegliano" && a.Kind == CrmAlertKind.QuotaScaduta);
        await factory.EnsureExtraUsersAsync();
        var (other, _) = await factory.AsAsync(RequestsTestData.CdcBrescia, s => s.ListAlertsAsync(null, 0, 50, default));
        Assert.DoesNotContain(other, a => a.ComuneId == conegliano);
    }

    [Fact]
    public async Task InteractionLog_IsNewestFirst_AndPagedOnTheServer()
    {
        var comuneId = await factory.ComuneIdAsync("G229"); // Paese
        var today = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        foreach (var (days, subject) in new[] { (30, "Primo incontro"), (2, "PEC di richiesta dati"), (10, "Telefonata con il RTD") })
            await factory.AsAsync(Cdc, s => s.AddInteractionAsync(comuneId, new InterazioneInput
            {
                Kind = InterazioneTipo.PecInviata, Date = today.AddDays(-days), Subject = subject, ProtocolNumber = "2026/" + days, ProtocolDate = today.AddDays(-days),
            }, default));
        var (page0, total) = await factory.AsAsync(Manager, s => s.ListInteractionsAsync(comuneId, 0, 2, default));
        Assert.Equal(3, total);
        Assert.Equal(["PEC di richiesta dati", "Telefonata con il RTD"], page0.Select(x => x.Subject));
        Assert.Equal("Carlo Competenza", page0[0].AuthorName);
        var (page1, _) = await factory.AsAsync(Manager, s => s.ListInteractionsAsync(comuneId, 1, 2, default));
        Assert.Equal(["Primo incontro"], page1.Select(x => x.Subject));
    }

    [Fact]
    public async Task ContactDirectory_FeedsTheBulletins_WithFlaggedContacts_AndStillTheComuneUsers()
    {
        await factory.EnsureExtraUsersAsync();
        var susegana = await factory.ComuneIdAsync("L014");
        await factory.AsAsync(Cdc, s => s.SaveContactAsync(susegana, null,
            new ContattoInput { Role = ContattoRuolo.Ente, Name = "Protocollo", Pec = "protocollo@pec.comune-susegana.invalid", ReceivesCommunications = true }, default));
        await factory.AsAsync(Cdc, s => s.SaveContactAsync(susegana, null,
            new ContattoInput { Role = ContattoRuolo.Sindaco, Name = "Sindaco", Email = "sindaco@comune-susegana.invalid" }, default));

        var provinceId = await factory.AsUserAsync(Cdc, async sp =>
        {
            await using var db = await factory.CreateSystemDbAsync();
            return await db.Provinces.Where(p => p.Sigla == "TV").Select(p => p.Id).SingleAsync();
        });
        var contacts = await factory.AsUserAsync(Cdc, sp => sp.GetRequiredService<IComuneContactDirectory>()
            .ContactsAsync(provinceId, ["ufficio@esterno.invalid", "URP@comune-conegliano.invalid"], default));
        Assert.IsType<CrmContactDirectory>(factory.Services.CreateScope().ServiceProvider.GetRequiredService<IComuneContactDirectory>());
        // PEC when a flagged contact has no e-mail; e-mail first when it has both.
        Assert.Contains(contacts, c => c.Email == "protocollo@pec.comune-susegana.invalid" && c.Comune == "Susegana");
        Assert.Contains(contacts, c => c.Email == "urp@comune-conegliano.invalid" && c.Comune == "Conegliano");
        Assert.Contains(contacts, c => c.Email == "rtd@comune-conegliano.invalid");
        Assert.DoesNotContain(contacts, c => c.Email.StartsWith("sindaco@"));
        // Comuni users stay (Treviso has no contacts in the CRM), extra addresses come last, each address once.
        Assert.Contains(contacts, c => c.Email == Comune && c.Comune == "Conegliano");
        Assert.Contains(contacts, c => c.Email == RequestsTestData.ComuneTreviso && c.Comune == "Treviso");
        Assert.Contains(contacts, c => c.Email == "ufficio@esterno.invalid" && c.Comune is null);
        Assert.Equal(1, contacts.Count(c => c.Email.Equals("urp@comune-conegliano.invalid", StringComparison.OrdinalIgnoreCase)));
        // Nothing of Brescia.
        Assert.DoesNotContain(contacts, c => c.Email == RequestsTestData.CdcBrescia);
    }

    [Fact]
    public async Task IndicePaContact_FromTheImport_IsShownWithItsSource_AndCannotBeEditedByHand()
    {
        // One synthetic row (the .invalid addresses are made up) in the layout of the genuine sample.
        var lines = Territory.IpaSamples.Lines();
        var row = lines[5].Replace("c_d008", "c_m048").Replace("Comune di Corio", "Comune di Villorba").Replace(",D008,", ",M048,")
            .Replace("info@pec.comune.corio.to.it", "protocollo@pec.villorba.invalid").Replace("www.comune.corio.to.it", "www.villorba.invalid");
        var path = Territory.IpaSamples.Write(Path.Combine(Path.GetTempPath(), "pp-tests", "ipa-" + Guid.NewGuid().ToString("N")), "enti.csv", [lines[0], row]);
        var request = new ProvincePortal.Features.Territory.IndicePa.IpaImportRequest(path, "test");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => factory.AsUserAsync(ProvinceAdmin,
            sp => sp.GetRequiredService<ProvincePortal.Features.Territory.IndicePa.IpaImportService>().ImportAsync(request, default)));
        var result = await factory.AsUserAsync("admin@demo.it",
            sp => sp.GetRequiredService<ProvincePortal.Features.Territory.IndicePa.IpaImportService>().ImportAsync(request, default));
        Assert.Equal((1, 1), (result.ComuniLinked, result.NewPec));
        // The preview of the same file, through the app's own context factory, sees the contact just written.
        var preview = await factory.AsUserAsync("admin@demo.it",
            sp => sp.GetRequiredService<ProvincePortal.Features.Territory.IndicePa.IpaImportService>().PreviewAsync(request, default));
        Assert.Equal((0, 1), (preview.NewPec, preview.Unchanged));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);

        var villorba = await factory.ComuneIdAsync("M048");
        var contact = Assert.Single(await factory.AsAsync(Cdc, s => s.ListContactsAsync(villorba, default)));
        Assert.Equal((ContattoFonte.IndicePa, "protocollo@pec.villorba.invalid", "https://www.villorba.invalid", false),
            (contact.Source, contact.Pec, contact.Website, contact.ReceivesCommunications));
        var edit = await Assert.ThrowsAsync<CrmValidationException>(() => factory.AsAsync(Cdc, s => s.SaveContactAsync(villorba, contact.Id,
            new ContattoInput { Role = ContattoRuolo.Ente, Name = "Protocollo", Pec = "altra@pec.villorba.invalid" }, default)));
        Assert.StartsWith("Il contatto è aggiornato dall'importazione di IndicePA", edit.Message);
        var (log, _) = await factory.AsAsync(Manager, s => s.ListInteractionsAsync(villorba, 0, 10, default));
        var entry = Assert.Single(log);
        Assert.Equal(InterazioneTipo.AggiornamentoDati, entry.Kind);
        Assert.Equal($"PEC aggiornata da IndicePA il {ProvincePortal.Localization.Formats.Date(entry.Date)}", entry.Subject);
        await Assert.ThrowsAsync<CrmValidationException>(() => factory.AsAsync(Cdc, s => s.AddInteractionAsync(villorba,
            new InterazioneInput { Kind = InterazioneTipo.AggiornamentoDati, Date = entry.Date, Subject = "A mano" }, default)));
    }
}
