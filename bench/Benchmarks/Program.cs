using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CoursePortal.Benchmarks;

// The stored size is a figure of its own: BenchmarkDotNet measures time and allocations, not payloads.
var stored = JsonSerializer.SerializeToUtf8Bytes(ScoringAndStateBenchmarks.TypicalEnrollment());
Console.WriteLine($"stored-size: a typical enrollment state is {stored.Length} bytes of JSON");

// In process: the benchmarks run in this Release build instead of a generated project BenchmarkDotNet would build again.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(EvaluationBenchmarks).Assembly).Run(args, config);
