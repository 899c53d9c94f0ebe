using ProvincePortal.Features.Crm;

namespace ProvincePortal.Tests.Features.Crm;

/// <summary>The fee rule to the cent, the yearly schedule and the status of a quota over dates.</summary>
public class FeeRuleTests
{
    [Fact]
    public void YearlyFee_FixedPlusPerInhabitant_OnConeglianoPopulation()
    {
        // € 1.500,00 + 34.428 × € 0,15 = € 1.500,00 + € 5.164,20.
        Assert.Equal(666_420, FeeRule.YearlyFeeCents(150_000, 1_500, 34_428));
    }

    [Theory]
    // 28.656 × € 0,1234 = € 3.536,1504: the variable part rounds down to € 3.536,15.
    [InlineData(100_000, 1_234, 28_656, 453_615)]
    // 1.825 × € 0,0123 = € 22,4475 → € 22,45.
    [InlineData(0, 123, 1_825, 2_245)]
    // 50 × € 0,0005 = 2,5 cents: half a cent goes up (not to the even cent), 3 cents.
    [InlineData(0, 5, 50, 3)]
    // 30 × € 0,0005 = 1,5 cents → 2 cents.
    [InlineData(0, 5, 30, 2)]
    // 10 × € 0,0004 = 0,4 cents → 0.
    [InlineData(1_000, 4, 10, 1_000)]
    public void YearlyFee_RoundsTheVariablePartToTheCent_HalfUp(long fixedCents, long rate, int population, long expected)
    {
        Assert.Equal(expected, FeeRule.YearlyFeeCents(fixedCents, rate, population));
    }

    [Fact]
    public void YearlyFee_IsRaisedToTheMinimum_AndCappedAtTheMaximum()
    {
        // 1.000 × € 0,10 = € 100,00, below a minimum of € 250,00.
        Assert.Equal(25_000, FeeRule.YearlyFeeCents(0, 1_000, 1_000, minimumCents: 25_000, capCents: 500_000));
        // Treviso: 81.014 × € 0,10 + € 2.000,00 = € 10.101,40, capped at € 8.000,00.
        Assert.Equal(800_000, FeeRule.YearlyFeeCents(200_000, 1_000, 81_014, minimumCents: 25_000, capCents: 800_000));
        Assert.Equal(1_010_140, FeeRule.YearlyFeeCents(200_000, 1_000, 81_014, minimumCents: 25_000));
    }

    [Fact]
    public void Schedule_OneQuotaPerYear_FirstDueDateNotBeforeTheStart()
    {
        var schedule = FeeRule.Schedule(new DateOnly(2026, 7, 1), new DateOnly(2028, 6, 30), 3, 31);
        Assert.Equal(new[]
        {
            (2026, new DateOnly(2026, 7, 31)),
            (2027, new DateOnly(2027, 3, 31)),
            (2028, new DateOnly(2028, 3, 31)),
        }, schedule.Select(x => (x.Year, x.DueDate)));
    }

    [Fact]
    public void Schedule_DayBeyondTheMonth_FallsOnItsLastDay()
    {
        var schedule = FeeRule.Schedule(new DateOnly(2027, 1, 1), new DateOnly(2028, 12, 31), 2, 29);
        Assert.Equal(new DateOnly(2027, 2, 28), schedule[0].DueDate);
        Assert.Equal(new DateOnly(2028, 2, 29), schedule[1].DueDate);
    }

    [Theory]
    [InlineData(0, "2026-03-31", QuotaStatus.DaPagare)]   // due today: not late yet
    [InlineData(0, "2026-04-01", QuotaStatus.Scaduta)]
    [InlineData(40_000, "2026-03-15", QuotaStatus.Parziale)]
    [InlineData(40_000, "2026-04-01", QuotaStatus.Scaduta)]  // paid in part and late is overdue
    [InlineData(100_000, "2026-12-31", QuotaStatus.Pagata)]
    [InlineData(100_000, "2026-01-10", QuotaStatus.Pagata)]
    public void QuotaStatus_OverDates(long paidCents, string today, QuotaStatus expected)
    {
        Assert.Equal(expected, QuotaAnnuale.StatusOf(100_000, paidCents, new DateOnly(2026, 3, 31), DateOnly.Parse(today)));
    }

    [Fact]
    public void ActiveAgreement_PastItsEnd_IsShownAsExpired()
    {
        var end = new DateOnly(2026, 12, 31);
        Assert.Equal(ConvenzioneStatus.Attiva, Convenzione.EffectiveStatus(ConvenzioneStatus.Attiva, end, end));
        Assert.Equal(ConvenzioneStatus.Scaduta, Convenzione.EffectiveStatus(ConvenzioneStatus.Attiva, end, end.AddDays(1)));
        Assert.Equal(ConvenzioneStatus.Cessata, Convenzione.EffectiveStatus(ConvenzioneStatus.Cessata, end, end.AddDays(1)));
    }

    [Theory]
    [InlineData("12.5", 2, 1_250L)]
    [InlineData("0.1234", 4, 1_234L)]
    [InlineData("0.12345", 4, null)]
    [InlineData("12.345", 2, null)]
    public void Amounts_WithMoreDecimalsThanAllowed_AreRefused(string euros, int decimals, long? expected)
    {
        Assert.Equal(expected, FeeRule.ToUnits(decimal.Parse(euros, System.Globalization.CultureInfo.InvariantCulture), decimals));
    }

    [Theory]
    [InlineData("protocollo@pec.comune.conegliano.tv.it", true)]
    [InlineData("comune.oderzo@legalmail.it", true)]
    [InlineData("protocollo@pec", false)]
    [InlineData("Mario <mario@comune.it>", false)]
    [InlineData("mario rossi@comune.it", false)]
    [InlineData("@comune.it", false)]
    public void Addresses_AreChecked(string address, bool valid)
    {
        Assert.Equal(valid, CrmAddresses.IsValid(address));
    }
}
