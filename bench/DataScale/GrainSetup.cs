using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.DataScale;

/// <summary>
/// What the grains own, made through the grains as an admin or author would (an Orleans client of the running silo):
/// the HR admin, the courses and packages with their versions, every account, and the current cycle's enrollments.
/// Accounts are made straight through the user grain (what AccountService does after hashing): without a password, as
/// company sign-in accounts are, which skips the deliberately slow password hash; the sample learners share one hash
/// made once with the portal's hasher. Running it again on the same database skips what is there.
/// </summary>
public sealed class GrainSetup(IGrainFactory grains, int parallel)
{
    public const string HrAdminId = "datascale-hr-admin";

    public const string HrAdminEmail = "hr.admin@northwind.example";

    /// <summary>The company's HR admin, who assigns, moves and credits in the history; the read measurement signs in as
    /// them (the portal's bootstrap admin is not made on a database that already has an admin).</summary>
    public async Task HrAdminAsync(string passwordHash)
    {
        var admin = grains.GetGrain<IUserGrain>(GrainKeys.User(HrAdminId));
        await Tolerate(() => admin.CreateAsync(new NewUser(HrAdminEmail, "Hana", "Reyes", [Role.Learner, Role.Contributor, Role.Approver, Role.Admin], passwordHash), "datascale"));
    }

    public async Task<int> CoursesAsync(IReadOnlyList<CourseSpec> courses)
    {
        var published = 0;
        foreach (var course in courses)
        {
            var grain = grains.GetGrain<ICourseGrain>(GrainKeys.Course(course.Id));
            var active = await grain.GetActiveAsync();
            for (var version = (active?.Number ?? 0) + 1; version <= course.VersionDays.Count; version++)
            {
                if (version == 1)
                {
                    await grain.CreateAsync(course.Content(1), HrAdminId);
                }
                else
                {
                    _ = await grain.GetDraftAsync() ?? await grain.CreateDraftAsync(version - 1, HrAdminId);
                    await grain.SaveDraftAsync(course.Content(version), HrAdminId);
                }

                await grain.PublishAsync(new PublishRequest($"Revision {version}"), HrAdminId);
                published++;
            }
        }

        return published;
    }

    /// <summary>Publishes each package up to <c>versions</c> (the saved requirement group first, as an author keeps one).</summary>
    public async Task<int> PackagesAsync(IEnumerable<(string Id, int Versions, Func<int, PackageContent> Content)> packages)
    {
        await grains.GetGrain<IRequirementGroupLibraryGrain>(GrainKeys.GroupLibrary).SaveAsync(Catalogue.ChoiceGroup, Catalogue.ElectivesSet(), HrAdminId);
        var published = 0;
        foreach (var (id, versions, content) in packages)
        {
            var grain = grains.GetGrain<IPackageGrain>(GrainKeys.Package(id));
            var active = await grain.GetActiveAsync();
            for (var version = (active?.Number ?? 0) + 1; version <= versions; version++)
            {
                if (version == 1)
                {
                    await grain.CreateAsync(content(1), HrAdminId);
                }
                else
                {
                    _ = await grain.GetDraftAsync() ?? await grain.CreateDraftAsync(version - 1, HrAdminId);
                    await grain.SaveDraftAsync(content(version), HrAdminId);
                }

                await grain.PublishAsync(new PublishRequest($"Revision {version}"), HrAdminId);
                published++;
            }
        }

        return published;
    }

    public Task<int> AccountsAsync(IReadOnlyList<Person> people, IReadOnlySet<int> sampleLearners, string sampleHash) =>
        ForEachAsync(people, "accounts", p => grains.GetGrain<IUserGrain>(GrainKeys.User(p.UserId)).CreateAsync(
            new NewUser(p.Email, p.FirstName, p.LastName, [Role.Learner], sampleLearners.Contains(p.Index) ? sampleHash : null), HrAdminId));

    /// <summary>The current cycle: everyone employed today enrolled in this year's package, due in 90 days.</summary>
    public Task<int> CurrentEnrollmentsAsync(IReadOnlyList<Person> current, string packageId, DateTimeOffset dueAt) =>
        ForEachAsync(current, "current enrollments", p => grains.GetGrain<IUserGrain>(GrainKeys.User(p.UserId)).EnrollInPackageAsync(packageId, HrAdminId, dueAt));

    private async Task<int> ForEachAsync<T>(IReadOnlyList<Person> people, string what, Func<Person, Task<T>> action)
    {
        var done = 0;
        var skipped = 0;
        await Parallel.ForAsync(0, people.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            if (!await Tolerate(() => action(people[i])))
            {
                Interlocked.Increment(ref skipped);
            }

            if (Interlocked.Increment(ref done) % 20_000 == 0)
            {
                Console.Error.WriteLine($"datascale: {what}: {done:N0}");
            }
        });

        if (skipped > 0)
        {
            Console.Error.WriteLine($"datascale: {what}: {skipped:N0} already there");
        }

        return people.Count - skipped;
    }

    // A second run on the same database finds the accounts and enrollments of the first: those are skipped, not failures.
    private static async Task<bool> Tolerate<T>(Func<Task<T>> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (DomainException e) when (e.Code is ErrorCodes.EmailTaken or ErrorCodes.UserExists)
        {
            return false;
        }
    }

    public static ImmutableArray<(string Id, int Versions, Func<int, PackageContent> Content)> Packages(int firstYear, int years) =>
    [
        (Catalogue.Onboarding, 3, Catalogue.OnboardingContent),
        .. Enumerable.Range(firstYear, years).Select(y => (Catalogue.AnnualPackage(y), History.PackageVersionOffsets.Length, (Func<int, PackageContent>)(v => Catalogue.AnnualContent(y, v)))),
        (Catalogue.AnnualPackage(firstYear + years), 1, v => Catalogue.AnnualContent(firstYear + years, v)),
    ];
}
