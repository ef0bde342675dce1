using System.Diagnostics;

namespace Minerva.Resolve;

/// <summary>Wall time per named stage, for run reports and benchmarks.</summary>
internal sealed class StageClock
{
    private readonly Dictionary<string, double> _seconds = [];

    /// <summary>Seconds per stage so far.</summary>
    public IReadOnlyDictionary<string, double> Seconds => _seconds;

    /// <summary>Runs <paramref name="work"/> and records its time under <paramref name="stage"/>.</summary>
    public T Time<T>(string stage, Func<T> work)
    {
        var watch = Stopwatch.StartNew();
        var result = work();
        _seconds[stage] = Math.Round(watch.Elapsed.TotalSeconds, 3);
        return result;
    }

    /// <summary>Runs <paramref name="work"/> and records its time.</summary>
    public void Time(string stage, Action work) => Time(stage, () => { work(); return 0; });
}
