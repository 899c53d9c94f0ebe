using ProvincePortal.Features.Agenda;

namespace ProvincePortal.Tests.Features.Agenda;

public sealed class Pad26MeasuresTests
{
    [Theory]
    [InlineData("E", MeasureStatus.Done)]
    [InlineData("RE", MeasureStatus.Done)]        // renounced, then applied again and paid
    [InlineData("RA", MeasureStatus.InProgress)]
    [InlineData("AR", MeasureStatus.InProgress)]  // order in the file does not matter
    [InlineData("RR", MeasureStatus.Renounced)]
    [InlineData("", MeasureStatus.NotApplied)]
    public void StatusOf_DomainRule(string states, MeasureStatus expected) => Assert.Equal(expected, Pad26Measures.StatusOf(states));

    [Theory]
    [InlineData("1.4.5 Digitalizzazione degli avvisi pubblici", "1.4.5 'Piattaforma Notifiche Digitali' Comuni (Settembre 2022)", "1.4.5")]
    [InlineData("1.3.1 Piattaforma Digitale Nazionale Dati", "1.3.1 Piattaforma Digitale Nazionale Dati - Comuni", "1.3.1")]
    [InlineData("1.4.3 Adozione PagoPA e AppIO", "1.4.3 - pagoPA - Comuni - giugno 2024", "1.4.3 pagoPA")]
    [InlineData("1.4.3 Adozione PagoPA e AppIO", "1.4.3 - app IO - Comuni - maggio 2025", "1.4.3 app IO")]
    [InlineData("1.4.4 Adozione identità digitale", "1.4.4 Adozione SPID CIE  - Comuni - Aprile 2022", "1.4.4 SPID CIE")]
    [InlineData("1.4.4 Adozione identità digitale", "1.4.4 Adozione ANPR ANSC - Comuni - luglio 2024", "1.4.4 ANPR ANSC")]
    [InlineData("1.2 Abilitazione e facilitazione migrazione al Cloud", "1.2 Abilitazione al Cloud - Comuni - luglio 2025", "1.2")]
    [InlineData("1.4.1 Esperienza del cittadino nei servizi pubblici", "1.4.1 Esperienza del Cittadino - Comuni", "1.4.1")]
    [InlineData("2.1 Qualcos'altro", "2.1", null)]
    public void Classify_ByMeasureAndNotice(string misura, string avviso, string? expected) => Assert.Equal(expected, Pad26Measures.Classify(misura, avviso));
}
