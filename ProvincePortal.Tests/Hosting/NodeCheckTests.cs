using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ProvincePortal.Data;
using ProvincePortal.Hosting;

namespace ProvincePortal.Tests.Hosting;

/// <summary>Start-up refuses, with Node:Multi=true, what only works on one node.</summary>
public sealed class NodeCheckTests
{
    private static IServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).Append(new("DataDirectory", Path.GetTempPath())))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(DataOptions.From(configuration, Path.GetTempPath()));
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>(new NoDatabase());
        services.Configure<NodeOptions>(configuration.GetSection("Node"));
        services.Configure<JobOptions>(configuration.GetSection("Jobs"));
        services.AddSingleton<JobLeases>();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void MultiNode_OnSqliteWithLocalDocuments_RefusesToStartNamingBothKeys()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HostingModule.CheckNode(Services(("Node:Multi", "true"))));
        Assert.Contains("Node:Multi=true", error.Message);
        Assert.Contains("Database:Provider deve essere Postgres", error.Message);
        Assert.Contains("Documents:Store deve essere S3", error.Message);
    }

    [Fact]
    public void MultiNode_OnPostgresWithS3_Starts_AndSingleNodeOnSqliteToo()
    {
        HostingModule.CheckNode(Services(("Node:Multi", "true"), ("Database:Provider", "Postgres"),
            ("Database:ConnectionString", "Host=db.invalid;Database=pp"), ("Documents:Store", "S3"), ("Node:Id", "nodo-a")));
        HostingModule.CheckNode(Services());
    }

    [Fact]
    public void NodeId_IsTheConfiguredName_OrMachineAndProcess()
    {
        Assert.Equal("nodo-a", Services(("Node:Id", " nodo-a ")).GetRequiredService<JobLeases>().NodeId);
        var leases = Services().GetRequiredService<JobLeases>();
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", leases.NodeId);
        Assert.StartsWith(leases.NodeId + "/", leases.Holder);
        Assert.NotEqual(leases.Holder, Services().GetRequiredService<JobLeases>().Holder);
    }

    private sealed class NoDatabase : Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => throw new InvalidOperationException("nessun database in questo test");
    }
}
