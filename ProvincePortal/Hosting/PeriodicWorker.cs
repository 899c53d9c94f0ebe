namespace ProvincePortal.Hosting;

/// <summary>
/// A background job repeated forever: an initial delay (the app finishes migrating and seeding first), then one round
/// every <see cref="Period"/>, each round in its own DI scope with the time of <see cref="TimeProvider"/>. A failed round
/// is logged and the loop goes on (the database may be briefly unavailable); only the host's stop ends it. Period and
/// <see cref="Enabled"/> are read before every round, so options reloaded at run time take effect without a restart.
/// </summary>
public abstract class PeriodicWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected virtual TimeSpan InitialDelay => TimeSpan.FromSeconds(30);

    protected abstract TimeSpan Period { get; }

    /// <summary>A disabled worker keeps looping without working, so switching it on in the options needs no restart.</summary>
    protected virtual bool Enabled => true;

    /// <summary>What the log says when a round fails (Italian, like the rest of the operators' logs).</summary>
    protected abstract string FailureMessage { get; }

    protected virtual LogLevel FailureLevel => LogLevel.Error;

    protected abstract Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct);

    /// <summary>The pause between rounds; a worker that can be woken early (e.g. the e-mail outbox) overrides it.</summary>
    protected virtual Task WaitAsync(TimeSpan period, CancellationToken ct) => Task.Delay(period, clock, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (InitialDelay > TimeSpan.Zero)
        {
            try { await Task.Delay(InitialDelay, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Enabled)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await RunOnceAsync(scope.ServiceProvider, clock.GetUtcNow().UtcDateTime, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
#pragma warning disable CA2254 // the message is a fixed text per worker, not built from data
                catch (Exception ex) { logger.Log(FailureLevel, ex, FailureMessage); }
#pragma warning restore CA2254
            }
            try { await WaitAsync(Period, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
