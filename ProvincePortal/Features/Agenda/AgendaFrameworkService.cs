using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Agenda;

public sealed record FrameworkSummary(int Id, string Period, string Title, bool IsCurrent, DateTime? ClosedAtUtc, int Dimensions, int Indicators);

public sealed record IndicatorInput(int? Id, int DimensionId, string Code, string Name, string Unit, string Source,
    IndicatorDirection Direction, Normalisation Normalisation, double? TargetValue, double? GoalpostMin, double? GoalpostMax,
    double Weight, IndicatorOrigin Origin, string? Pad26Measure);

public sealed record DimensionInput(int? Id, string Code, string Name, double Weight);

/// <summary>A rule of the framework broken by an edit; the message names the field.</summary>
public sealed class AgendaValidationException(string message) : Exception(message);

/// <summary>
/// The indicator framework: one national framework per period, so that Comuni and Provinces are compared on the same
/// indicators. Everybody with the Agenda policy reads it; only platform administrators change it.
/// </summary>
public sealed class AgendaFrameworkService(IDbContextFactory<PortalDbContext> factory, CurrentUser currentUser)
{
    public async Task<IReadOnlyList<FrameworkSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.AgendaFrameworks.AsNoTracking().OrderByDescending(f => f.Period)
            .Select(f => new FrameworkSummary(f.Id, f.Period, f.Title, f.IsCurrent, f.ClosedAtUtc, f.Dimensions.Count, f.Indicators.Count))
            .ToListAsync(ct);
    }

    /// <summary>A version with its dimensions and indicators in display order; null when it does not exist.</summary>
    public async Task<AgendaFramework?> GetAsync(int? id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.AgendaFrameworks.AsNoTracking().Include(f => f.Dimensions).Include(f => f.Indicators).AsSplitQuery();
        var framework = id is int i ? await query.FirstOrDefaultAsync(f => f.Id == i, ct) : await query.FirstOrDefaultAsync(f => f.IsCurrent, ct);
        if (framework is null) return null;
        framework.Dimensions = framework.Dimensions.OrderBy(d => d.SortOrder).ThenBy(d => d.Code).ToList();
        framework.Indicators = framework.Indicators.OrderBy(x => x.SortOrder).ThenBy(x => x.Code).ToList();
        foreach (var indicator in framework.Indicators) indicator.Dimension = framework.Dimensions.First(d => d.Id == indicator.DimensionId);
        return framework;
    }

    public async Task<int> SaveIndicatorAsync(int frameworkId, IndicatorInput input, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var framework = await EditableAsync(db, frameworkId, ct);
        Validate(input);
        if (!await db.AgendaDimensions.AnyAsync(d => d.Id == input.DimensionId && d.FrameworkId == frameworkId, ct))
            throw new AgendaValidationException("Dimensione: scegliere una dimensione di questa versione.");
        var code = input.Code.Trim().ToUpperInvariant();
        if (await db.AgendaIndicators.AnyAsync(i => i.FrameworkId == frameworkId && i.Code == code && i.Id != (input.Id ?? 0), ct))
            throw new AgendaValidationException($"Codice: l'indicatore {code} esiste già in questa versione.");
        AgendaIndicator indicator;
        if (input.Id is int id)
            indicator = await db.AgendaIndicators.FirstOrDefaultAsync(i => i.Id == id && i.FrameworkId == frameworkId, ct)
                ?? throw new AgendaValidationException("Indicatore non trovato.");
        else
        {
            indicator = new AgendaIndicator { FrameworkId = framework.Id, SortOrder = await db.AgendaIndicators.CountAsync(i => i.FrameworkId == frameworkId, ct) };
            db.AgendaIndicators.Add(indicator);
        }
        indicator.DimensionId = input.DimensionId;
        indicator.Code = code;
        indicator.Name = input.Name.Trim();
        indicator.Unit = input.Unit.Trim();
        indicator.Source = input.Source.Trim();
        indicator.Direction = input.Direction;
        indicator.Normalisation = input.Normalisation;
        indicator.TargetValue = input.Normalisation == Normalisation.Target ? input.TargetValue : null;
        (indicator.GoalpostMin, indicator.GoalpostMax) = input.Normalisation == Normalisation.MinMaxFixed ? (input.GoalpostMin, input.GoalpostMax) : (null, null);
        indicator.Weight = input.Weight;
        indicator.Origin = input.Origin;
        indicator.Pad26Measure = string.IsNullOrWhiteSpace(input.Pad26Measure) ? null : input.Pad26Measure;
        await db.SaveChangesAsync(ct);
        return indicator.Id;
    }

    public async Task<int> SaveDimensionAsync(int frameworkId, DimensionInput input, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        await EditableAsync(db, frameworkId, ct);
        var code = input.Code.Trim().ToUpperInvariant();
        if (code.Length is 0 or > 10) throw new AgendaValidationException("Codice: da 1 a 10 caratteri.");
        if (string.IsNullOrWhiteSpace(input.Name)) throw new AgendaValidationException("Nome: obbligatorio.");
        if (!(input.Weight >= 0) || double.IsInfinity(input.Weight)) throw new AgendaValidationException("Peso: un numero maggiore o uguale a 0.");
        if (await db.AgendaDimensions.AnyAsync(d => d.FrameworkId == frameworkId && d.Code == code && d.Id != (input.Id ?? 0), ct))
            throw new AgendaValidationException($"Codice: la dimensione {code} esiste già in questa versione.");
        AgendaDimension dimension;
        if (input.Id is int id)
            dimension = await db.AgendaDimensions.FirstOrDefaultAsync(d => d.Id == id && d.FrameworkId == frameworkId, ct)
                ?? throw new AgendaValidationException("Dimensione non trovata.");
        else
        {
            dimension = new AgendaDimension { FrameworkId = frameworkId, SortOrder = await db.AgendaDimensions.CountAsync(d => d.FrameworkId == frameworkId, ct) };
            db.AgendaDimensions.Add(dimension);
        }
        dimension.Code = code;
        dimension.Name = input.Name.Trim();
        dimension.Weight = input.Weight;
        await db.SaveChangesAsync(ct);
        return dimension.Id;
    }

    /// <summary>Removes an indicator that has no measurement (one with data stays: its history belongs to the version).</summary>
    public async Task DeleteIndicatorAsync(int frameworkId, int indicatorId, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        await EditableAsync(db, frameworkId, ct);
        var indicator = await db.AgendaIndicators.FirstOrDefaultAsync(i => i.Id == indicatorId && i.FrameworkId == frameworkId, ct)
            ?? throw new AgendaValidationException("Indicatore non trovato.");
        if (await db.AgendaMeasurements.AnyAsync(m => m.IndicatorId == indicatorId, ct))
            throw new AgendaValidationException($"L'indicatore {indicator.Code} ha già dei valori: impostare il peso a 0 invece di eliminarlo.");
        db.AgendaIndicators.Remove(indicator);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A new version for another period, copying dimensions and indicators of <paramref name="fromId"/>; it becomes the
    /// current one. Measurements stay with the version they were imported into.
    /// </summary>
    public async Task<int> CreateVersionAsync(int fromId, string period, string title, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        period = period.Trim();
        if (period.Length is 0 or > 20) throw new AgendaValidationException("Periodo: da 1 a 20 caratteri (es. 2027).");
        if (string.IsNullOrWhiteSpace(title)) throw new AgendaValidationException("Titolo: obbligatorio.");
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.AgendaFrameworks.AnyAsync(f => f.Period == period, ct))
            throw new AgendaValidationException($"Periodo: esiste già una versione per {period}.");
        var source = await db.AgendaFrameworks.AsNoTracking().Include(f => f.Dimensions).Include(f => f.Indicators)
            .FirstOrDefaultAsync(f => f.Id == fromId, ct) ?? throw new AgendaValidationException("Versione di partenza non trovata.");
        var copy = new AgendaFramework { Period = period, Title = title.Trim(), SourceNote = source.SourceNote, CreatedAtUtc = DateTime.UtcNow, IsCurrent = true };
        var dimensions = source.Dimensions.ToDictionary(d => d.Id, d => new AgendaDimension { Code = d.Code, Name = d.Name, Weight = d.Weight, SortOrder = d.SortOrder });
        copy.Dimensions.AddRange(dimensions.Values);
        foreach (var i in source.Indicators)
            copy.Indicators.Add(new AgendaIndicator
            {
                Dimension = dimensions[i.DimensionId], Code = i.Code, Name = i.Name, Unit = i.Unit, Source = i.Source, Direction = i.Direction,
                Normalisation = i.Normalisation, TargetValue = i.TargetValue, GoalpostMin = i.GoalpostMin, GoalpostMax = i.GoalpostMax,
                Weight = i.Weight, Origin = i.Origin, Pad26Measure = i.Pad26Measure, SortOrder = i.SortOrder,
            });
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.AgendaFrameworks.Where(f => f.IsCurrent).ExecuteUpdateAsync(s => s.SetProperty(f => f.IsCurrent, false), ct);
        db.AgendaFrameworks.Add(copy);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return copy.Id;
    }

    public async Task SetCurrentAsync(int id, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var framework = await db.AgendaFrameworks.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new AgendaValidationException("Versione non trovata.");
        foreach (var other in await db.AgendaFrameworks.Where(f => f.IsCurrent && f.Id != id).ToListAsync(ct)) other.IsCurrent = false;
        framework.IsCurrent = true;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Freezes a version: after this its indicators, weights and normalisation can no longer change.</summary>
    public async Task CloseAsync(int id, CancellationToken ct = default)
    {
        await RequireAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var framework = await db.AgendaFrameworks.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new AgendaValidationException("Versione non trovata.");
        framework.ClosedAtUtc ??= DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    public static void Validate(IndicatorInput input)
    {
        var code = input.Code.Trim();
        if (code.Length is 0 or > 20 || code.Contains(';') || code.Contains(' '))
            throw new AgendaValidationException("Codice: da 1 a 20 caratteri, senza spazi né punto e virgola.");
        if (string.IsNullOrWhiteSpace(input.Name)) throw new AgendaValidationException("Nome: obbligatorio.");
        if (!(input.Weight >= 0) || double.IsInfinity(input.Weight)) throw new AgendaValidationException("Peso: un numero maggiore o uguale a 0.");
        switch (input.Normalisation)
        {
            case Normalisation.Target when input.TargetValue is null || double.IsNaN(input.TargetValue.Value):
                throw new AgendaValidationException("Obiettivo: obbligatorio per la normalizzazione «distanza dall'obiettivo».");
            case Normalisation.Target when input.Direction == IndicatorDirection.Positive && input.TargetValue <= 0:
                throw new AgendaValidationException("Obiettivo: deve essere maggiore di 0 per un indicatore in cui più è meglio.");
            case Normalisation.MinMaxFixed when input.GoalpostMin is null || input.GoalpostMax is null || !(input.GoalpostMax > input.GoalpostMin):
                throw new AgendaValidationException("Estremi: indicare minimo e massimo, con il massimo maggiore del minimo.");
        }
        if (!string.IsNullOrWhiteSpace(input.Pad26Measure) && !Pad26Measures.IsDerived(input.Pad26Measure) && !Pad26Measures.IsKnown(input.Pad26Measure))
            throw new AgendaValidationException($"Misura PA digitale 2026: «{input.Pad26Measure}» non è una misura conosciuta.");
    }

    private static async Task<AgendaFramework> EditableAsync(PortalDbContext db, int frameworkId, CancellationToken ct)
    {
        var framework = await db.AgendaFrameworks.FirstOrDefaultAsync(f => f.Id == frameworkId, ct) ?? throw new AgendaValidationException("Versione non trovata.");
        if (framework.ClosedAtUtc is not null)
            throw new AgendaValidationException($"La versione {framework.Period} è chiusa: creare una nuova versione per modificarla.");
        return framework;
    }

    private async Task RequireAdministratorAsync()
    {
        if (!(await currentUser.GetAsync()).IsPlatformAdmin)
            throw new UnauthorizedAccessException("Solo gli amministratori di piattaforma modificano il quadro degli indicatori.");
    }
}
