namespace ProvincePortal.Features.Agenda;

/// <summary>Italian labels of the framework's choices (passed through the localizer by the pages).</summary>
public static class AgendaLabels
{
    public static string Of(Normalisation n) => n switch
    {
        Normalisation.Target => "Distanza dall'obiettivo",
        Normalisation.MinMaxFixed => "Min-max con estremi fissi",
        _ => "Logaritmo e min-max nella Provincia",
    };

    public static string Of(IndicatorOrigin o) => o switch
    {
        IndicatorOrigin.OpenData => "Dati aperti",
        IndicatorOrigin.Import => "Importazione",
        _ => "Autovalutazione",
    };

    public static string Of(IndicatorDirection d) => d == IndicatorDirection.Positive ? "+ (più è meglio)" : "− (meno è meglio)";

    public static string Sign(IndicatorDirection d) => d == IndicatorDirection.Positive ? "+" : "−";
}
