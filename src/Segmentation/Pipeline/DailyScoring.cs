using System.Diagnostics;
using Segmentation.Options;
using Segmentation.Playbooks;
using Segmentation.Scoring;
using Segmentation.Scoring.InRun;

namespace Segmentation.Pipeline;

/// <summary>
/// The daily step's scores, which read the features only: checked before the run does any work, started by the engine
/// beside its single-threaded rules step (on the core that step leaves idle), and taken by
/// <see cref="SegmentationEngine.ScoreAndPlanCore"/>. Without a start the scores are computed when taken, as before.
/// </summary>
/// <remarks>
/// A started scoring that is not taken (the run failed) is cancelled and waited for by <see cref="Dispose"/>, its own
/// failure unobserved: the run's failure is the one reported, and nothing scores after the run has returned.
/// </remarks>
internal sealed class DailyScoring : IDisposable
{
    private readonly CancellationTokenSource _abandon = new();
    private CancellationTokenSource? _linked;
    private bool _taken;
    private Task<(ScoreColumn[] Columns, TimeSpan Elapsed)>? _running;

    private DailyScoring(FeatureMatrix features, WorklistPlanner planner, IRiskScorer[] scorers, ScoreBands[] bands)
    {
        Features = features;
        Reference = PopulationReference.Of(features);
        Planner = planner;
        Scorers = scorers;
        Bands = bands;
    }

    /// <summary>The features the scorers read.</summary>
    public FeatureMatrix Features { get; }

    /// <summary>The medians the drivers are worded against (each computed when first read, or by a started scoring).</summary>
    public PopulationReference Reference { get; }

    /// <summary>The planner of the options' playbooks, priority and capacity.</summary>
    public WorklistPlanner Planner { get; }

    /// <summary>The scorers, in the options' order.</summary>
    public IRiskScorer[] Scorers { get; }

    /// <summary>Each scorer's bands: the churn bands for the churn scorer, the expansion bands for the others.</summary>
    public ScoreBands[] Bands { get; }

    /// <summary>Checks <paramref name="options"/> against <paramref name="features"/>: the errors of the daily step that come before any work.</summary>
    /// <exception cref="ArgumentException">A scorer needs a feature the data lacks, two scorers share a name, or an option is out of range (the message names it).</exception>
    public static DailyScoring Prepare(DailyRunOptions options, FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(features);
        var planner = new WorklistPlanner(options.Playbooks, options.Priority, options.Capacity);
        IRiskScorer[] scorers = [.. options.Scorers];
        string? duplicate = scorers.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two scorers are named '{duplicate}'; give each scorer its own name (churn, expansion, ...).", nameof(options));
        }

        foreach (IRiskScorer scorer in scorers)
        {
            string[] missing = [.. scorer.RequiredFeatures.Where(f => features.Schema.IndexOf(f) < 0)];
            if (missing.Length > 0)
            {
                throw new ArgumentException($"The {scorer.Name} scorer needs the feature{(missing.Length > 1 ? "s" : string.Empty)} {string.Join(", ", missing)}, which the data lacks; add {(missing.Length > 1 ? "them" : "it")} to the data or remove the scorer.", nameof(options));
            }
        }

        // The band is set as each customer's score is built, not by a copy of every score.
        ScoreBands[] bands = [.. scorers.Select(s => s.Name == options.ChurnScorer ? options.ChurnBands : options.ExpansionBands)];
        foreach (ScoreBands band in bands)
        {
            OptionsValidation.ThrowIfInvalid(band, "bands");
        }

        return new DailyScoring(features, planner, scorers, bands);
    }

    /// <summary>Starts scoring on a thread of its own; a second call does nothing.</summary>
    public void Start(CancellationToken cancellationToken)
    {
        if (_running is not null || Scorers.Length == 0)
        {
            return;
        }

        // Not the pool's thread: the step running meanwhile and the scorers' own parallel loops take the pool's.
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abandon.Token);
        CancellationToken token = _linked.Token;
        _running = Task.Factory.StartNew(() => ScoreAndWarmMedians(token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The score columns and how long computing them took: those of the started scoring (waited for), else computed now.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public (ScoreColumn[] Columns, TimeSpan Elapsed) Take(CancellationToken cancellationToken)
    {
        if (_running is null)
        {
            return Score(cancellationToken);
        }

        _taken = true;
        try
        {
            // The scorer's own exception, not wrapped.
            return _running.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled through the linked token: reported with the caller's, as when scoring in line.
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        finally
        {
            _linked?.Dispose();
        }
    }

    /// <summary>Cancels a started scoring that was not taken and waits for it to stop; its failure, if any, is not the one to report.</summary>
    public void Dispose()
    {
        if (_running is null || _taken)
        {
            return;
        }

        _abandon.Cancel();
        try
        {
            _running.Wait();
        }
        catch (AggregateException)
        {
            // Observed: the run's own failure is the one reported.
        }
        finally
        {
            _linked?.Dispose();
        }
    }

    /// <summary>
    /// As <see cref="Score"/>, then the medians the worded drivers show ("5x the median"): otherwise the first writer to
    /// word a driver computes them (a pass over the features) while the other writers wait for it; here they take the
    /// core the rules step leaves idle. Not done in line: a run that words no driver would pay for them. The medians of
    /// other features are left to be computed when read: each is a pass of its own, and most are never read.
    /// </summary>
    private (ScoreColumn[] Columns, TimeSpan Elapsed) ScoreAndWarmMedians(CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        (ScoreColumn[] columns, _) = Score(cancellationToken);
        // The phrases that show a median are counted together in one pass at the first request: one request computes them all.
        if (columns.SelectMany(c => c.FeatureNames ?? []).FirstOrDefault(DriverWording.UsesMedian) is string shown)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = Reference.Median(shown);
        }

        return (columns, Stopwatch.GetElapsedTime(start));
    }

    private (ScoreColumn[] Columns, TimeSpan Elapsed) Score(CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        ScoreColumn[] columns = [.. Scorers.Select(s => ScoreColumn.Of(s, Features, cancellationToken))];
        return (columns, Stopwatch.GetElapsedTime(start));
    }
}
