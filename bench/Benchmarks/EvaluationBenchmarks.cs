using BenchmarkDotNet.Attributes;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Benchmarks;

/// <summary>Target: evaluating the 50-item tree takes at most 5 µs.</summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private RequirementNode _fifty = null!;
    private LearnerRecord _fiftyLearner = null!;
    private RequirementNode _fiveHundred = null!;
    private LearnerRecord _fiveHundredLearner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fifty = Trees.FiftyItems();
        _fiftyLearner = Trees.HalfDone(_fifty);
        _fiveHundred = Trees.FiveHundredNodes();
        _fiveHundredLearner = Trees.HalfDone(_fiveHundred);
    }

    [Benchmark(Baseline = true, Description = "evaluate 50-item tree (3 nested sets)")]
    public Evaluation FiftyItems() => RequirementEvaluator.Evaluate(_fifty, _fiftyLearner);

    [Benchmark(Description = "evaluate 500-node tree")]
    public Evaluation FiveHundredNodes() => RequirementEvaluator.Evaluate(_fiveHundred, _fiveHundredLearner);
}
