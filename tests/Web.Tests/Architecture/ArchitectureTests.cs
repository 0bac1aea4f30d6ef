using System.Reflection;
using System.Reflection.Emit;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Razor.Internal;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Architecture;

/// <summary>
/// The web stands on its own: it reaches grains through Grains.Abstractions, shares hosting with the silo through
/// CoursePortal.Hosting, and touches grain classes only to co-host a silo: local mode's, or a cluster silo (Orleans:CoHosted). Read from the compiled web
/// (references, signatures and the members its method bodies use, lambdas and views included), not from its sources.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class ArchitectureTests(LocalModeFactory factory)
{
    private static readonly Assembly Web = typeof(Program).Assembly;

    private const string GrainsAssembly = "CoursePortal.Grains";

    [Fact]
    public void TheWebDoesNotReferenceTheSilo()
    {
        var references = Web.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("CoursePortal.Silo", references);
        Assert.Contains("CoursePortal.Hosting", references);
        Assert.Contains("CoursePortal.Grains.Abstractions", references);
    }

    [Fact]
    public void OnlyTheCoHostedSilosUseGrainClasses()
    {
        var users = Web.GetTypes()
            .Where(t => UsedTypes(t).Any(used => used.Assembly.GetName().Name == GrainsAssembly))
            .Select(Outermost)
            .Distinct()
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal([typeof(CoHostedSilo).FullName, typeof(LocalModeSilo).FullName], users);
    }

    [Fact]
    public void NoPageOrEndpointTakesTheGrainFactory()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<MethodInfo>() is { } handler && handler.GetParameters().Any(p => IsGrainFactory(p.ParameterType)))
            .Select(e => $"endpoint {string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}");
        var pages = Web.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) || typeof(ViewComponent).IsAssignableFrom(t) || IsView(t))
            .Where(TakesGrainFactory)
            .Select(t => $"page {t.FullName}");

        var offenders = endpoints.Concat(pages).Order(StringComparer.Ordinal).ToList();

        Assert.True(offenders.Count == 0, $"Take the grains through a service instead of IGrainFactory: {string.Join("; ", offenders)}");
    }

    /// <summary>Every /v1 handler is a named static method of an <c>Api/*Endpoints</c> class, so a reader finds an
    /// endpoint's code by its name, and a stack trace names it; a lambda would compile to a generated name.</summary>
    [Fact]
    public void EveryV1HandlerIsANamedStaticMethodOfAnEndpointsClass()
    {
        var handlers = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .Select(e => (Route: $"{string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}",
                Handler: e.Metadata.GetMetadata<MethodInfo>()))
            .ToList();

        var unnamed = handlers
            .Where(h => h.Handler is not { IsStatic: true } method || method.Name.Contains('<', StringComparison.Ordinal)
                || method.DeclaringType is not { Namespace: "CoursePortal.Web.Api" } type || !type.Name.EndsWith("Endpoints", StringComparison.Ordinal))
            .Select(h => h.Route)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(handlers);
        Assert.True(unnamed.Count == 0, $"Make the handler a named static method of its Api/*Endpoints class: {string.Join("; ", unnamed)}");
    }

    private static bool IsGrainFactory(Type type) => typeof(IGrainFactory).IsAssignableFrom(type);

    private static bool IsView(Type type) =>
        type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Any(p => p.IsDefined(typeof(RazorInjectAttribute)));

    /// <summary>Through its constructor, a handler's parameters ([FromServices]) or a view's @inject.</summary>
    private static bool TakesGrainFactory(Type type)
    {
        const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        return type.GetConstructors(Members).Any(c => c.GetParameters().Any(p => IsGrainFactory(p.ParameterType)))
            || type.GetMethods(Members).Any(m => m.GetParameters().Any(p => IsGrainFactory(p.ParameterType)))
            || type.GetProperties(Members).Any(p => p.IsDefined(typeof(RazorInjectAttribute)) && IsGrainFactory(p.PropertyType));
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    /// <summary>Every type a type names: its base and interfaces, members' signatures and what its method bodies use.</summary>
    private static IEnumerable<Type> UsedTypes(Type type)
    {
        const BindingFlags Members = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var named = new List<Type?> { type.BaseType };
        named.AddRange(type.GetInterfaces());
        named.AddRange(type.GetFields(Members).Select(f => f.FieldType));
        named.AddRange(type.GetProperties(Members).Select(p => p.PropertyType));
        IEnumerable<MethodBase> methods = [.. type.GetConstructors(Members), .. type.GetMethods(Members)];
        foreach (var method in methods)
        {
            named.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                named.Add(info.ReturnType);
            }

            named.AddRange(method.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
            named.AddRange(MembersUsedBy(method).SelectMany(TypesOf));
        }

        return named.OfType<Type>().SelectMany(Unwrap);
    }

    private static IEnumerable<Type> TypesOf(MemberInfo member) => member switch
    {
        Type t => [t],
        MethodInfo m => [m.DeclaringType!, m.ReturnType, .. m.GetParameters().Select(p => p.ParameterType), .. m.IsGenericMethod ? m.GetGenericArguments() : []],
        MethodBase m => [m.DeclaringType!, .. m.GetParameters().Select(p => p.ParameterType)],
        FieldInfo f => [f.DeclaringType!, f.FieldType],
        _ => member.DeclaringType is { } declaring ? [declaring] : [],
    };

    /// <summary>A type with its element and generic arguments: <c>Task&lt;List&lt;X&gt;&gt;</c> names X too.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return inner;
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The methods, fields and types a method body's instructions refer to (calls, new objects, casts, tokens).</summary>
    private static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } generic ? generic.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    yield return method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments)!;
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }
}
