namespace ProvincePortal.Hosting;

/// <summary>
/// A background job repeated forever: an initial delay (the app finishes migrating and seeding first), then one round
/// every <see cref="Period"/>, each round in its own DI scope with the time of <see cref="TimeProvider"/>. A failed round
/// is logged and the loop goes on (the database may be briefly unavailable); only the host's stop ends it. Period and
/// <see cref="Enabled"/> are read before every round, so options reloaded at run time take effect without a restart.
/// With several app nodes every node runs the loop, but a round starts only on the node that takes the job's lease in
/// the database (<see cref="JobLeases"/>): one node at a time, once per period across all of them.
/// </summary>
public abstract class PeriodicWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected virtual TimeSpan InitialDelay => TimeSpan.FromSeconds(30);

    protected abstract TimeSpan Period { get; }

    /// <summary>A disabled worker keeps looping without working, so switching it on in the options needs no restart.</summary>
    protected virtual bool Enabled => true;

    /// <summary>
    /// True (the default): rounds are coordinated across nodes through the job's lease. A worker whose every item is
    /// claimed on its own (the e-mail outbox) may run everywhere at once and returns false.
    /// </summary>
    protected virtual bool OneNodeAtATime => true;

    /// <summary>Name of the lease and of the Jobs:Schedule override: the class name without "Worker".</summary>
    public virtual string JobName => GetType().Name is var n && n.EndsWith("Worker", StringComparison.Ordinal) && n.Length > 6 ? n[..^6] : GetType().Name;

    /// <summary>What the log says when a round fails (Italian, like the rest of the operators' logs).</summary>
    protected abstract string FailureMessage { get; }

    protected virtual LogLevel FailureLevel => LogLevel.Error;

    protected abstract Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct);

    /// <summary>The pause between rounds; a worker that can be woken early (e.g. the e-mail outbox) overrides it.</summary>
    protected virtual Task WaitAsync(TimeSpan period, CancellationToken ct) => Task.Delay(period, clock, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        JobLeases leases;
        await using (var root = scopes.CreateAsyncScope()) leases = root.ServiceProvider.GetRequiredService<JobLeases>();
        using var nodeScope = logger.BeginScope(new Dictionary<string, object> { ["Node"] = leases.NodeId, ["Job"] = JobName });

        var initialDelay = Scheduled(leases, s => s.InitialDelaySeconds) ?? InitialDelay;
        if (initialDelay > TimeSpan.Zero)
        {
            try { await Task.Delay(initialDelay, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var period = Scheduled(leases, s => s.PeriodSeconds) is { } p && p >= TimeSpan.FromMilliseconds(200) ? p : Period;
            if (Enabled && leases.Options.Enabled)
            {
                try
                {
                    await RoundAsync(leases, period, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
#pragma warning disable CA2254 // the message is a fixed text per worker, not built from data
                catch (Exception ex) { logger.Log(FailureLevel, ex, FailureMessage); }
#pragma warning restore CA2254
            }
            try { await WaitAsync(period, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task RoundAsync(JobLeases leases, TimeSpan period, CancellationToken stoppingToken)
    {
        var startedUtc = clock.GetUtcNow().UtcDateTime;
        if (!OneNodeAtATime)
        {
            await using var scope = scopes.CreateAsyncScope();
            await RunOnceAsync(scope.ServiceProvider, startedUtc, stoppingToken);
            return;
        }
        // Another node runs it now, or already ran this period's round: nothing to do until the next period.
        if (!await leases.TryAcquireAsync(JobName, period, startedUtc, stoppingToken)) return;

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewWhileRunningAsync(leases, renewing.Token);
        string? error = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await RunOnceAsync(scope.ServiceProvider, startedUtc, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
            throw;
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            // Released even on shutdown, so that another node need not wait for the lease to expire.
            try { await leases.ReleaseAsync(JobName, clock.GetUtcNow().UtcDateTime, error, CancellationToken.None); }
            catch (Exception ex) { logger.LogWarning(ex, "Lavoro {Job}: rilascio del turno non riuscito, scadrà da solo", JobName); }
        }
    }

    /// <summary>A round longer than the lease keeps it: renewed every third of its length until the round ends.</summary>
    private async Task RenewWhileRunningAsync(JobLeases leases, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(leases.LeaseLength / 3, clock, ct);
                if (!await leases.RenewAsync(JobName, clock.GetUtcNow().UtcDateTime, ct))
                    logger.LogWarning("Lavoro {Job}: turno perso durante l'esecuzione (scaduto e preso da un altro nodo)", JobName);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception ex) { logger.LogWarning(ex, "Lavoro {Job}: rinnovo del turno non riuscito", JobName); }
    }

    private TimeSpan? Scheduled(JobLeases leases, Func<JobSchedule, double?> pick) =>
        leases.Options.Schedule.TryGetValue(JobName, out var s) && pick(s) is double seconds ? TimeSpan.FromSeconds(Math.Max(0, seconds)) : null;
}
