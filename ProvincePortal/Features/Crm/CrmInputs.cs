namespace ProvincePortal.Features.Crm;

public sealed class ConvenzioneInput
{
    public string? Title { get; set; }
    public ConvenzioneStatus Status { get; set; } = ConvenzioneStatus.Bozza;
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public bool TacitRenewal { get; set; }
    public int? RenewalNoticeDays { get; set; }
    public string? ProtocolNumber { get; set; }
    public DateOnly? ProtocolDate { get; set; }
    /// <summary>Euros (at most 2 decimals).</summary>
    public decimal? FixedFee { get; set; }
    /// <summary>Euros per inhabitant (at most 4 decimals).</summary>
    public decimal? PerInhabitant { get; set; }
    public decimal? Minimum { get; set; }
    public decimal? Cap { get; set; }
    public int QuotaDueMonth { get; set; } = 3;
    public int QuotaDueDay { get; set; } = 31;
    public List<int> ServiceIds { get; set; } = [];
    public string? Notes { get; set; }
    public int RowVersion { get; set; }
}

public sealed class PagamentoInput
{
    public DateOnly? Date { get; set; }
    public decimal? Amount { get; set; }
    public string? Reference { get; set; }
}

public sealed class ContattoInput
{
    public ContattoRuolo Role { get; set; } = ContattoRuolo.Referente;
    public int? CatalogServiceId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Pec { get; set; }
    public string? Phone { get; set; }
    public bool ReceivesCommunications { get; set; }
}

public sealed class InterazioneInput
{
    public InterazioneTipo Kind { get; set; } = InterazioneTipo.Incontro;
    public DateOnly? Date { get; set; }
    public string? Subject { get; set; }
    public string? Notes { get; set; }
    public string? ProtocolNumber { get; set; }
    public DateOnly? ProtocolDate { get; set; }
}

public sealed record CrmComuneRow(int ComuneId, string Name, int? Population, int? ConvenzioneId, ConvenzioneStatus? Status, DateOnly? EndDate,
    long OverdueCents, int Contacts);

public sealed record PagamentoRow(int Id, DateOnly Date, long AmountCents, string Reference, string RecordedBy);

public sealed record QuotaRow(int Id, int Year, long AmountCents, DateOnly DueDate, long PaidCents, QuotaStatus Status, IReadOnlyList<PagamentoRow> Payments)
{
    public long ResidualCents => Math.Max(0, AmountCents - PaidCents);
    public bool IsOverdue => Status == QuotaStatus.Scaduta;
}

public sealed record ServiceOption(int Id, string Name);

public sealed record ConvenzioneDetails(int Id, string Title, ConvenzioneStatus Status, ConvenzioneStatus EffectiveStatus, DateOnly StartDate, DateOnly EndDate,
    bool TacitRenewal, int? RenewalNoticeDays, string? ProtocolNumber, DateOnly? ProtocolDate, long FixedFeeCents, long PerInhabitantTenThousandths,
    long? MinimumCents, long? CapCents, int Population, int QuotaDueMonth, int QuotaDueDay, string? Notes, int RowVersion,
    IReadOnlyList<ServiceOption> Services, IReadOnlyList<QuotaRow> Quotas)
{
    public long YearlyFeeCents => FeeRule.YearlyFeeCents(FixedFeeCents, PerInhabitantTenThousandths, Population, MinimumCents, CapCents);
}

public sealed record CrmComuneCard(int ComuneId, string Name, string IstatCode, string ProvinceSigla, int? Population, bool CanEdit,
    IReadOnlyList<ConvenzioneDetails> Agreements);

public sealed record ContattoRow(int Id, ContattoRuolo Role, int? CatalogServiceId, string? ServiceName, string Name, string? Email, string? Pec, string? Phone,
    bool ReceivesCommunications, string? Website = null, ContattoFonte Source = ContattoFonte.Manuale, DateOnly? SourceUpdatedOn = null)
{
    public bool FromIndicePa => Source == ContattoFonte.IndicePa;
}

public sealed record InterazioneRow(long Id, InterazioneTipo Kind, DateOnly Date, string Subject, string? Notes, string? ProtocolNumber, DateOnly? ProtocolDate,
    string AuthorName);

public sealed record CrmAlertRow(long Id, int ComuneId, string ComuneName, CrmAlertKind Kind, string Text, DateTime AtUtc);

/// <summary>The Comune user's read-only view: its agreements with quotas and payments, nothing else.</summary>
public sealed record MiaConvenzioneView(string ComuneName, IReadOnlyList<ConvenzioneDetails> Agreements);

public sealed record ExpiringAgreement(int ConvenzioneId, int ComuneId, string ComuneName, string Title, DateOnly EndDate, bool TacitRenewal, int DaysLeft);

public sealed record OverdueQuota(int QuotaId, int ComuneId, string ComuneName, int Year, DateOnly DueDate, long AmountCents, long ResidualCents, int DaysLate);

/// <summary>For the Richieste dashboard: agreements expiring within <see cref="WithinDays"/> and quotas overdue, with amounts.</summary>
public sealed record ConvenzioniSummary(int WithinDays, IReadOnlyList<ExpiringAgreement> Expiring, IReadOnlyList<OverdueQuota> Overdue)
{
    public long OverdueResidualCents => Overdue.Sum(o => o.ResidualCents);
}

public sealed class CrmOptions
{
    /// <summary>An active agreement ending within this many days raises an alert and appears in the summary.</summary>
    public int ExpiryNoticeDays { get; set; } = 60;
    public bool JobsEnabled { get; set; } = true;
    public int JobPollMinutes { get; set; } = 60;
}

public static class CrmLabels
{
    public static string Label(ConvenzioneStatus s) => s switch
    {
        ConvenzioneStatus.Bozza => "Bozza",
        ConvenzioneStatus.Attiva => "Attiva",
        ConvenzioneStatus.Scaduta => "Scaduta",
        ConvenzioneStatus.Cessata => "Cessata",
        _ => s.ToString(),
    };

    public static string Label(QuotaStatus s) => s switch
    {
        QuotaStatus.DaPagare => "Da pagare",
        QuotaStatus.Parziale => "Pagata in parte",
        QuotaStatus.Pagata => "Pagata",
        QuotaStatus.Scaduta => "Scaduta",
        _ => s.ToString(),
    };

    public static string Label(ContattoRuolo r) => r switch
    {
        ContattoRuolo.Ente => "Recapiti istituzionali",
        ContattoRuolo.Sindaco => "Sindaco",
        ContattoRuolo.Segretario => "Segretario comunale",
        ContattoRuolo.Rtd => "Responsabile per la transizione al digitale (RTD)",
        ContattoRuolo.Referente => "Referente di servizio",
        ContattoRuolo.Altro => "Altro contatto",
        _ => r.ToString(),
    };

    public static string Label(InterazioneTipo k) => k switch
    {
        InterazioneTipo.Incontro => "Incontro",
        InterazioneTipo.Telefonata => "Telefonata",
        InterazioneTipo.PecInviata => "PEC inviata",
        InterazioneTipo.PecRicevuta => "PEC ricevuta",
        InterazioneTipo.Email => "E-mail",
        InterazioneTipo.AggiornamentoDati => "Aggiornamento da banca dati",
        _ => k.ToString(),
    };

    public static string Label(CrmAlertKind k) => k switch
    {
        CrmAlertKind.ConvenzioneInScadenza => "Convenzione in scadenza",
        CrmAlertKind.QuotaScaduta => "Quota scaduta",
        _ => k.ToString(),
    };

    public static readonly string[] Months =
        ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"];
}
