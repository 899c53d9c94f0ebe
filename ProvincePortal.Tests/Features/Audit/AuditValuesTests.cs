using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Tests.Features.Audit;

public class AuditValuesTests
{
    [Fact]
    public void Format_IsInvariant_WhateverTheCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("it-IT");
        try
        {
            Assert.Equal("1234.56", AuditValues.Format(1234.56m));
            Assert.Equal("0.5", AuditValues.Format(0.5d));
            Assert.Equal("7903", AuditValues.Format(7903));
            Assert.Equal("2026-11-26", AuditValues.Format(new DateOnly(2026, 11, 26)));
            Assert.Equal("2026-11-26T09:15:30.123456Z", AuditValues.Format(new DateTime(2026, 11, 26, 9, 15, 30, DateTimeKind.Utc).AddTicks(1_234_567)));
            // SQLite gives back UTC times without Kind: the same instant, the same text.
            Assert.Equal("2026-11-26T09:15:30Z", AuditValues.Format(new DateTime(2026, 11, 26, 9, 15, 30, DateTimeKind.Unspecified)));
            Assert.Equal("true", AuditValues.Format(true));
            Assert.Equal("CittaMetropolitana", AuditValues.Format(ProvinceType.CittaMetropolitana));
            Assert.Equal("(3 byte)", AuditValues.Format(new byte[] { 1, 2, 3 }));
            Assert.Equal(AuditValues.MaxLength + 1, AuditValues.Format(new string('x', 5000))!.Length);
        }
        finally { CultureInfo.CurrentCulture = previous; }
    }

    [Theory]
    [InlineData("2026-11-26T09:15:30Z", "26/11/2026 10:15")]   // Europe/Rome, winter time
    [InlineData("2026-07-01T22:30:00.5Z", "02/07/2026 00:30")] // summer time crosses midnight
    [InlineData("2026-11-26", "26/11/2026")]
    [InlineData("1234.5", "1.234,5")]
    [InlineData("026021", "026021")]                            // codes keep their zeros
    [InlineData("true", "sì")]
    [InlineData("false", "no")]
    [InlineData(null, "—")]
    [InlineData("", "«»")]
    [InlineData("=SOMMA(A1)", "=SOMMA(A1)")]
    public void Display_FormatsStoredTextForAnItalianReader(string? stored, string shown) =>
        Assert.Equal(shown, AuditValues.Display(stored));

    [Fact]
    public void Filter_RoundTripsThroughTheQueryString()
    {
        var filter = new AuditFilter(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 26), "provincia@demo.it", "PortalUser", AuditAction.Modifica, "Full Name");
        var query = new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + filter.ToQueryString()));

        var (parsed, error) = AuditFilter.FromQuery(query);

        Assert.Null(error);
        Assert.Equal(filter, parsed);
    }

    [Theory]
    [InlineData("da", "ieri", "'da'")]
    [InlineData("a", "2026-02-30", "'a'")]
    [InlineData("azione", "2", "'azione'")]
    [InlineData("azione", "Cancellazione", "'azione'")]
    public void Filter_WithAnInvalidValue_NamesTheParameter(string name, string value, string expected)
    {
        var (parsed, error) = AuditFilter.FromQuery(new QueryCollection(new Dictionary<string, StringValues> { [name] = value }));
        Assert.Null(parsed);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Filter_WithThePeriodReversed_IsRefused()
    {
        var (parsed, error) = AuditFilter.FromQuery(new QueryCollection(new Dictionary<string, StringValues> { ["da"] = "2026-11-26", ["a"] = "2026-11-01" }));
        Assert.Null(parsed);
        Assert.Contains("26/11/2026", error);
    }

    [Fact]
    public void Labels_NameIdentityFieldsInItalian_AndFallBackToTheFieldName()
    {
        Assert.Equal("Nome e cognome", AuditLabels.Field("PortalUser", "FullName"));
        Assert.Equal("Utente", AuditLabels.Entity("PortalUser"));
        Assert.Equal("CampoSconosciuto", AuditLabels.Field("Sconosciuta", "CampoSconosciuto"));
        Assert.Equal("Inserimento di 7.903 record", AuditLabels.Summary(AuditAction.Inserimento, 7903));
    }
}
