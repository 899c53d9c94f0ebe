using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Requests;

/// <summary>
/// The competence centre of Treviso with a small catalogue and a few requests of Conegliano, so that a first run shows
/// the module at work. Seeded once: skipped when Treviso already has services.
/// </summary>
public static class RequestsDemoData
{
    public static async Task SeedAsync(PortalDbContext db, CancellationToken ct)
    {
        var treviso = await db.Provinces.FirstOrDefaultAsync(p => p.Sigla == "TV" && p.SuppressedOn == null, ct);
        if (treviso is null || await db.CatalogServices.IgnoreQueryFilters().AnyAsync(s => s.ProvinceId == treviso.Id, ct)) return;
        var conegliano = await db.Comuni.FirstOrDefaultAsync(c => c.CadastralCode == "C957", ct);
        var comuneUser = await db.Users.FirstOrDefaultAsync(u => u.Email == "comune@demo.it", ct);
        var cdcUser = await db.Users.FirstOrDefaultAsync(u => u.Email == "cdc@demo.it", ct);
        var p = treviso.Id;

        if (!await db.BusinessCalendars.IgnoreQueryFilters().AnyAsync(c => c.ProvinceId == p, ct))
            db.BusinessCalendars.Add(new BusinessCalendar { ProvinceId = p, PatronName = "San Liberale", PatronMonth = 4, PatronDayOfMonth = 27 });
        var standard = new SlaClass { ProvinceId = p, Name = "Standard", TakeChargeTarget = 8, TakeChargeUnit = SlaUnit.Ore, ResolveTarget = 5, ResolveUnit = SlaUnit.Giorni };
        var urgent = new SlaClass { ProvinceId = p, Name = "Urgente", TakeChargeTarget = 2, TakeChargeUnit = SlaUnit.Ore, ResolveTarget = 1, ResolveUnit = SlaUnit.Giorni };
        db.SlaClasses.AddRange(standard, urgent);
        var web = new OperatorGroup { ProvinceId = p, Name = "Siti web e servizi online" };
        var pagopa = new OperatorGroup { ProvinceId = p, Name = "pagoPA e app IO" };
        if (cdcUser is not null)
        {
            web.Members.Add(new OperatorGroupMember { UserId = cdcUser.Id });
            pagopa.Members.Add(new OperatorGroupMember { UserId = cdcUser.Id });
        }
        db.OperatorGroups.AddRange(web, pagopa);

        var now = DateTime.UtcNow;
        CatalogService Service(string name, string category, string description, SlaClass sla, params ServiceFormField[] fields)
        {
            for (var i = 0; i < fields.Length; i++) fields[i].Order = i + 1;
            var s = new CatalogService
            {
                ProvinceId = p, Name = name, Category = category, Description = description, SlaClass = sla, IsPublished = true,
                CreatedAtUtc = now, Fields = fields.ToList(),
            };
            db.CatalogServices.Add(s);
            return s;
        }
        static ServiceFormField F(string label, FormFieldKind kind, bool required = false, string? options = null, string? help = null) =>
            new() { Label = label, Kind = kind, Required = required, Options = options, HelpText = help };

        var pagoPa = Service("Assistenza pagoPA", "Pagamenti e servizi digitali",
            "Supporto per l'attivazione e la gestione dei servizi di pagamento pagoPA del Comune: avvisi, rendicontazione, errori dei pagamenti.", urgent,
            F("Servizio interessato", FormFieldKind.Scelta, true, "TARI\nMensa scolastica\nDiritti di segreteria\nAltro"),
            F("Descrizione del problema", FormFieldKind.TestoLungo, true, help: "Cosa succede, da quando, a quanti cittadini."),
            F("Importo interessato (€)", FormFieldKind.Numero),
            F("Schermata dell'errore", FormFieldKind.Allegato));
        var sito = Service("Aggiornamento del sito istituzionale", "Siti web",
            "Pubblicazione di pagine e contenuti sul sito del Comune realizzato con il modello dei siti comunali di Designers Italia.", standard,
            F("Pagina da aggiornare (indirizzo)", FormFieldKind.Testo, true),
            F("Data entro cui pubblicare", FormFieldKind.Data),
            F("Testo o documento da pubblicare", FormFieldKind.Allegato));
        Service("Migrazione al cloud (PNRR 1.2)", "PNRR",
            "Accompagnamento nella migrazione dei servizi comunali verso un cloud qualificato, come previsto dalla misura PNRR 1.2.", standard,
            F("Numero di servizi da migrare", FormFieldKind.Numero, true),
            F("Fornitore attuale", FormFieldKind.Testo));
        var formazione = Service("Formazione del personale", "Formazione",
            "Corsi per i dipendenti comunali su identità digitale, privacy, sicurezza informatica e accessibilità.", standard,
            F("Argomento", FormFieldKind.Scelta, true, "SPID e CIE\nPrivacy e GDPR\nSicurezza informatica\nAccessibilità"),
            F("Numero di partecipanti", FormFieldKind.Numero, true),
            F("Periodo preferito", FormFieldKind.Data));
        Service("Consulenza privacy e sicurezza", "Privacy e sicurezza",
            "Supporto al responsabile della protezione dei dati e al responsabile per la transizione al digitale: registri, valutazioni d'impatto, incidenti.", standard,
            F("Tipo di richiesta", FormFieldKind.Scelta, true, "Valutazione d'impatto\nIncidente di sicurezza\nRegistro dei trattamenti"),
            F("Descrizione", FormFieldKind.TestoLungo, true));
        await db.SaveChangesAsync(ct);

        if (conegliano is null || comuneUser is null || cdcUser is null) return;
        var calendar = await BusinessCalendarService.LoadAsync(db, p, ct);
        async Task Request(CatalogService service, string subject, DateTime created, (string Label, string Value)[] values,
            params (RequestEventKind Kind, RequestStatus? To, double HoursLater, bool ByOperator, string? Text)[] steps)
        {
            var r = new ServiceRequest
            {
                ProvinceId = p, ComuneId = conegliano.Id, ServiceId = service.Id, Subject = subject, RequesterUserId = comuneUser.Id,
                RequesterName = comuneUser.FullName, CreatedAtUtc = created, LastActivityAtUtc = created,
                TakeChargeTarget = service.SlaClass!.TakeChargeTarget, TakeChargeUnit = service.SlaClass.TakeChargeUnit,
                ResolveTarget = service.SlaClass.ResolveTarget, ResolveUnit = service.SlaClass.ResolveUnit, WarningPercent = service.SlaClass.WarningPercent,
                Values = values.Select(v =>
                {
                    var f = service.Fields.First(x => x.Label == v.Label);
                    return new RequestFieldValue { FieldId = f.Id, Label = f.Label, Kind = f.Kind, Order = f.Order, Value = v.Value };
                }).ToList(),
            };
            db.ServiceRequests.Add(r);
            await db.SaveChangesAsync(ct);
            var events = new List<RequestEvent>
            {
                new() { ProvinceId = p, RequestId = r.Id, Kind = RequestEventKind.Creata, ToStatus = RequestStatus.Nuova, AtUtc = created, AuthorId = comuneUser.Id, AuthorName = comuneUser.FullName },
            };
            var status = RequestStatus.Nuova;
            foreach (var step in steps)
            {
                var at = created.AddHours(step.HoursLater);
                var author = step.ByOperator ? cdcUser : comuneUser;
                events.Add(new RequestEvent
                {
                    ProvinceId = p, RequestId = r.Id, Kind = step.Kind, FromStatus = step.To is null ? null : status, ToStatus = step.To, AtUtc = at,
                    AuthorId = author.Id, AuthorName = author.FullName, Text = step.Text,
                });
                if (step.To is { } to)
                {
                    if (status == RequestStatus.Nuova) { r.TakenInChargeAtUtc = at; r.AssignedUserId = cdcUser.Id; r.AssignedUserName = cdcUser.FullName; }
                    if (to == RequestStatus.Risolta) { r.SolvedAtUtc = at; r.Solution = step.Text; }
                    status = to;
                }
                r.LastActivityAtUtc = at;
            }
            r.Status = status;
            db.RequestEvents.AddRange(events);
            var history = events.Where(e => e.FromStatus != null && e.ToStatus != null).Select(e => new StatusChange(e.AtUtc, e.FromStatus!.Value, e.ToStatus!.Value)).ToList();
            RequestService.ApplySla(r, SlaCalculator.Compute(calendar, created, RequestService.TargetsOf(r), history, status, now));
            await db.SaveChangesAsync(ct);
        }

        await Request(formazione, "Corso sulla sicurezza informatica per l'ufficio anagrafe", now.AddHours(-3),
            [("Argomento", "Sicurezza informatica"), ("Numero di partecipanti", "12")]);
        await Request(sito, "Pubblicazione del nuovo orario della biblioteca civica", now.AddDays(-2),
            [("Pagina da aggiornare (indirizzo)", "https://www.comune.conegliano.tv.it/biblioteca")],
            (RequestEventKind.PresaInCarico, RequestStatus.InCarico, 1.5, true, null),
            (RequestEventKind.Risposta, null, 2, true, "Buongiorno, ci può indicare da quale data vale il nuovo orario?"));
        await Request(pagoPa, "Avvisi TARI non pagabili dall'app IO", now.AddDays(-6),
            [("Servizio interessato", "TARI"), ("Descrizione del problema", "Dal 3 del mese gli avvisi TARI risultano «non pagabili» nell'app IO."), ("Importo interessato (€)", "18450")],
            (RequestEventKind.PresaInCarico, RequestStatus.InCarico, 0.5, true, null),
            (RequestEventKind.MessaInAttesa, RequestStatus.InAttesa, 2, true, "Serve l'estratto della rendicontazione del partner tecnologico."),
            (RequestEventKind.Risposta, null, 20, false, "Inviato l'estratto alla casella del Centro di Competenza."),
            (RequestEventKind.Ripresa, RequestStatus.InCarico, 22, true, null),
            (RequestEventKind.Risolta, RequestStatus.Risolta, 26, true, "Corretta la configurazione dell'ente creditore sulla piattaforma pagoPA: gli avvisi ora risultano pagabili."));
    }
}
