using Spectre.Console;

namespace Minerva.Cli;

/// <summary>
/// Work that can run for seconds or minutes (graph algorithms on a large network), shown on a terminal as a progress bar
/// with its elapsed time: fed by the work's own reports where it has a measure of how far it is, indeterminate where it
/// has only steps to name. Off a terminal (a pipe, a script, CI) it just runs.
/// </summary>
internal static class LongWork
{
    /// <summary>Progress bars on the error stream: what, how far, and for how long.</summary>
    public static Progress Bars(Terminal terminal) =>
        terminal.Err.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());

    /// <summary>Runs <paramref name="work"/>, which reports its share done (0 to 1) and may rename the bar.</summary>
    public static T Run<T>(Terminal terminal, string description, Func<Action<double>, Action<string>, T> work)
    {
        if (!terminal.Interactive) return work(_ => { }, _ => { });
        T result = default!;
        Bars(terminal).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(description), maxValue: 1);
            task.IsIndeterminate = true;
            result = work(f =>
            {
                task.IsIndeterminate = false;
                task.Value = Math.Max(task.Value, f);
            }, d => task.Description = Markup.Escape(d));
            task.IsIndeterminate = false;
            task.Value = 1;
            task.StopTask();
        });
        return result;
    }
}
