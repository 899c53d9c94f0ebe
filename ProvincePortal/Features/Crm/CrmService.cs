using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Crm;

/// <summary>
/// The relationship of the Province's competence centre with each Comune: agreements and their quotas, payments, contacts,
/// the interaction log and the alerts. Every read goes through a tenant-scoped context and checks the role here, so a
/// Comune user or another Province gets "not found" whatever the page shows.
/// </summary>
public sealed class CrmService(PortalDbFactory dbFactory, CurrentUser currentUser, TimeProvider clock, IOptionsMonitor<CrmOptions> options)
{
    private const int MaxYears = 10;

    public DateOnly Today() => TodayOf(clock.GetUtcNow().UtcDateTime);

    public static DateOnly TodayOf(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Formats.Rome));

    // ---------- Comuni list and card ----------

    /// <summary>One page of the Province's Comuni with their current agreement, overdue amount and number of contacts.</summary>
    public async Task<(IReadOnlyList<CrmComuneRow> Items, int Total)> ListComuniAsync(string? text, bool onlyWithAgreement, int page, int pageSize, CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var comuni = ProvinceComuni(db, user).Where(c => c.SuppressedOn == null);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var term = text.Trim().ToLower();
            comuni = comuni.Where(c => c.Name.ToLower().Contains(term));
        }
        if (onlyWithAgreement) comuni = comuni.Where(c => db.Set<Convenzione>().Any(v => v.ComuneId == c.Id));
        var total = await comuni.CountAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var rows = await comuni.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(c => new { c.Id, c.Name, c.Population }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var agreements = await db.Set<Convenzione>().AsNoTracking().Where(v => ids.Contains(v.ComuneId))
            .Select(v => new { v.Id, v.ComuneId, v.Status, v.StartDate, v.EndDate }).ToListAsync(ct);
        var today = Today();
        var overdue = await db.Set<QuotaAnnuale>().AsNoTracking()
            .Where(q => ids.Contains(q.ComuneId) && q.DueDate < today && q.PaidCents < q.AmountCents && q.Convenzione!.Status != ConvenzioneStatus.Bozza)
            .GroupBy(q => q.ComuneId).Select(g => new { ComuneId = g.Key, Cents = g.Sum(q => q.AmountCents - q.PaidCents) }).ToListAsync(ct);
        var contacts = await db.Set<ContattoComune>().AsNoTracking().Where(x => ids.Contains(x.ComuneId))
            .GroupBy(x => x.ComuneId).Select(g => new { ComuneId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var items = rows.Select(r =>
        {
            // The agreement that matters is the one in force, else the latest one.
            var current = agreements.Where(a => a.ComuneId == r.Id)
                .OrderByDescending(a => a.Status == ConvenzioneStatus.Attiva).ThenByDescending(a => a.StartDate).FirstOrDefault();
            return new CrmComuneRow(r.Id, r.Name, r.Population, current?.Id,
                current is null ? null : Convenzione.EffectiveStatus(current.Status, current.EndDate, today), current?.EndDate,
                overdue.FirstOrDefault(o => o.ComuneId == r.Id)?.Cents ?? 0, contacts.FirstOrDefault(x => x.ComuneId == r.Id)?.Count ?? 0);
        }).ToList();
        return (items, total);
    }

    /// <summary>The card of a Comune of the user's Province, or null (also for a Comune user and for another Province).</summary>
    public async Task<CrmComuneCard?> GetCardAsync(int comuneId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!CrmAccess.CanRead(user)) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var comune = await ProvinceComuni(db, user).Where(c => c.Id == comuneId)
            .Select(c => new { c.Id, c.Name, c.IstatCode, Sigla = c.Province!.Sigla, c.Population }).FirstOrDefaultAsync(ct);
        if (comune is null) return null;
        return new CrmComuneCard(comune.Id, comune.Name, comune.IstatCode, comune.Sigla, comune.Population, CrmAccess.CanEdit(user),
            await AgreementsAsync(db, comuneId, ct));
    }

    /// <summary>"La mia convenzione": the Comune user's own agreements, quotas and payments.</summary>
    public async Task<MiaConvenzioneView?> MyAgreementAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsInRole(Roles.ComuneUser) || user.ComuneId is not int comuneId) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var name = await db.Comuni.Where(c => c.Id == comuneId && c.ProvinceId == user.ProvinceId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null) return null;
        var agreements = (await AgreementsAsync(db, comuneId, ct)).Where(a => a.Status != ConvenzioneStatus.Bozza).ToList();
        return new MiaConvenzioneView(name, agreements);
    }

    private async Task<IReadOnlyList<ConvenzioneDetails>> AgreementsAsync(PortalDbContext db, int comuneId, CancellationToken ct)
    {
        var today = Today();
        var list = await db.Set<Convenzione>().AsNoTracking().Where(v => v.ComuneId == comuneId)
            .Include(v => v.Services).ThenInclude(s => s.CatalogService)
            .Include(v => v.Quotas).ThenInclude(q => q.Payments)
            .AsSplitQuery()
            .OrderByDescending(v => v.StartDate).ThenByDescending(v => v.Id).Take(50).ToListAsync(ct);
        return list.Select(v => new ConvenzioneDetails(v.Id, v.Title, v.Status, Convenzione.EffectiveStatus(v.Status, v.EndDate, today), v.StartDate, v.EndDate,
            v.TacitRenewal, v.RenewalNoticeDays, v.ProtocolNumber, v.ProtocolDate, v.FixedFeeCents, v.PerInhabitantTenThousandths, v.MinimumCents, v.CapCents,
            v.Population, v.QuotaDueMonth, v.QuotaDueDay, v.Notes, v.RowVersion,
            v.Services.Where(s => s.CatalogService is not null).Select(s => new ServiceOption(s.CatalogServiceId, s.CatalogService!.Name)).OrderBy(s => s.Name).ToList(),
            v.Quotas.OrderBy(q => q.Year).Select(q => new QuotaRow(q.Id, q.Year, q.AmountCents, q.DueDate, q.PaidCents,
                v.Status == ConvenzioneStatus.Bozza && q.PaidCents < q.AmountCents ? QuotaStatus.DaPagare : QuotaAnnuale.StatusOf(q.AmountCents, q.PaidCents, q.DueDate, today),
                q.Payments.OrderBy(p => p.Date).ThenBy(p => p.Id).Select(p => new PagamentoRow(p.Id, p.Date, p.AmountCents, p.Reference, p.RecordedBy)).ToList())).ToList()))
            .ToList();
    }

    /// <summary>The catalogue services of the Province, for the services an agreement covers.</summary>
    public async Task<IReadOnlyList<ServiceOption>> ListServicesAsync(CancellationToken ct = default)
    {
        await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.CatalogServices.AsNoTracking().OrderBy(s => s.Name).Select(s => new ServiceOption(s.Id, s.Name)).Take(500).ToListAsync(ct);
    }

    // ---------- Agreements and quotas ----------

    /// <summary>Creates (<paramref name="id"/> null) or updates an agreement and brings its quotas in line with the fee rule.</summary>
    public async Task<int> SaveAgreementAsync(int comuneId, int? id, ConvenzioneInput input, CancellationToken ct = default)
    {
        var user = await EditorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var comune = await ProvinceComuni(db, user).Where(c => c.Id == comuneId).Select(c => new { c.Id, c.Name, c.ProvinceId, c.Population }).FirstOrDefaultAsync(ct)
            ?? throw new CrmNotFoundException();
        Convenzione v;
        if (id is int existing)
        {
            v = await db.Set<Convenzione>().Include(x => x.Services).Include(x => x.Quotas).FirstOrDefaultAsync(x => x.Id == existing && x.ComuneId == comuneId, ct)
                ?? throw new CrmNotFoundException();
            if (v.RowVersion != input.RowVersion) throw new CrmConcurrencyException();
        }
        else
        {
            v = new Convenzione { ProvinceId = comune.ProvinceId, ComuneId = comuneId, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.Add(v);
        }

        var errors = new Dictionary<string, string>();
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title)) errors["Title"] = "Oggetto: è obbligatorio.";
        else if (title.Length > 300) errors["Title"] = "Oggetto: al massimo 300 caratteri.";
        if (input.StartDate is null) errors["StartDate"] = "Data di inizio: è obbligatoria.";
        if (input.EndDate is null) errors["EndDate"] = "Data di fine: è obbligatoria.";
        if (input.StartDate is { } s && input.EndDate is { } e)
        {
            if (e <= s) errors["EndDate"] = $"Data di fine: deve essere successiva alla data di inizio ({Formats.Date(s)}); è il {Formats.Date(e)}.";
            else if (e > s.AddYears(MaxYears)) errors["EndDate"] = $"Data di fine: il periodo non può superare {MaxYears} anni.";
        }
        var fixedCents = Money(input.FixedFee, "FixedFee", "Quota fissa", 2, errors, required: true);
        var rate = Money(input.PerInhabitant, "PerInhabitant", "Quota per abitante", 4, errors, required: true);
        var minimum = Money(input.Minimum, "Minimum", "Importo minimo", 2, errors, required: false);
        var cap = Money(input.Cap, "Cap", "Importo massimo", 2, errors, required: false);
        if (minimum is long mn && cap is long cp && mn > cp)
            errors["Minimum"] = $"Importo minimo: {Formats.EuroCents(mn)} supera l'importo massimo ({Formats.EuroCents(cp)}).";
        if (input.QuotaDueMonth is < 1 or > 12) errors["QuotaDueMonth"] = "Scadenza della quota: il mese deve essere tra 1 e 12.";
        else if (input.QuotaDueDay < 1 || input.QuotaDueDay > DateTime.DaysInMonth(2024, input.QuotaDueMonth))
            errors["QuotaDueDay"] = $"Scadenza della quota: il giorno {input.QuotaDueDay} non esiste in {CrmLabels.Months[input.QuotaDueMonth - 1]}.";
        if (input.TacitRenewal && input.RenewalNoticeDays is < 0 or > 365)
            errors["RenewalNoticeDays"] = "Preavviso di disdetta: da 0 a 365 giorni.";
        var protocol = input.ProtocolNumber?.Trim();
        if (string.IsNullOrEmpty(protocol) != (input.ProtocolDate is null))
            errors["ProtocolNumber"] = string.IsNullOrEmpty(protocol)
                ? "Numero di protocollo: indicarlo insieme alla data di protocollo."
                : "Data di protocollo: indicarla insieme al numero di protocollo.";
        else if (protocol is { Length: > 60 }) errors["ProtocolNumber"] = "Numero di protocollo: al massimo 60 caratteri.";
        if (input.ProtocolDate is { } pd && pd > Today()) errors["ProtocolDate"] = $"Data di protocollo: {Formats.Date(pd)} è nel futuro.";
        if (rate is > 0 && comune.Population is null)
            errors["PerInhabitant"] = $"Quota per abitante: la popolazione ISTAT del Comune di {comune.Name} non è disponibile; importare un elenco ISTAT che la riporti.";
        var serviceIds = input.ServiceIds.Distinct().ToList();
        var known = await db.CatalogServices.Where(x => serviceIds.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct);
        if (known.Count != serviceIds.Count) errors["ServiceIds"] = "Servizi coperti: uno dei servizi scelti non è nel catalogo della Provincia.";
        if (input.Notes is { Length: > 4000 }) errors["Notes"] = "Note: al massimo 4000 caratteri.";
        if (errors.Count > 0) throw new CrmValidationException(errors);

        v.Title = title!;
        v.Status = input.Status;
        v.StartDate = input.StartDate!.Value;
        v.EndDate = input.EndDate!.Value;
        v.TacitRenewal = input.TacitRenewal;
        v.RenewalNoticeDays = input.TacitRenewal ? input.RenewalNoticeDays : null;
        v.ProtocolNumber = string.IsNullOrEmpty(protocol) ? null : protocol;
        v.ProtocolDate = input.ProtocolDate;
        v.FixedFeeCents = fixedCents!.Value;
        v.PerInhabitantTenThousandths = rate!.Value;
        v.MinimumCents = minimum;
        v.CapCents = cap;
        v.Population = comune.Population ?? 0;
        v.QuotaDueMonth = input.QuotaDueMonth;
        v.QuotaDueDay = input.QuotaDueDay;
        v.Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        v.Services.RemoveAll(x => !serviceIds.Contains(x.CatalogServiceId));
        foreach (var sid in serviceIds.Where(sid => v.Services.All(x => x.CatalogServiceId != sid)))
            v.Services.Add(new ConvenzioneServizio { CatalogServiceId = sid });
        SyncQuotas(db, v);
        v.RowVersion++;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new CrmConcurrencyException(); }
        return v.Id;
    }

    /// <summary>
    /// One quota per year of the period at the rule's amount. Quotas with payments keep their amount (the money was asked and
    /// partly received); quotas of years no longer in the period are removed unless something was paid on them.
    /// </summary>
    private static void SyncQuotas(PortalDbContext db, Convenzione v)
    {
        var fee = FeeRule.YearlyFeeCents(v.FixedFeeCents, v.PerInhabitantTenThousandths, v.Population, v.MinimumCents, v.CapCents);
        var schedule = FeeRule.Schedule(v.StartDate, v.EndDate, v.QuotaDueMonth, v.QuotaDueDay);
        foreach (var (year, due) in schedule)
        {
            var q = v.Quotas.FirstOrDefault(x => x.Year == year);
            if (q is null)
                v.Quotas.Add(new QuotaAnnuale { ProvinceId = v.ProvinceId, ComuneId = v.ComuneId, Year = year, AmountCents = fee, DueDate = due });
            else if (q.PaidCents == 0)
            {
                q.AmountCents = fee;
                q.DueDate = due;
            }
        }
        foreach (var stale in v.Quotas.Where(q => q.PaidCents == 0 && schedule.All(x => x.Year != q.Year)).ToList())
        {
            v.Quotas.Remove(stale);
            db.Remove(stale);
        }
    }

    /// <summary>Records a payment on a quota; a payment above what is left to pay is refused (no credit is kept).</summary>
    public async Task<int> RecordPaymentAsync(int quotaId, PagamentoInput input, CancellationToken ct = default)
    {
        var user = await EditorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var q = await db.Set<QuotaAnnuale>().FirstOrDefaultAsync(x => x.Id == quotaId, ct) ?? throw new CrmNotFoundException();
        if (!await ProvinceComuni(db, user).AnyAsync(c => c.Id == q.ComuneId, ct)) throw new CrmNotFoundException();
        var errors = new Dictionary<string, string>();
        if (input.Date is not { } date) errors["Date"] = "Data del pagamento: è obbligatoria.";
        else if (date > Today()) errors["Date"] = $"Data del pagamento: {Formats.Date(date)} è nel futuro.";
        var amount = Money(input.Amount, "Amount", "Importo del pagamento", 2, errors, required: true);
        var residual = q.AmountCents - q.PaidCents;
        if (amount is 0) errors["Amount"] = "Importo del pagamento: deve essere maggiore di zero.";
        else if (amount is long a && a > residual)
            errors["Amount"] = residual <= 0
                ? $"Importo del pagamento: la quota {q.Year} è già pagata per intero."
                : $"Importo del pagamento: {Formats.EuroCents(a)} supera il residuo della quota {q.Year} ({Formats.EuroCents(residual)}).";
        var reference = input.Reference?.Trim();
        if (string.IsNullOrEmpty(reference)) errors["Reference"] = "Riferimento del pagamento: è obbligatorio (IUV, CRO o reversale).";
        else if (reference.Length > 140) errors["Reference"] = "Riferimento del pagamento: al massimo 140 caratteri.";
        if (errors.Count > 0) throw new CrmValidationException(errors);

        var p = new Pagamento
        {
            ProvinceId = q.ProvinceId, QuotaId = q.Id, Date = input.Date!.Value, AmountCents = amount!.Value, Reference = reference!,
            RecordedBy = user.FullName, RecordedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(p);
        q.PaidCents += p.AmountCents;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new CrmConcurrencyException(); }
        return p.Id;
    }

    // ---------- Contacts ----------

    public async Task<IReadOnlyList<ContattoRow>> ListContactsAsync(int comuneId, CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await ProvinceComuni(db, user).AnyAsync(c => c.Id == comuneId, ct)) throw new CrmNotFoundException();
        return await db.Set<ContattoComune>().AsNoTracking().Where(x => x.ComuneId == comuneId)
            .OrderBy(x => x.Role).ThenBy(x => x.Name).Take(500)
            .Select(x => new ContattoRow(x.Id, x.Role, x.CatalogServiceId,
                db.CatalogServices.Where(s => s.Id == x.CatalogServiceId).Select(s => s.Name).FirstOrDefault(),
                x.Name, x.Email, x.Pec, x.Phone, x.ReceivesCommunications, x.Website, x.Source, x.SourceUpdatedOn))
            .ToListAsync(ct);
    }

    public async Task<int> SaveContactAsync(int comuneId, int? id, ContattoInput input, CancellationToken ct = default)
    {
        var user = await EditorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var comune = await ProvinceComuni(db, user).Where(c => c.Id == comuneId).Select(c => new { c.Id, c.ProvinceId }).FirstOrDefaultAsync(ct)
            ?? throw new CrmNotFoundException();
        ContattoComune contact;
        if (id is int existing)
        {
            contact = await db.Set<ContattoComune>().FirstOrDefaultAsync(x => x.Id == existing && x.ComuneId == comuneId, ct) ?? throw new CrmNotFoundException();
            // The next import would overwrite the edit: the address is corrected in IndicePA, or typed in a contact of its own.
            if (contact.Source == ContattoFonte.IndicePa)
                throw new CrmValidationException(new Dictionary<string, string> { [""] = "Il contatto è aggiornato dall'importazione di IndicePA e non si modifica a mano: aggiungere un nuovo contatto." });
        }
        else
        {
            contact = new ContattoComune { ProvinceId = comune.ProvinceId, ComuneId = comuneId };
            db.Add(contact);
        }
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors["Name"] = "Nome: è obbligatorio (per i recapiti istituzionali, ad esempio «Protocollo generale»).";
        else if (name.Length > 200) errors["Name"] = "Nome: al massimo 200 caratteri.";
        var email = Blank(input.Email);
        var pec = Blank(input.Pec);
        var phone = Blank(input.Phone);
        if (email is not null && !CrmAddresses.IsValid(email)) errors["Email"] = $"E-mail: «{email}» non è un indirizzo valido (esempio: nome.cognome@comune.esempio.it).";
        if (pec is not null && !CrmAddresses.IsValid(pec)) errors["Pec"] = $"PEC: «{pec}» non è un indirizzo valido (esempio: protocollo@pec.comune.esempio.it).";
        if (phone is not null && !CrmAddresses.IsPhone(phone)) errors["Phone"] = $"Telefono: «{phone}» non è un numero valido (cifre e spazi, + iniziale per il prefisso internazionale).";
        if (input.ReceivesCommunications && email is null && pec is null)
            errors["ReceivesCommunications"] = "Riceve le comunicazioni: serve un indirizzo e-mail o PEC.";
        if (input.Role == ContattoRuolo.Referente && input.CatalogServiceId is null)
            errors["CatalogServiceId"] = "Servizio: indicare il servizio che il referente segue.";
        if (input.CatalogServiceId is int sid && !await db.CatalogServices.AnyAsync(s => s.Id == sid, ct))
            errors["CatalogServiceId"] = "Servizio: non è nel catalogo della Provincia.";
        if (errors.Count > 0) throw new CrmValidationException(errors);

        contact.Role = input.Role;
        contact.CatalogServiceId = input.Role == ContattoRuolo.Referente ? input.CatalogServiceId : null;
        contact.Name = name!;
        contact.Email = email;
        contact.Pec = pec;
        contact.Phone = phone;
        contact.ReceivesCommunications = input.ReceivesCommunications;
        await db.SaveChangesAsync(ct);
        return contact.Id;
    }

    public async Task DeleteContactAsync(int comuneId, int id, CancellationToken ct = default)
    {
        var user = await EditorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await ProvinceComuni(db, user).AnyAsync(c => c.Id == comuneId, ct)) throw new CrmNotFoundException();
        var contact = await db.Set<ContattoComune>().FirstOrDefaultAsync(x => x.Id == id && x.ComuneId == comuneId, ct) ?? throw new CrmNotFoundException();
        db.Remove(contact);
        await db.SaveChangesAsync(ct);
    }

    // ---------- Interaction log ----------

    /// <summary>One page of a Comune's log, newest first.</summary>
    public async Task<(IReadOnlyList<InterazioneRow> Items, int Total)> ListInteractionsAsync(int comuneId, int page, int pageSize, CancellationToken ct = default)
    {
        var user = await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await ProvinceComuni(db, user).AnyAsync(c => c.Id == comuneId, ct)) throw new CrmNotFoundException();
        var q = db.Set<Interazione>().AsNoTracking().Where(x => x.ComuneId == comuneId);
        var total = await q.CountAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var items = await q.OrderByDescending(x => x.Date).ThenByDescending(x => x.Id).Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(x => new InterazioneRow(x.Id, x.Kind, x.Date, x.Subject, x.Notes, x.ProtocolNumber, x.ProtocolDate, x.AuthorName)).ToListAsync(ct);
        return (items, total);
    }

    public async Task<long> AddInteractionAsync(int comuneId, InterazioneInput input, CancellationToken ct = default)
    {
        var user = await EditorAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var provinceId = await ProvinceComuni(db, user).Where(c => c.Id == comuneId).Select(c => (int?)c.ProvinceId).FirstOrDefaultAsync(ct)
            ?? throw new CrmNotFoundException();
        var errors = new Dictionary<string, string>();
        var today = Today();
        if (input.Date is not { } date) errors["Date"] = "Data: è obbligatoria.";
        else if (date > today) errors["Date"] = $"Data: {Formats.Date(date)} è nel futuro.";
        var subject = input.Subject?.Trim();
        if (string.IsNullOrEmpty(subject)) errors["Subject"] = "Oggetto: è obbligatorio.";
        else if (subject.Length > 300) errors["Subject"] = "Oggetto: al massimo 300 caratteri.";
        var protocol = Blank(input.ProtocolNumber);
        if ((protocol is null) != (input.ProtocolDate is null))
            errors["ProtocolNumber"] = protocol is null
                ? "Numero di protocollo: indicarlo insieme alla data di protocollo."
                : "Data di protocollo: indicarla insieme al numero di protocollo.";
        else if (protocol is { Length: > 60 }) errors["ProtocolNumber"] = "Numero di protocollo: al massimo 60 caratteri.";
        if (input.ProtocolDate is { } pd && pd > today) errors["ProtocolDate"] = $"Data di protocollo: {Formats.Date(pd)} è nel futuro.";
        if (input.Notes is { Length: > 4000 }) errors["Notes"] = "Note: al massimo 4000 caratteri.";
        if (input.Kind == InterazioneTipo.AggiornamentoDati) errors["Kind"] = "Tipo: «Aggiornamento da banca dati» è riservato alle importazioni.";
        if (errors.Count > 0) throw new CrmValidationException(errors);
        var entry = new Interazione
        {
            ProvinceId = provinceId, ComuneId = comuneId, Kind = input.Kind, Date = input.Date!.Value, Subject = subject!,
            Notes = Blank(input.Notes), ProtocolNumber = protocol, ProtocolDate = input.ProtocolDate,
            AuthorName = user.FullName, AuthorUserId = user.UserId, CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }

    // ---------- Alerts and the dashboard ----------

    /// <summary>One page of the alerts raised for the Province (of one Comune when given), newest first.</summary>
    public async Task<(IReadOnlyList<CrmAlertRow> Items, int Total)> ListAlertsAsync(int? comuneId, int page, int pageSize, CancellationToken ct = default)
    {
        await ReaderAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var q = db.Set<CrmAlert>().AsNoTracking();
        if (comuneId is int c) q = q.Where(a => a.ComuneId == c);
        var total = await q.CountAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var items = await q.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id).Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(a => new CrmAlertRow(a.Id, a.ComuneId, db.Comuni.Where(x => x.Id == a.ComuneId).Select(x => x.Name).FirstOrDefault() ?? "", a.Kind, a.Text, a.AtUtc))
            .ToListAsync(ct);
        return (items, total);
    }

    /// <summary>
    /// For the Richieste dashboard: the Province's active agreements ending within <paramref name="withinDays"/> (the
    /// Crm:ExpiryNoticeDays option when null) and its overdue quotas with what is left to pay. Empty for users who may not read the CRM.
    /// </summary>
    public async Task<ConvenzioniSummary> SummaryAsync(int? withinDays = null, CancellationToken ct = default)
    {
        var days = Math.Clamp(withinDays ?? options.CurrentValue.ExpiryNoticeDays, 1, 3650);
        var user = await currentUser.GetAsync();
        if (!CrmAccess.CanRead(user)) return new ConvenzioniSummary(days, [], []);
        await using var db = await dbFactory.CreateAsync(ct);
        var today = Today();
        var (expiring, overdue) = await DueAsync(db, today, days, ct);
        return new ConvenzioniSummary(days, expiring, overdue);
    }

    /// <summary>The same rows for any scope: the tenant filter of <paramref name="db"/> decides which Provinces are read.</summary>
    internal static async Task<(List<ExpiringAgreement>, List<OverdueQuota>)> DueAsync(PortalDbContext db, DateOnly today, int days, CancellationToken ct)
    {
        var limit = today.AddDays(days);
        var expiring = await db.Set<Convenzione>().AsNoTracking()
            .Where(v => v.Status == ConvenzioneStatus.Attiva && v.EndDate >= today && v.EndDate <= limit)
            .OrderBy(v => v.EndDate).ThenBy(v => v.Id).Take(500)
            .Select(v => new { v.Id, v.ComuneId, Comune = v.Comune!.Name, v.Title, v.EndDate, v.TacitRenewal }).ToListAsync(ct);
        var overdue = await db.Set<QuotaAnnuale>().AsNoTracking()
            .Where(q => q.DueDate < today && q.PaidCents < q.AmountCents && q.Convenzione!.Status != ConvenzioneStatus.Bozza)
            .OrderBy(q => q.DueDate).ThenBy(q => q.Id).Take(500)
            .Select(q => new { q.Id, q.ComuneId, Comune = q.Convenzione!.Comune!.Name, q.Year, q.DueDate, q.AmountCents, q.PaidCents }).ToListAsync(ct);
        return (
            expiring.Select(v => new ExpiringAgreement(v.Id, v.ComuneId, v.Comune, v.Title, v.EndDate, v.TacitRenewal, v.EndDate.DayNumber - today.DayNumber)).ToList(),
            overdue.Select(q => new OverdueQuota(q.Id, q.ComuneId, q.Comune, q.Year, q.DueDate, q.AmountCents, q.AmountCents - q.PaidCents, today.DayNumber - q.DueDate.DayNumber)).ToList());
    }

    // ---------- Helpers ----------

    /// <summary>Comuni are public territory data, not tenant rows: the Province is checked here.</summary>
    private static IQueryable<Territory.Comune> ProvinceComuni(PortalDbContext db, PortalPrincipal user) =>
        user.IsPlatformAdmin && user.ProvinceId is null ? db.Comuni.AsNoTracking() : db.Comuni.AsNoTracking().Where(c => c.ProvinceId == (user.ProvinceId ?? -1));

    private async Task<PortalPrincipal> ReaderAsync()
    {
        var user = await currentUser.GetAsync();
        // Not "forbidden": a Comune user or another office learns nothing about what exists.
        if (!CrmAccess.CanRead(user)) throw new CrmNotFoundException();
        return user;
    }

    private async Task<PortalPrincipal> EditorAsync()
    {
        var user = await ReaderAsync();
        if (!CrmAccess.CanEdit(user)) throw new CrmForbiddenException("Il suo profilo consulta il CRM dei Comuni ma non lo modifica.");
        return user;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static long? Money(decimal? value, string key, string label, int decimals, Dictionary<string, string> errors, bool required)
    {
        if (value is not { } v)
        {
            if (required) errors[key] = $"{label}: indicare un importo in euro.";
            return null;
        }
        if (v < 0) { errors[key] = $"{label}: l'importo non può essere negativo ({Formats.Euro(v)})."; return null; }
        if (v > 100_000_000m) { errors[key] = $"{label}: importo troppo alto ({Formats.Euro(v)})."; return null; }
        if (FeeRule.ToUnits(v, decimals) is not { } units)
        {
            errors[key] = decimals == 2 ? $"{label}: al massimo due decimali (i centesimi)." : $"{label}: al massimo quattro decimali.";
            return null;
        }
        return units;
    }
}
