using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Infrastructure;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>The help-desk on the real app and database: life cycle, form validation, isolation, internal notes, concurrency, jobs.</summary>
public sealed class RequestServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static string Unique(string s) => $"{s} {Guid.NewGuid().ToString("N")[..6]}";

    [Fact]
    public async Task LifeCycle_FromFilingToApproval_WithWaitRefusalAndHistory()
    {
        var subject = Unique("Pagina delle scuole da aggiornare");
        var id = await factory.FileWebsiteRequestAsync(subject);

        var filed = (await factory.AsAsync(Comune, s => s.GetAsync(id)))!;
        Assert.Equal(RequestStatus.Nuova, filed.Status);
        Assert.Equal("Conegliano", filed.ComuneName);
        Assert.Equal("https://www.comune.conegliano.tv.it/scuole", Assert.Single(filed.Values).Value);
        Assert.Empty(filed.AllowedActions);
        Assert.Equal([RequestAction.PrendiInCarico, RequestAction.Assegna], (await factory.AsAsync(Cdc, s => s.GetAsync(id)))!.AllowedActions);

        await factory.ActAsync(Cdc, id, RequestAction.PrendiInCarico);
        await factory.ActAsync(Cdc, id, RequestAction.MettiInAttesa, new ActionInput { Text = "Serve il testo definitivo della pagina." });
        await factory.AsAsync(Comune, async s => { await s.AddMessageAsync(id, "Ecco il testo definitivo.", isInternal: false); return 0; });
        await factory.ActAsync(Cdc, id, RequestAction.Riprendi);
        await factory.ActAsync(Cdc, id, RequestAction.Risolvi, new ActionInput { Text = "Pagina pubblicata." });
        await factory.ActAsync(Comune, id, RequestAction.RifiutaSoluzione, new ActionInput { Text = "Manca l'orario di segreteria." });
        await factory.ActAsync(Cdc, id, RequestAction.Risolvi, new ActionInput { Text = "Aggiunto l'orario di segreteria." });
        await factory.ActAsync(Comune, id, RequestAction.ApprovaSoluzione);

        var closed = (await factory.AsAsync(Cdc, s => s.GetAsync(id)))!;
        Assert.Equal(RequestStatus.Chiusa, closed.Status);
        Assert.Equal(1, closed.RefusedSolutions);
        Assert.Equal("Carlo Competenza", closed.AssignedUserName);
        Assert.NotNull(closed.Sla.ResolveMarginMinutes);
        Assert.NotNull(closed.Sla.TakeChargeMarginMinutes);
        Assert.Equal(
            [RequestEventKind.Creata, RequestEventKind.PresaInCarico, RequestEventKind.MessaInAttesa, RequestEventKind.Risposta, RequestEventKind.Ripresa,
             RequestEventKind.Risolta, RequestEventKind.SoluzioneRifiutata, RequestEventKind.Risolta, RequestEventKind.SoluzioneApprovata],
            closed.Events.Select(e => e.Kind));
        Assert.Equal(RequestStatus.InAttesa, closed.Events[2].ToStatus);
        Assert.Empty(closed.AllowedActions);

        // The requester heard of each step that concerned them, in the app.
        await using var db = await factory.CreateSystemDbAsync();
        var comuneId = await db.Users.Where(u => u.Email == Comune).Select(u => u.Id).SingleAsync();
        var titles = await db.Notifications.Where(n => n.RecipientUserId == comuneId && n.LinkUrl == $"/richieste/{id}").Select(n => n.Title).ToListAsync();
        Assert.Contains($"Richiesta #{id}: Prendi in carico", titles);
        Assert.Contains($"Richiesta #{id}: Metti in attesa", titles);
        Assert.Equal(2, titles.Count(t => t == $"Richiesta #{id}: Risolvi"));
    }

    [Fact]
    public async Task RefusedTransition_GetsAClearItalianMessage_AndChangesNothing()
    {
        var id = await factory.FileWebsiteRequestAsync(Unique("Transizione rifiutata"));
        var ex = await Assert.ThrowsAsync<RequestTransitionException>(() => factory.ActAsync(Cdc, id, RequestAction.Risolvi, new ActionInput { Text = "Fatto" }));
        Assert.Equal("L'azione «Risolvi» non è consentita su una richiesta nello stato «Nuova»: è possibile solo nello stato «In carico» o «Pianificata» o «In attesa».", ex.Message);
        var comune = await Assert.ThrowsAsync<RequestTransitionException>(() => factory.ActAsync(Comune, id, RequestAction.PrendiInCarico));
        Assert.Equal("Solo un operatore del Centro di Competenza può eseguire l'azione «Prendi in carico».", comune.Message);
        var manager = await Assert.ThrowsAsync<RequestTransitionException>(() => factory.ActAsync(Manager, id, RequestAction.PrendiInCarico));
        Assert.StartsWith("Solo un operatore", manager.Message);
        await factory.ActAsync(Cdc, id, RequestAction.PrendiInCarico);
        var wait = await Assert.ThrowsAsync<RequestValidationException>(() => factory.ActAsync(Cdc, id, RequestAction.MettiInAttesa, new ActionInput { Text = " " }));
        Assert.Equal("Motivo dell'attesa: è obbligatorio.", wait.Message);
        Assert.Equal(RequestStatus.InCarico, (await factory.AsAsync(Cdc, s => s.GetAsync(id)))!.Status);
    }

    [Fact]
    public async Task Form_IsValidatedAsTheServiceDefinesIt_MessagesNameEachField()
    {
        var service = await factory.ServiceIdAsync("Assistenza pagoPA");
        var f = await factory.FieldIdsAsync(service);
        var ex = await Assert.ThrowsAsync<RequestValidationException>(() => factory.AsAsync(Comune, s => s.CreateAsync(service, new NewRequestInput
        {
            Subject = "",
            Values = { [f["Servizio interessato"]] = "Parcheggi", [f["Importo interessato (€)"]] = "dodici" },
            Attachments = { [f["Schermata dell'errore"]] = Text("errore.exe", "MZ") },
        })));
        Assert.Equal("Oggetto: è obbligatorio.", ex.Errors["Subject"]);
        Assert.Equal("Campo «Servizio interessato»: «Parcheggi» non è tra le scelte ammesse (TARI, Mensa scolastica, Diritti di segreteria, Altro).",
            ex.Errors[RequestService.FieldKey(f["Servizio interessato"])]);
        Assert.Equal("Campo «Descrizione del problema»: è obbligatorio.", ex.Errors[RequestService.FieldKey(f["Descrizione del problema"])]);
        Assert.Equal("Campo «Importo interessato (€)»: «dodici» non è un numero (esempio: 1.250,50).", ex.Errors[RequestService.FieldKey(f["Importo interessato (€)"])]);
        Assert.StartsWith("Campo «Schermata dell'errore»: il tipo di file «.exe» di «errore.exe» non è ammesso", ex.Errors[RequestService.FieldKey(f["Schermata dell'errore"])]);

        var formazione = await factory.ServiceIdAsync("Formazione del personale");
        var g = await factory.FieldIdsAsync(formazione);
        var dates = await Assert.ThrowsAsync<RequestValidationException>(() => factory.AsAsync(Comune, s => s.CreateAsync(formazione, new NewRequestInput
        {
            Subject = "Corso", Values = { [g["Argomento"]] = "Privacy e GDPR", [g["Numero di partecipanti"]] = "8", [g["Periodo preferito"]] = "31/02/2027" },
        })));
        Assert.Equal("Campo «Periodo preferito»: «31/02/2027» non è una data valida (gg/mm/aaaa).", Assert.Single(dates.Errors).Value);

        // Valid Italian input is normalised: 1.250,50 and 15/03/2027.
        var id = await factory.AsAsync(Comune, s => s.CreateAsync(formazione, new NewRequestInput
        {
            Subject = Unique("Corso privacy"), Values = { [g["Argomento"]] = "privacy e gdpr", [g["Numero di partecipanti"]] = "1.250,50", [g["Periodo preferito"]] = "15/03/2027" },
        }));
        var values = (await factory.AsAsync(Comune, s => s.GetAsync(id)))!.Values;
        Assert.Equal(["Privacy e GDPR", "1250.50", "2027-03-15"], values.Select(v => v.Value));
        Assert.Equal("15/03/2027", RequestService.Display(FormFieldKind.Data, values[2].Value));
        Assert.Equal("1.250,5", RequestService.Display(FormFieldKind.Numero, values[1].Value));
    }

    [Fact]
    public async Task Attachment_IsStoredInTheComuneWorkspaceAndLinked_ABadOneLeavesNothing()
    {
        var service = await factory.ServiceIdAsync("Assistenza pagoPA");
        var f = await factory.FieldIdsAsync(service);
        NewRequestInput Input(string subject, AttachmentUpload file) => new()
        {
            Subject = subject,
            Values = { [f["Servizio interessato"]] = "TARI", [f["Descrizione del problema"]] = "Avvisi non pagabili" },
            Attachments = { [f["Schermata dell'errore"]] = file },
        };
        var id = await factory.AsAsync(Comune, s => s.CreateAsync(service, Input(Unique("Con allegato"), Text("errore.txt", "Codice PPT_STAZIONE_INT_PA_TIMEOUT"))));
        var value = (await factory.AsAsync(Comune, s => s.GetAsync(id)))!.Values.Single(v => v.Kind == FormFieldKind.Allegato);
        Assert.Equal("errore.txt", value.Value);
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var doc = await db.Documents.Include(d => d.Workspace).SingleAsync(d => d.Id == value.DocumentId);
            Assert.Equal(("richieste", id.ToString()), (doc.LinkedModule, doc.LinkedRecordId));
            Assert.Equal("Comune di Conegliano", doc.Workspace!.Name);
        }

        // A file whose bytes are not what its name says is refused by Documenti: the request is not kept.
        var subject = Unique("Allegato finto");
        var ex = await Assert.ThrowsAsync<RequestValidationException>(() => factory.AsAsync(Comune, s => s.CreateAsync(service, Input(subject, Text("errore.pdf", "non sono un PDF")))));
        Assert.StartsWith("Campo «Schermata dell'errore»:", ex.Message);
        await using var check = await factory.CreateSystemDbAsync();
        Assert.False(await check.ServiceRequests.AnyAsync(r => r.Subject == subject));
    }

    [Fact]
    public async Task Isolation_ComuneSeesOnlyItsComune_OtherProvincesGetNotFound()
    {
        await factory.EnsureExtraUsersAsync();
        var mine = await factory.FileWebsiteRequestAsync(Unique("Richiesta di Conegliano"));

        Assert.Null(await factory.AsAsync(ComuneTreviso, s => s.GetAsync(mine)));
        Assert.Null(await factory.AsAsync(CdcBrescia, s => s.GetAsync(mine)));
        Assert.NotNull(await factory.AsAsync(Manager, s => s.GetAsync(mine)));
        Assert.DoesNotContain((await factory.AsAsync(ComuneTreviso, s => s.ListAsync(new RequestFilter(), 0, 200))).Items, r => r.Id == mine);
        Assert.Equal(0, (await factory.AsAsync(CdcBrescia, s => s.ListAsync(new RequestFilter(), 0, 200))).Total);
        Assert.Contains((await factory.AsAsync(Cdc, s => s.ListAsync(new RequestFilter(Text: $"#{mine}"), 0, 25))).Items, r => r.Id == mine);
        await Assert.ThrowsAsync<RequestNotFoundException>(() => factory.AsAsync(CdcBrescia, s => s.ActAsync(mine, RequestAction.PrendiInCarico, new ActionInput(), 0)));
        await Assert.ThrowsAsync<RequestNotFoundException>(() => factory.AsAsync(ComuneTreviso, async s => { await s.AddMessageAsync(mine, "Curiosità", false); return 0; }));

        // Treviso's Comune files its own; Conegliano's user never sees it.
        var theirs = await factory.FileWebsiteRequestAsync(Unique("Richiesta di Treviso"), ComuneTreviso);
        Assert.Null(await factory.AsAsync(Comune, s => s.GetAsync(theirs)));
        var list = (await factory.AsAsync(Comune, s => s.ListAsync(new RequestFilter(), 0, 200))).Items;
        Assert.All(list, r => Assert.Equal("Conegliano", r.ComuneName));
    }

    [Fact]
    public async Task FilterChoices_SharedByWhoSeesTheSameRequests_ANewRequestShowsItsServiceAtOnce()
    {
        await factory.EnsureExtraUsersAsync();
        int serviceId;
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var website = await db.CatalogServices.AsNoTracking().SingleAsync(s => s.Name == Website);
            var service = new CatalogService
            {
                ProvinceId = website.ProvinceId, Name = Unique("Consulenza sul bilancio"), Description = "Supporto alla redazione del bilancio.",
                Category = website.Category, SlaClassId = website.SlaClassId, IsPublished = true, CreatedAtUtc = DateTime.UtcNow,
            };
            db.CatalogServices.Add(service);
            await db.SaveChangesAsync();
            serviceId = service.Id;
        }
        var key = serviceId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Read (and shared) before the service has requests.
        Assert.DoesNotContain(await factory.AsAsync(Cdc, s => s.ListServicesWithRequestsAsync()), o => o.Id == key);
        Assert.DoesNotContain(await factory.AsAsync(Comune, s => s.ListServicesWithRequestsAsync()), o => o.Id == key);

        await factory.AsAsync(Comune, s => s.CreateAsync(serviceId, new NewRequestInput { Subject = Unique("Bilancio di previsione") }));

        // The node that stored the request reads the choices again: the service is there for the Province and for Conegliano,
        // not for Treviso's Comune (its own requests only) nor for another Province.
        Assert.Contains(await factory.AsAsync(Cdc, s => s.ListServicesWithRequestsAsync()), o => o.Id == key);
        Assert.Contains(await factory.AsAsync(Comune, s => s.ListServicesWithRequestsAsync()), o => o.Id == key);
        Assert.DoesNotContain(await factory.AsAsync(ComuneTreviso, s => s.ListServicesWithRequestsAsync()), o => o.Id == key);
        Assert.DoesNotContain(await factory.AsAsync(CdcBrescia, s => s.ListServicesWithRequestsAsync()), o => o.Id == key);
        Assert.Contains(await factory.AsAsync(Cdc, s => s.ListComuniWithRequestsAsync()), o => o.Name == "Conegliano");
        Assert.DoesNotContain(await factory.AsAsync(CdcBrescia, s => s.ListComuniWithRequestsAsync()), o => o.Name == "Conegliano");

        // A known count is returned as it is (the list only pages); without it the service counts.
        var counted = await factory.AsAsync(Cdc, s => s.ListAsync(new RequestFilter(ServiceId: serviceId), 0, 25));
        Assert.Equal(1, counted.Total);
        var paged = await factory.AsAsync(Cdc, s => s.ListAsync(new RequestFilter(ServiceId: serviceId), 0, 25, knownTotal: 7));
        Assert.Equal(7, paged.Total);
        Assert.Equal(counted.Items.Select(r => r.Id), paged.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task InternalNotes_AreNeverReturnedToTheComune()
    {
        var id = await factory.FileWebsiteRequestAsync(Unique("Note interne"));
        await factory.AsAsync(Cdc, async s => { await s.AddMessageAsync(id, "Il fornitore del sito è in ritardo con i pagamenti.", isInternal: true); return 0; });
        await factory.AsAsync(Cdc, async s => { await s.AddMessageAsync(id, "Pubblicheremo entro venerdì.", isInternal: false); return 0; });

        var comune = (await factory.AsAsync(Comune, s => s.GetAsync(id)))!;
        Assert.DoesNotContain(comune.Events, e => e.IsInternal || e.Kind == RequestEventKind.NotaInterna);
        Assert.Contains(comune.Events, e => e.Text == "Pubblicheremo entro venerdì.");
        Assert.False(comune.CanWriteInternalNotes);
        Assert.Contains((await factory.AsAsync(Cdc, s => s.GetAsync(id)))!.Events, e => e.Kind == RequestEventKind.NotaInterna);
        await Assert.ThrowsAsync<RequestForbiddenException>(() => factory.AsAsync(Comune, async s => { await s.AddMessageAsync(id, "Nota", isInternal: true); return 0; }));
    }

    [Fact]
    public async Task ConcurrentEdits_TheSecondIsRefusedWithAClearMessage()
    {
        var id = await factory.FileWebsiteRequestAsync(Unique("Modifiche concorrenti"));
        var version = (await factory.AsAsync(Cdc, s => s.GetAsync(id)))!.RowVersion;
        await factory.AsAsync(Cdc, s => s.ActAsync(id, RequestAction.PrendiInCarico, new ActionInput(), version));
        var ex = await Assert.ThrowsAsync<RequestConcurrencyException>(() => factory.AsAsync(ProvinceAdmin, s => s.ActAsync(id, RequestAction.PrendiInCarico, new ActionInput(), version)));
        Assert.Equal(RequestConcurrencyException.RequestChanged, ex.Message);
    }

    [Fact]
    public async Task Jobs_CloseUnansweredSolutions_AndRecordBreachesOnce()
    {
        var solved = await factory.FileWebsiteRequestAsync(Unique("Chiusura automatica"));
        await factory.ActAsync(Cdc, solved, RequestAction.PrendiInCarico);
        await factory.ActAsync(Cdc, solved, RequestAction.Risolvi, new ActionInput { Text = "Fatto." });
        var late = await factory.FileWebsiteRequestAsync(Unique("Mai presa in carico"));
        var now = DateTime.UtcNow;
        await using (var db = await factory.CreateSystemDbAsync())
        {
            await db.ServiceRequests.Where(r => r.Id == solved).ExecuteUpdateAsync(s => s.SetProperty(r => r.SolvedAtUtc, now.AddDays(-8)));
            await db.ServiceRequests.Where(r => r.Id == late).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.TakeChargeWarnUtc, now.AddHours(-3)).SetProperty(r => r.TakeChargeDueUtc, now.AddHours(-1)));
        }
        await using var scope = factory.Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<RequestJobs>();
        Assert.True(await jobs.CloseUnansweredAsync(now) >= 1);
        Assert.True(await jobs.SendSlaAlertsAsync(now) >= 1);
        // A second pass (a restart, a second server) repeats nothing for these two.
        await jobs.CloseUnansweredAsync(now);
        await jobs.SendSlaAlertsAsync(now);

        await using var check = await factory.CreateSystemDbAsync();
        Assert.Equal(RequestStatus.Chiusa, await check.ServiceRequests.Where(r => r.Id == solved).Select(r => r.Status).SingleAsync());
        Assert.Equal(1, await check.RequestEvents.CountAsync(e => e.RequestId == solved && e.Kind == RequestEventKind.ChiusaAutomaticamente));
        var alert = await check.SlaAlerts.SingleAsync(a => a.RequestId == late);
        Assert.Equal((SlaClock.PresaInCarico, SlaAlertKind.Violazione), (alert.Clock, alert.Kind));
        Assert.True(alert.MarginMinutes <= 0);
        Assert.Equal(1, await check.RequestEvents.CountAsync(e => e.RequestId == late && e.Kind == RequestEventKind.ViolazioneSla && e.IsInternal));
    }
}
