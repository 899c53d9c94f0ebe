using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.EuCalls;

/// <summary>
/// Demo calls so that the Bandi UE pages are not empty on a fresh installation: a few shared EU calls (the kind the portal
/// import brings) with deadlines relative to today, and two national calls of Treviso. Titles and texts are ours,
/// written for the demo; identifiers follow the portal's pattern but are marked DEMO.
/// </summary>
public static class EuCallsDemoData
{
    public static async Task SeedAsync(PortalDbContext db, CancellationToken ct)
    {
        var treviso = await db.Provinces.FirstOrDefaultAsync(p => p.Sigla == "TV" && p.SuppressedOn == null, ct);
        if (treviso is null || await db.Calls.IgnoreQueryFilters().AnyAsync(c => c.Identifier.StartsWith("DEMO-"), ct)) return;
        var now = DateTime.UtcNow;
        var today = now.Date;

        Call Shared(string id, string title, string programme, string action, string beneficiaries, string keywords,
            long budgetEuro, decimal rate, int openedDaysAgo, params int[] deadlinesInDays)
        {
            var call = new Call
            {
                Origin = CallOrigin.PortaleUe, Identifier = id, Title = title, Programme = programme, TypeOfAction = action,
                Beneficiaries = beneficiaries, Keywords = keywords, BudgetCents = budgetEuro * 100, CoFinancingRate = rate,
                OpeningUtc = today.AddDays(-openedDaysAgo).AddHours(7), PortalType = 1, CreatedAtUtc = now, UpdatedAtUtc = now,
                Url = null,
            };
            CallRules.ApplyDeadlines(call, deadlinesInDays.Select(d => today.AddDays(d).AddHours(16)).ToList());
            call.SearchText = CallRules.SearchTextOf(call);
            return call;
        }

        var life = Shared("DEMO-LIFE-2026-CLIMA-ADAPT", "Adattamento climatico degli enti locali: piani e interventi pilota",
            "LIFE", "Standard Action Projects", "Enti pubblici locali; associazioni", "clima | adattamento | enti locali",
            12_000_000, 60m, 20, 45);
        var digital = Shared("DEMO-DIGITAL-2026-GOV-04", "Servizi pubblici digitali interoperabili per i piccoli Comuni",
            "DIGITAL", "Simple Grants", "Pubbliche amministrazioni; PMI", "interoperabilità | servizi digitali | Comuni",
            8_500_000, 50m, 10, 12, 75);
        var cerv = Shared("DEMO-CERV-2027-CITIZENS-TOWN", "Gemellaggi tra città e reti di Comuni",
            "CERV", "Lump sum grants", "Comuni; reti di enti locali", "gemellaggio | cittadinanza | reti di città",
            4_000_000, 90m, -15, 110);
        var own = new Call
        {
            ProvinceId = treviso.Id, Origin = CallOrigin.Nazionale, Identifier = "DEMO-PNRR-M1C1-TV-01",
            Title = "Avviso PNRR: adozione di piattaforme nazionali da parte dei Comuni", Programme = "PNRR",
            Beneficiaries = "Comuni", Keywords = "PNRR | piattaforme | Comuni", BudgetCents = 2_500_000_00,
            OpeningUtc = today.AddDays(-30), CreatedAtUtc = now, UpdatedAtUtc = now,
        };
        CallRules.ApplyDeadlines(own, [today.AddDays(25).AddHours(11)]);
        own.SearchText = CallRules.SearchTextOf(own);

        db.Calls.AddRange(life, digital, cerv, own);
        db.CallProvinceNotes.AddRange(
            new CallProvinceNote { Call = life, ProvinceId = treviso.Id, Relevance = CallRelevance.Alta, Published = true, Notes = "Da segnalare ai Comuni della fascia pedemontana.", UpdatedAtUtc = now, UpdatedBy = "Dati dimostrativi" },
            new CallProvinceNote { Call = digital, ProvinceId = treviso.Id, Relevance = CallRelevance.Media, Published = true, UpdatedAtUtc = now, UpdatedBy = "Dati dimostrativi" },
            new CallProvinceNote { Call = own, ProvinceId = treviso.Id, Relevance = CallRelevance.Alta, Published = true, UpdatedAtUtc = now, UpdatedBy = "Dati dimostrativi" });
        await db.SaveChangesAsync(ct);
    }
}
