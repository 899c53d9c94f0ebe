using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Agenda;

/// <summary>The app with the Agenda digitale demo data (the real PA digitale files for every Comune) as on a first `dotnet run`.</summary>
public sealed class AgendaFactory : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new("Agenda:DemoData", "true")];
}

/// <summary>The same for the browser tests.</summary>
public sealed class AgendaKestrelFactory : KestrelPortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new("Agenda:DemoData", "true")];
}
