using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Segmentation.Pipeline;

/// <summary>The steps of a run, as <see cref="SegmentationEngine.Logger"/> names them: one entry per step, with its duration.</summary>
public static class PipelineSteps
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
}

/// <summary>Logs each step of a run with its duration.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Segmentation step {Step} took {ElapsedMilliseconds} ms")]
    private static partial void StepDone(ILogger logger, string step, long elapsedMilliseconds);

    /// <summary>Runs <paramref name="body"/> and logs <paramref name="step"/> with its duration (nothing when <paramref name="logger"/> is null).</summary>
    public static T Time<T>(ILogger? logger, string step, Func<T> body)
    {
        if (logger is null || !logger.IsEnabled(LogLevel.Information))
        {
            return body();
        }

        long start = Stopwatch.GetTimestamp();
        T result = body();
        StepDone(logger, step, (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    /// <summary>Logs <paramref name="step"/> as started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) and done now.</summary>
    public static void Done(ILogger? logger, string step, long startTimestamp)
    {
        if (logger is not null && logger.IsEnabled(LogLevel.Information))
        {
            StepDone(logger, step, (long)Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);
        }
    }

    /// <summary>As <see cref="Time{T}"/>, for an asynchronous step.</summary>
    public static async Task<T> TimeAsync<T>(ILogger? logger, string step, Func<Task<T>> body)
    {
        long start = Stopwatch.GetTimestamp();
        T result = await body().ConfigureAwait(false);
        if (logger is not null && logger.IsEnabled(LogLevel.Information))
        {
            StepDone(logger, step, (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return result;
    }
}
