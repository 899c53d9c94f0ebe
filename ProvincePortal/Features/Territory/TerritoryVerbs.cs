using ProvincePortal.Cli;

namespace ProvincePortal.Features.Territory;

public static class TerritoryVerbs
{
    public static void Register()
    {
        // Implemented with the ISTAT import.
    }
}
