namespace ProvincePortal.Features.EuCalls.Partners;

/// <summary>Italian labels (localizer keys) of the partner-search values.</summary>
public static class PartnerLabels
{
    public static string Kind(AnnouncementKind k) => k == AnnouncementKind.Richiesta ? "Richiesta" : "Offerta";

    public static string Role(PartnerRole r) => r switch
    {
        PartnerRole.Capofila => "Capofila",
        PartnerRole.Partner => "Partner",
        PartnerRole.PartnerAssociato => "Partner associato",
        _ => "Qualsiasi ruolo",
    };
}
