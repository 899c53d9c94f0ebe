using ProvincePortal.Data;

namespace ProvincePortal.Hosting;

/// <summary>This node's identity, its background jobs and the checks for an installation with several nodes.</summary>
public static class HostingModule
{
    public static WebApplicationBuilder AddPortalHosting(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<NodeOptions>(builder.Configuration.GetSection("Node"));
        builder.Services.Configure<JobOptions>(builder.Configuration.GetSection("Jobs"));
        builder.Services.AddSingleton<JobLeases>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<FilterChoices>();
        return builder;
    }

    /// <summary>
    /// Refuses a configuration that only works on one node when Node:Multi says there are several, and logs which node
    /// this is (the same name is the lease holder in /healthz).
    /// </summary>
    public static void CheckNode(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var data = services.GetRequiredService<DataOptions>();
        var leases = services.GetRequiredService<JobLeases>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ProvincePortal.Node");
        var multi = configuration.GetValue<bool>("Node:Multi");
        var store = configuration["Documents:Store"];
        var localStore = string.IsNullOrWhiteSpace(store) || store.Equals("Local", StringComparison.OrdinalIgnoreCase);

        var problems = new List<string>();
        if (multi && data.Provider != DatabaseProvider.Postgres)
            problems.Add("Database:Provider deve essere Postgres (un file SQLite non si condivide tra più server)");
        if (multi && localStore)
            problems.Add("Documents:Store deve essere S3 (i file sul disco di un nodo non sono visibili dagli altri)");
        if (problems.Count > 0)
            throw new InvalidOperationException($"Configurazione non valida per più nodi (Node:Multi=true): {string.Join("; ", problems)}.");

        if (!multi && data.Provider == DatabaseProvider.Postgres && localStore)
            logger.LogInformation("Documenti sul disco locale ({Directory}): adatto a un solo nodo; con più nodi usare Documents:Store=S3 e Node:Multi=true",
                data.DataDirectory);
        logger.LogInformation("Nodo {NodeId} avviato (turni dei lavori come {Holder}); lavori pianificati {State}",
            leases.NodeId, leases.Holder, leases.Options.Enabled ? "attivi" : "disattivati (Jobs:Enabled=false)");
    }
}
