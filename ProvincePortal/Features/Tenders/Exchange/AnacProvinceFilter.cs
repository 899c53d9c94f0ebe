namespace ProvincePortal.Features.Tenders.Exchange;

/// <summary>
/// Which CSV rows belong to a Province: the place of execution is one of its Comuni (luogo_istat, the six-digit ISTAT
/// code of the Comune; matched on the full code because Città metropolitane kept their old province prefix, Torino
/// 001xxx under UTS 201), or, when ANAC left the place blank, the "provincia" column names it; or the contracting
/// authority (or the authority it acts for) is one the Province knows by codice fiscale: itself, its Comuni's
/// committenti already in the register.
/// </summary>
public sealed class AnacProvinceFilter(IReadOnlySet<string> comuneIstatCodes, string provinceName, IReadOnlySet<string> authorityFiscalCodes)
{
    private readonly string normalizedName = ProcedureTypeMap.NormalizeLabel(provinceName);

    public bool Belongs(AnacCigRow row) =>
        (row.LuogoIstat is { } istat ? comuneIstatCodes.Contains(istat)
            : row.Provincia is { } p && ProcedureTypeMap.NormalizeLabel(p) == normalizedName)
        || authorityFiscalCodes.Contains(row.CfAmministrazione)
        || (row.CfSaDelegante is { } delegante && authorityFiscalCodes.Contains(delegante));
}
