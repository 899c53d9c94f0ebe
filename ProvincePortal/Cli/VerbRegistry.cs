namespace ProvincePortal.Cli;

/// <summary>Every verb of every feature, in the order `--help` lists them.</summary>
internal static class VerbRegistry
{
    public static void RegisterAll()
    {
        Features.Territory.TerritoryVerbs.Register();
        Features.Tenders.Exchange.ExchangeVerbs.Register();
        Features.EuCalls.EuCallsVerbs.Register();
        Features.Agenda.AgendaVerbs.Register();
        Features.Formazione.FormazioneVerbs.Register();
        Features.Demo.DemoVerbs.Register();
    }
}
