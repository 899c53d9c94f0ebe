namespace ProvincePortal.Hosting;

/// <summary>This app node (section "Node").</summary>
public sealed class NodeOptions
{
    /// <summary>Name shown in logs, in /healthz and as lease holder; default machine name and process id.</summary>
    public string? Id { get; set; }

    /// <summary>
    /// Declares an installation with several nodes behind a load balancer: start-up refuses what only works on one
    /// node (SQLite, documents on the local disk).
    /// </summary>
    public bool Multi { get; set; }
}

/// <summary>Background jobs of this node (section "Jobs").</summary>
public sealed class JobOptions
{
    /// <summary>False turns every periodic job off on this node (another node runs them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a taken lease lasts; renewed every third of it while the round runs, so a dead node frees it within this time.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Per-job overrides by job name (e.g. "AlertDigest"), mainly for tests and troubleshooting.</summary>
    public Dictionary<string, JobSchedule> Schedule { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class JobSchedule
{
    public double? PeriodSeconds { get; set; }
    public double? InitialDelaySeconds { get; set; }
}
