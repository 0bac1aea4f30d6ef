using System.Reflection;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Services;

[Collection(LocalModeCollection.Name)]
public sealed class GrainReferencesTests(LocalModeFactory factory)
{
    private static readonly MethodInfo ReferenceMethod = typeof(GrainReferences).GetMethod(nameof(GrainReferences.Reference))!;

    public static TheoryData<Type> StringKeyedGrainInterfaces() =>
        [.. typeof(ErrorCodes).Assembly.GetTypes()
            .Where(t => t.IsInterface && !t.IsGenericType && typeof(IGrainWithStringKey).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(StringKeyedGrainInterfaces))]
    public void AReferenceNamesTheSameGrainAndInterfaceAsGetGrain(Type grainInterface)
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        foreach (var key in new[] { "someone", "course:intro:someone", "ünïcode key" })
        {
            var expected = (GrainReference)grains.GetGrain(grainInterface, key);
            var reference = (GrainReference)ReferenceMethod.MakeGenericMethod(grainInterface).Invoke(null, [grains, key])!;

            Assert.Equal(expected.GrainId, reference.GrainId);
            Assert.Equal(expected.InterfaceType, reference.InterfaceType);
            Assert.IsAssignableFrom(grainInterface, reference);
        }
    }

    [Fact]
    public async Task ACallThroughAReferenceReachesTheGrainGetGrainReaches()
    {
        _ = factory.Server;
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var (email, _, _) = AccountBootstrap.DemoAccounts[0];
        var userId = (await factory.Services.GetRequiredService<AccountService>().VerifyAsync(email, LocalModeFactory.DemoPassword, "192.0.2.1"))!.UserId;

        var throughReference = await grains.Reference<IUserGrain>(GrainKeys.User(userId)).GetProfileAsync();
        var throughGetGrain = await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetProfileAsync();

        Assert.Equal((throughGetGrain.UserId, throughGetGrain.Email), (throughReference.UserId, throughReference.Email));
        Assert.Equal(userId, throughReference.UserId);
    }
}
