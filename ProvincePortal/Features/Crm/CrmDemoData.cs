using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Crm;

/// <summary>
/// Agreements of a few Comuni of Treviso, dated from today so the demo always shows one quota overdue (Conegliano), one
/// agreement expiring (Oderzo) and a draft (Castelfranco Veneto), with contacts and a short log. Addresses end in
/// ".invalid" so that a demo with e-mail turned on never writes to a real Comune. Seeded once.
/// </summary>
public static class CrmDemoData
{
    public static async Task SeedAsync(PortalDbContext db, CancellationToken ct)
    {
        var treviso = await db.Provinces.FirstOrDefaultAsync(p => p.Sigla == "TV" && p.SuppressedOn == null, ct);
        if (treviso is null || await db.Convenzioni.IgnoreQueryFilters().AnyAsync(v => v.ProvinceId == treviso.Id, ct)) return;
        var comuni = await db.Comuni.Where(c => c.ProvinceId == treviso.Id && (c.CadastralCode == "C957" || c.CadastralCode == "F999" || c.CadastralCode == "C111"))
            .ToDictionaryAsync(c => c.CadastralCode, ct);
        if (!comuni.TryGetValue("C957", out var conegliano)) return;
        var services = await db.CatalogServices.IgnoreQueryFilters().Where(s => s.ProvinceId == treviso.Id).OrderBy(s => s.Id).ToListAsync(ct);
        var now = DateTime.UtcNow;
        var today = CrmService.TodayOf(now);
        var y = today.Year;
        var p = treviso.Id;

        Convenzione Agreement(Territory.Comune c, string title, ConvenzioneStatus status, DateOnly start, DateOnly end, long fixedCents, long rate,
            string? protocol, DateOnly? protocolDate, int serviceCount)
        {
            var v = new Convenzione
            {
                ProvinceId = p, ComuneId = c.Id, Title = title, Status = status, StartDate = start, EndDate = end, FixedFeeCents = fixedCents,
                PerInhabitantTenThousandths = rate, Population = c.Population ?? 0, ProtocolNumber = protocol, ProtocolDate = protocolDate,
                CreatedAtUtc = now, RowVersion = 1,
                Services = services.Take(serviceCount).Select(s => new ConvenzioneServizio { CatalogServiceId = s.Id }).ToList(),
            };
            var fee = FeeRule.YearlyFeeCents(v.FixedFeeCents, v.PerInhabitantTenThousandths, v.Population);
            foreach (var (year, due) in FeeRule.Schedule(start, end, v.QuotaDueMonth, v.QuotaDueDay))
                v.Quotas.Add(new QuotaAnnuale { ProvinceId = p, ComuneId = c.Id, Year = year, AmountCents = fee, DueDate = due });
            db.Convenzioni.Add(v);
            return v;
        }
        void Pay(QuotaAnnuale q, DateOnly date, long cents, string reference)
        {
            q.Payments.Add(new Pagamento { ProvinceId = p, Date = date, AmountCents = cents, Reference = reference, RecordedBy = "Carlo Competenza", RecordedAtUtc = now });
            q.PaidCents += cents;
        }

        // Conegliano: last year paid; this year's quota overdue and paid in part.
        var c1 = Agreement(conegliano, "Servizi del Centro di Competenza per la transizione digitale", ConvenzioneStatus.Attiva,
            new DateOnly(y - 1, 1, 1), new DateOnly(y + 1, 12, 31), 150_000, 1_500, $"{y - 1}/0001234", new DateOnly(y - 1, 1, 10), 3);
        var previous = c1.Quotas.Single(q => q.Year == y - 1);
        Pay(previous, previous.DueDate.AddDays(-5), previous.AmountCents, "pagoPA IUV 01000000000012345");
        var current = c1.Quotas.Single(q => q.Year == y);
        current.DueDate = today.AddDays(-20);
        Pay(current, today.AddDays(-40), 200_000, "Reversale n. 118");

        // Oderzo: ends in 40 days, renewed tacitly unless notice is given; everything due is paid.
        if (comuni.TryGetValue("F999", out var oderzo))
        {
            var c2 = Agreement(oderzo, "Convenzione per il sito istituzionale e pagoPA", ConvenzioneStatus.Attiva,
                today.AddDays(40).AddYears(-2).AddDays(1), today.AddDays(40), 100_000, 1_200, $"{y - 2}/0004567", today.AddYears(-2), 2);
            c2.TacitRenewal = true;
            c2.RenewalNoticeDays = 30;
            foreach (var q in c2.Quotas.Where(q => q.DueDate < today)) Pay(q, q.DueDate.AddDays(-3), q.AmountCents, $"pagoPA IUV 0200000000000{q.Year}");
        }
        // Castelfranco Veneto: a draft for the next three years.
        if (comuni.TryGetValue("C111", out var castelfranco))
            Agreement(castelfranco, "Proposta di convenzione triennale", ConvenzioneStatus.Bozza, new DateOnly(y + 1, 1, 1), new DateOnly(y + 3, 12, 31), 120_000, 1_300, null, null, 4);

        var pagoPa = services.FirstOrDefault(s => s.Name.Contains("pagoPA"));
        db.ContattiComuni.AddRange(
            new ContattoComune { ProvinceId = p, ComuneId = conegliano.Id, Role = ContattoRuolo.Ente, Name = "Protocollo generale", Pec = "protocollo@pec.comune-conegliano.invalid", Email = "urp@comune-conegliano.invalid", Phone = "0438 000001", ReceivesCommunications = true },
            new ContattoComune { ProvinceId = p, ComuneId = conegliano.Id, Role = ContattoRuolo.Sindaco, Name = "Sindaco (demo)", Email = "sindaco@comune-conegliano.invalid" },
            new ContattoComune { ProvinceId = p, ComuneId = conegliano.Id, Role = ContattoRuolo.Segretario, Name = "Segretaria generale (demo)", Email = "segretario@comune-conegliano.invalid", Phone = "0438 000002" },
            new ContattoComune { ProvinceId = p, ComuneId = conegliano.Id, Role = ContattoRuolo.Rtd, Name = "RTD (demo)", Email = "rtd@comune-conegliano.invalid", ReceivesCommunications = true },
            new ContattoComune { ProvinceId = p, ComuneId = conegliano.Id, Role = ContattoRuolo.Referente, CatalogServiceId = pagoPa?.Id ?? services.FirstOrDefault()?.Id, Name = "Referente pagoPA (demo)", Email = "tributi@comune-conegliano.invalid", Phone = "0438 000003" });
        if (oderzo is not null)
            db.ContattiComuni.Add(new ContattoComune { ProvinceId = p, ComuneId = oderzo.Id, Role = ContattoRuolo.Ente, Name = "Protocollo", Pec = "protocollo@pec.comune-oderzo.invalid", ReceivesCommunications = true });

        db.Interazioni.AddRange(
            new Interazione { ProvinceId = p, ComuneId = conegliano.Id, Kind = InterazioneTipo.Incontro, Date = today.AddDays(-60), Subject = "Avvio dei servizi dell'anno", Notes = "Presenti il RTD e la segretaria generale; concordato il piano di formazione.", AuthorName = "Carlo Competenza", CreatedAtUtc = now },
            new Interazione { ProvinceId = p, ComuneId = conegliano.Id, Kind = InterazioneTipo.PecInviata, Date = today.AddDays(-10), Subject = $"Sollecito di pagamento della quota {y}", ProtocolNumber = $"{y}/0009876", ProtocolDate = today.AddDays(-10), AuthorName = "Carlo Competenza", CreatedAtUtc = now });
        await db.SaveChangesAsync(ct);
    }
}
