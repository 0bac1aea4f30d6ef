using CoursePortal.Ceiling;

// GET /read/{id}: one grain read. POST /write/{id}: one grain write to in-memory storage. No sign-in, no pages.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(siloPort: builder.Configuration.GetValue("Orleans:SiloPort", 11211), gatewayPort: builder.Configuration.GetValue("Orleans:GatewayPort", 30200))
    .AddMemoryGrainStorage("ceiling"));
var app = builder.Build();
app.MapGet("/read/{id}", async (string id, IGrainFactory grains) => Results.Ok(await grains.GetGrain<ICounterGrain>(id).ReadAsync()));
app.MapPost("/write/{id}", async (string id, IGrainFactory grains) => Results.Ok(await grains.GetGrain<ICounterGrain>(id).IncrementAsync()));
app.MapGet("/health/ready", () => Results.Ok());
await app.RunAsync();
