using ProvincePortal;
using ProvincePortal.Cli;

// `dotnet run --project ProvincePortal -- <verb> [args] [--Key=Value …]`: no verb starts the web app.
var command = CommandLine.Parse(args);
var builder = WebApplication.CreateBuilder(command.ConfigurationArgs);
builder.AddPortal();
var app = builder.Build();

if (command.Verb is not null)
    return await CommandLine.RunAsync(app, command);

await app.PrepareDatabaseAsync(seed: true);
app.MapPortal();
await app.RunAsync();
return 0;
