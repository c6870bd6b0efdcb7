using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Segmentation.Pipeline;

/// <summary>The steps of a run, as <see cref="SegmentationEngine.Logger"/> and <see cref="SegmentationEngine.Progress"/> name them: one entry per step, with its duration.</summary>
internal static class PipelineSteps
{
    /// <summary>Features extracted as of the date (<see cref="SegmentationEngine{TCustomer}"/>).</summary>
    public const string Features = "features";

    /// <summary>Imputation and scaling fitted or applied.</summary>
    public const string Preprocess = "preprocess";

    /// <summary>Clusters fitted, or customers assigned with the stored model.</summary>
    public const string Fit = "fit";

    /// <summary>Segment profiles and names.</summary>
    public const string Profile = "profile";

    /// <summary>Rule dimensions (tiers, lifecycle, triggers) evaluated.</summary>
    public const string Rules = "rules";

    /// <summary>Every scorer run on every customer, bands and drivers.</summary>
    public const string Scoring = "scoring";

    /// <summary>Playbooks, priority and capacity: the worklist.</summary>
    public const string Planning = "planning";

    /// <summary>The comparison with the previous snapshot.</summary>
    public const string Migration = "migration";

    /// <summary>The files of a run written (<see cref="RunFiles"/>): reported as progress only, row by row.</summary>
    public const string Writing = "writing";
}

/// <summary>
/// Reported to <see cref="SegmentationEngine.Progress"/> while a long step runs (scoring and planning, every 100,000
/// customers) and once when each step is done (with <see cref="Elapsed"/>), and by the run's writers (<see cref="SegmentationRun.WriteAssignments"/>, ...) while it
/// writes (every 50,000 rows): how far a run is.
/// </summary>
/// <param name="Step">The step, one of <see cref="PipelineSteps"/> (<see cref="PipelineSteps.Writing"/> for the files).</param>
/// <param name="Done">How many items are done (0 in the report that the step is done).</param>
/// <param name="Total">How many items the step has (0 in the report that the step is done).</param>
/// <param name="Items">What the items are, for a person: <c>customers</c>, or <c>rows of worklist.csv</c> (empty in the report that the step is done).</param>
/// <param name="Elapsed">How long the step took, in the one report sent when it is done; <see langword="null"/> while it runs.</param>
public sealed record PipelineStepProgress(string Step, int Done, int Total, string Items, TimeSpan? Elapsed = null);

/// <summary>Where the steps of one engine are logged and reported.</summary>
internal sealed partial class PipelineObserver(ILogger? logger, IProgress<PipelineStepProgress>? progress)
{
    /// <summary>An observer, or <see langword="null"/> when there is nobody to tell.</summary>
    public static PipelineObserver? Of(ILogger? logger, IProgress<PipelineStepProgress>? progress)
        => logger is null && progress is null ? null : new PipelineObserver(logger, progress);

    /// <summary>Whether anyone listens to progress within a step.</summary>
    public bool ReportsStepProgress => progress is not null;

    /// <summary>Reports that <paramref name="done"/> of <paramref name="total"/> items of <paramref name="step"/> are done.</summary>
    public void Advance(string step, int done, int total, string items) => progress?.Report(new PipelineStepProgress(step, done, total, items));

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Segmentation step {Step} took {ElapsedMilliseconds} ms")]
    private static partial void StepDone(ILogger logger, string step, long elapsedMilliseconds);

    /// <summary>Logs and reports <paramref name="step"/> as started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) and done now.</summary>
    public void Done(string step, long startTimestamp) => Done(step, Stopwatch.GetElapsedTime(startTimestamp));

    /// <summary>Logs and reports <paramref name="step"/> as done, having taken <paramref name="elapsed"/> (a step that ran in parts, some beside other steps).</summary>
    public void Done(string step, TimeSpan elapsed)
    {
        if (logger is not null && logger.IsEnabled(LogLevel.Information))
        {
            StepDone(logger, step, (long)elapsed.TotalMilliseconds);
        }

        progress?.Report(new PipelineStepProgress(step, 0, 0, string.Empty, elapsed));
    }
}

/// <summary>Times each step of a run for its <see cref="PipelineObserver"/>.</summary>
internal static class PipelineLog
{
    /// <summary>Runs <paramref name="body"/> and tells <paramref name="steps"/> that <paramref name="step"/> is done (nothing when it is null).</summary>
    public static T Time<T>(PipelineObserver? steps, string step, Func<T> body)
    {
        if (steps is null)
        {
            return body();
        }

        long start = Stopwatch.GetTimestamp();
        T result = body();
        steps.Done(step, start);
        return result;
    }

    /// <summary>Tells <paramref name="steps"/> that <paramref name="step"/>, started at <paramref name="startTimestamp"/>, is done.</summary>
    public static void Done(PipelineObserver? steps, string step, long startTimestamp) => steps?.Done(step, startTimestamp);

    /// <summary>How many customers a step does between two progress reports.</summary>
    public const int ProgressSlice = 100_000;

    /// <summary>
    /// Runs <paramref name="body"/> for every customer in [0, <paramref name="n"/>) on both cores (<see cref="Scoring.CustomerLoop"/>),
    /// reporting progress within <paramref name="step"/> every <see cref="ProgressSlice"/> customers when someone listens.
    /// </summary>
    public static void ForCustomers(PipelineObserver? steps, string step, int n, Action<int> body, CancellationToken cancellationToken)
    {
        if (steps is not { ReportsStepProgress: true })
        {
            Scoring.CustomerLoop.For(n, body, cancellationToken);
            return;
        }

        for (int start = 0; start < n; start += ProgressSlice)
        {
            int offset = start;
            int count = Math.Min(ProgressSlice, n - start);
            Scoring.CustomerLoop.For(count, i => body(offset + i), cancellationToken);
            steps.Advance(step, offset + count, n, "customers");
        }
    }

    /// <summary>As <see cref="Time{T}"/>, for an asynchronous step.</summary>
    public static async Task<T> TimeAsync<T>(PipelineObserver? steps, string step, Func<Task<T>> body)
    {
        long start = Stopwatch.GetTimestamp();
        T result = await body().ConfigureAwait(false);
        steps?.Done(step, start);
        return result;
    }
}
