using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace CoursePortal.Web.Tests.Api;

/// <summary>
/// The document is usable: NSwag generates a C# client from the served /openapi/v1.json, Roslyn compiles it in memory, and
/// the client alone drives an integration's day against the test host: an author creates a course and an approver
/// publishes it with a package, an admin creates a learner and assigns the package, the learner signs in and completes
/// the course, and the admin reads the report. Generated at test time rather than by NSwag.MSBuild at build time: the
/// document is the one the host serves that moment (not a copy the build saw), and no external tool process or runtime
/// roll-forward is needed on CI, only two NuGet libraries.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class GeneratedClientTests(LocalModeFactory factory)
{
    private const string Namespace = "CoursePortal.Generated";

    [Fact]
    public async Task AClientGeneratedFromTheDocumentRunsAnIntegrationsDay()
    {
        var generated = await GenerateAsync();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var (courseId, packageId) = ($"gen-course-{suffix}", $"gen-package-{suffix}");
        var author = await generated.SignInAsync("author@demo.local");
        var approver = await generated.SignInAsync("approver@demo.local");
        var admin = await generated.SignInAsync("admin@demo.local");

        dynamic draft = await author.ReadAsync("CreateCourseAsync", generated.New("CourseJson", new
        {
            Id = courseId,
            Title = "Generated client basics",
            Description = "Made through the generated client.",
            Modules = new[]
            {
                generated.New("ModuleJson", new
                {
                    Id = "m1",
                    Title = "The only module",
                    Lessons = new[] { generated.New("LessonJson", new { Id = "read-me", Title = "Read me", Type = "content", Required = true, Markdown = "Hello." }) },
                }),
            },
        }));
        dynamic course = await approver.ReadAsync("PublishCourseAsync", courseId, generated.New("PublishJson", new { ChangeNotes = "First." }));
        await author.CallAsync("CreatePackageAsync", generated.New("PackageJson", new
        {
            Id = packageId,
            Name = "Generated package",
            Description = "One course.",
            Requirement = generated.New("RequirementJson", new
            {
                Set = "all",
                Name = "Everything",
                Items = new[] { generated.New("RequirementJson", new { Course = courseId, Required = true }) },
            }),
        }));
        dynamic package = await approver.ReadAsync("PublishPackageAsync", packageId, generated.New("PublishJson", new { ChangeNotes = "First." }));
        var email = $"gen-{suffix}@example.com";
        const string Password = "Generated-client-pass-7";
        dynamic learner = await admin.ReadAsync("CreateUserAsync", generated.New("NewUserJson", new
        {
            Email = email, FirstName = "Gene", LastName = "Rated", Password, Roles = new[] { "Learner" },
        }));
        string learnerId = learner.UserId;
        var due = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // The generated method takes the Idempotency-Key header the document lists, before the body.
        dynamic assigned = await admin.ReadAsync("AssignPackageAsync", packageId, $"assign-{suffix}", generated.New("AssignmentJson", new { UserIds = new[] { learnerId }, DueDate = due }));

        var learnerClient = await generated.SignInAsync(email, Password);
        await learnerClient.CallAsync("StartCourseAsync", courseId);
        dynamic progress = await learnerClient.ReadAsync("CompleteLessonAsync", courseId, generated.New("CompleteLessonJson", new { LessonId = "read-me" }));
        // The course's completion reaches the package enrollment, and the report's read model, just after the answer.
        dynamic mine = await EventuallyAsync(() => learnerClient.ReadAsync("GetOwnEnrollmentsAsync"), m =>
        {
            IEnumerable<dynamic> packages = List(m.Packages);
            return packages.Any(p => (string)p.Status == "completed");
        });
        dynamic report = await EventuallyAsync(() => admin.ReadAsync("GetPackageReportAsync", packageId, null), r =>
        {
            IEnumerable<dynamic> lines = List(r);
            return lines.Any(l => (int)l.Completed == 1);
        });

        Assert.Equal(1, (int)draft.Version);
        Assert.Equal(("published", 1), ((string)course.Status, (int)course.Version));
        Assert.Equal("published", (string)package.Status);
        IEnumerable<dynamic> results = List(assigned);
        var result = Assert.Single(results);
        Assert.Equal((learnerId, (string?)null), ((string)result.UserId, (string?)result.ErrorCode));
        Assert.NotNull(progress.CompletedAt);
        IEnumerable<dynamic> enrollments = List(mine.Packages);
        var enrollment = Assert.Single(enrollments);
        Assert.Equal((packageId, "completed", 100), ((string)enrollment.PackageId, (string)enrollment.Status, (int)enrollment.Percent));
        IEnumerable<dynamic> lines = List(report);
        var line = Assert.Single(lines);
        Assert.Equal((1, 1, 1), ((int)line.Version, (int)line.Enrolled, (int)line.Completed));
    }

    [Fact]
    public async Task TheGeneratedClientReadsARefusalAsTheDocumentedProblem()
    {
        var generated = await GenerateAsync();
        var learner = await generated.SignInAsync("learner@demo.local");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => learner.CallAsync("CreateUserAsync", generated.New("NewUserJson", new
        {
            Email = $"nobody-{Guid.NewGuid():N}@example.com", FirstName = "No", LastName = "Body", Roles = new[] { "Admin" },
        })));

        // ApiException<Problem>: the status, and the problem's code read through the generated ErrorCode enum.
        Assert.Equal($"{Namespace}.ApiException`1", refused.GetType().GetGenericTypeDefinition().FullName);
        dynamic problem = ((dynamic)refused).Result ?? throw new InvalidOperationException("The exception carries no problem");
        Assert.Equal(403, (int)((dynamic)refused).StatusCode);
        Assert.Equal("Forbidden", ((object)problem.Code).ToString());
    }

    private static IEnumerable<dynamic> List(dynamic value) => (IEnumerable<dynamic>?)value ?? throw new InvalidOperationException("Not a list");

    private static async Task<dynamic> EventuallyAsync(Func<Task<dynamic>> read, Func<dynamic, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }

    private async Task<GeneratedClient> GenerateAsync()
    {
        var json = await factory.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = await OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "PortalClient",
            UseBaseUrl = false,
            GenerateClientInterfaces = false,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = Namespace;
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        var code = new CSharpClientGenerator(document, settings).GenerateFile();
        return new GeneratedClient(factory, Compile(code));
    }

    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create($"PortalClient{Guid.NewGuid():N}", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(emitted.Success, $"The generated client does not compile:\n{string.Join("\n", errors.Take(20))}");
        image.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(image);
    }

    /// <summary>The compiled client: its types made by name, one client per signed-in user (each its own cookies).</summary>
    private sealed class GeneratedClient(LocalModeFactory factory, Assembly assembly)
    {
        public object New(string type, object properties)
        {
            var created = Activator.CreateInstance(Type(type))!;
            foreach (var value in properties.GetType().GetProperties())
            {
                var property = created.GetType().GetProperty(value.Name) ?? throw new InvalidOperationException($"{type} has no {value.Name}");
                property.SetValue(created, Convert(value.GetValue(properties), property.PropertyType));
            }

            return created;
        }

        /// <summary>A client of its own (its own cookies), signed in through the generated SignInAsync.</summary>
        public async Task<SignedInClient> SignInAsync(string email, string password = LocalModeFactory.DemoPassword)
        {
            var client = new SignedInClient(Activator.CreateInstance(Type("PortalClient"), factory.CreateClient())!);
            await client.CallAsync("SignInAsync", New("SessionRequest", new { Email = email, Password = password }));
            return client;
        }

        private Type Type(string name) => assembly.GetType($"{Namespace}.{name}") ?? throw new InvalidOperationException($"The client has no {name}");

        // Arrays of the test's values become the generated collection types (ICollection<T> of a generated T).
        private static object? Convert(object? value, Type target)
        {
            if (value is null || target.IsInstanceOfType(value))
            {
                return value;
            }

            if (value is IEnumerable items && target.IsGenericType && target.GetGenericArguments() is [var item])
            {
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
                foreach (var element in items)
                {
                    list.Add(element);
                }

                return list;
            }

            throw new InvalidOperationException($"Cannot pass {value.GetType().Name} as {target.Name}");
        }
    }

    private sealed class SignedInClient(object client)
    {
        /// <summary>Calls the generated method without a cancellation token and answers its result (null for none).</summary>
        public async Task<dynamic> ReadAsync(string method, params object?[] arguments) =>
            await CallAsync(method, arguments) ?? throw new InvalidOperationException($"{method} answered no body");

        public async Task<object?> CallAsync(string method, params object?[] arguments)
        {
            var candidates = client.GetType().GetMethods().Where(m => m.Name == method && m.GetParameters().Length == arguments.Length).ToList();
            var chosen = Assert.Single(candidates);
            Task task;
            try
            {
                task = (Task)chosen.Invoke(client, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }

            await task;
            return task.GetType().GetProperty("Result") is { } result && result.PropertyType.Name != "VoidTaskResult" ? result.GetValue(task) : null;
        }
    }
}
