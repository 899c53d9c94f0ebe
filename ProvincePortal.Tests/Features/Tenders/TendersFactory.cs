using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Features.Tenders;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Tenders;

/// <summary>The real app on its own database with the demo accounts (and demo procedures) of Treviso and Brescia.</summary>
public sealed class TendersFactory : PortalFactory
{
    public const string Sua = "sua@demo.it";
    public const string ProvinceAdmin = "provincia@demo.it";
    public const string Manager = "dirigente@demo.it";
    public const string ComuneConegliano = "comune@demo.it";
    public const string SuaBrescia = "sua.bs@demo.it";
    public const string EuropeOperator = "europa@demo.it";

    public Task<T> AsAsync<T>(string email, Func<TenderService, Task<T>> action) =>
        AsUserAsync(email, sp => action(sp.GetRequiredService<TenderService>()));

    public Task AsAsync(string email, Func<TenderService, Task> action) =>
        AsUserAsync(email, async sp => { await action(sp.GetRequiredService<TenderService>()); return 0; });

    public async Task<int> ComuneIdAsync(string cadastralCode)
    {
        await using var db = await CreateSystemDbAsync();
        return await db.Comuni.Where(c => c.CadastralCode == cadastralCode).Select(c => c.Id).SingleAsync();
    }

    public static TenderInput Works(string oggetto, int? comuneId = null, decimal importo = 480_000m) => new()
    {
        ComuneId = comuneId, Oggetto = oggetto, Tipo = ContractType.Lavori, SceltaContraente = TenderCodeLists.NegoziataSenzaBando,
        Criterio = "price", Cpv = "45233141-9", Cup = "E37H22001230001", ImportoBase = importo, OneriSicurezza = 12_000m,
        Rup = "Ing. Giulia Zanin", RupCodiceFiscale = "RSSMRA80A01H501U",
    };

    private static int counter = Random.Shared.Next(0x100000, 0xE00000);

    /// <summary>A valid SIMOG v2/PCP CIG not used elsewhere in the test run (letter Q, hex progressive, computed check).</summary>
    public static string NewCig()
    {
        var n = Interlocked.Increment(ref counter);
        return $"Q{n:X6}{(n + 17) * 211 % 4091:X3}";
    }
}
