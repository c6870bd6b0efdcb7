using Segmentation.Data;
using Segmentation.Pipeline;
using Segmentation.Scoring;
using Segmentation.Scoring.Health;
using Segmentation.Scoring.Logistic;

namespace Segmentation.Configuration;

/// <content>Building the scorers of the <c>scorers</c> section.</content>
public sealed partial class SegmentationConfig
{
    /// <summary>The folder of the file given to <see cref="Load"/>: relative model paths are read from there.</summary>
    private string? _directory;

    /// <summary>The file name given to <see cref="Load"/>, for messages.</summary>
    private string? _source;

    /// <summary>
    /// The scorers of the <c>scorers</c> section that need no dated history, each named after its place (<c>churn</c>,
    /// <c>expansion</c>): <c>model</c> loads a logistic model file written by <c>segment score train</c> (a relative path is
    /// read from the configuration file's folder), <c>health</c> turns the weighted health score into a probability
    /// (churn: (100 − score) / 100, expansion: score / 100). <c>in-run</c> scorers go to <paramref name="inRun"/>, to be
    /// trained by the run on its outcomes file.
    /// </summary>
    /// <exception cref="SegmentationConfigException">A model file is missing, unreadable, not a model file, or a gbm model.</exception>
    private IReadOnlyList<IRiskScorer> BuildScorers(List<InRunScorer> inRun)
    {
        var scorers = new List<IRiskScorer>();
        var errors = new List<ConfigError>();
        foreach ((string name, ScorerConfig? scorer) in Scorer())
        {
            if (scorer is null)
            {
                continue;
            }

            if (string.Equals(scorer.Kind, ScorerConfig.InRunKind, StringComparison.OrdinalIgnoreCase))
            {
                string? events = string.IsNullOrWhiteSpace(scorer.OutcomeEvents) ? null
                    : Path.IsPathRooted(scorer.OutcomeEvents) || _directory is null ? scorer.OutcomeEvents : Path.Combine(_directory, scorer.OutcomeEvents);
                inRun.Add(new InRunScorer(name, scorer.Training) { OutcomeEvents = events });
                continue;
            }

            if (CreateScorer(name, scorer, errors) is IRiskScorer created)
            {
                scorers.Add(created);
            }
        }

        if (errors.Count > 0)
        {
            throw new SegmentationConfigException(_source ?? "the configuration", errors);
        }

        return scorers;
    }

    /// <summary>The features the <c>model</c> and <c>health</c> scorers read that <paramref name="schema"/> lacks, as errors naming the scorer and the feature.</summary>
    private void ScorerFeatureErrors(List<ConfigError> errors, FeatureSchema schema)
    {
        string[] features = [.. schema.Names];
        foreach ((string name, ScorerConfig? scorer) in Scorer())
        {
            // Health factors are checked one by one, with their own JSON paths, by Validate.
            if (scorer is null || !string.Equals(scorer.Kind, ScorerConfig.ModelKind, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (CreateScorer(name, scorer, errors) is not IRiskScorer created)
            {
                continue;
            }

            string[] missing = [.. created.RequiredFeatures.Where(f => schema.IndexOf(f) < 0)];
            if (missing.Length > 0)
            {
                string plural = missing.Length > 1 ? "s" : string.Empty;
                errors.Add(new ConfigError(
                    $"scorers.{name}.model",
                    $"the {name} scorer ('{scorer.Model}') reads the feature{plural} {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the data lacks (it has {string.Join(", ", features.Take(12).Select(f => $"'{f}'"))}{(features.Length > 12 ? ", ..." : string.Empty)}); train the model on columns the input has, or add the column{plural} to the input"));
            }
        }
    }

    /// <summary>The scorer of one entry, or <see langword="null"/> with an error added.</summary>
    private IRiskScorer? CreateScorer(string name, ScorerConfig scorer, List<ConfigError> errors)
    {
        string kind = scorer.Kind.ToLowerInvariant();
        if (kind == ScorerConfig.HealthKind && scorer.Health is not null)
        {
            return new ConfiguredScorer(name, new WeightedHealthScore(scorer.Health), asHealth: true);
        }

        if (kind != ScorerConfig.ModelKind || string.IsNullOrWhiteSpace(scorer.Model))
        {
            return null;
        }

        string at = $"scorers.{name}.model";
        string path = Path.IsPathRooted(scorer.Model) || _directory is null ? scorer.Model : Path.Combine(_directory, scorer.Model);
        if (!File.Exists(path))
        {
            errors.Add(new ConfigError(at, $"the model file '{path}' does not exist; write it with 'segment score train --model {scorer.Model}', or give its path relative to the configuration file's folder"));
            return null;
        }

        try
        {
            string type = ModelFiles.ReadModelType(path);
            IRiskScorer loaded = type switch
            {
                LogisticRegressionTrainer.Type => LogisticRegressionScorer.Load(path),
                WeightedHealthScore.Type => WeightedHealthScore.Load(path),
                _ => throw new NotSupportedException(type),
            };
            return new ConfiguredScorer(name, loaded, asHealth: loaded is WeightedHealthScore);
        }
        catch (NotSupportedException e)
        {
            errors.Add(new ConfigError(at, $"'{path}' is a {e.Message} model, which a configured run cannot load yet; train a logistic model with 'segment score train --model-type logistic', or use \"kind\": \"health\""));
        }
        catch (DataFormatException e)
        {
            errors.Add(new ConfigError(at, $"'{path}' cannot be read as a model file: {e.Problem}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            errors.Add(new ConfigError(at, $"'{path}' cannot be read ({e.Message.TrimEnd('.')}); check the file and its permissions"));
        }

        return null;
    }

    /// <summary>
    /// A configured scorer under its place's name (<c>churn</c>, <c>expansion</c>); a health score (0-100, high = healthy)
    /// becomes a probability: churn (100 − score) / 100, expansion score / 100, drivers scaled alike.
    /// </summary>
    private sealed class ConfiguredScorer(string name, IRiskScorer inner, bool asHealth) : IRiskScorer, Scoring.IColumnScorer
    {
        private readonly bool _inverse = asHealth && name != "expansion";

        public string Name { get; } = name;

        public IReadOnlyList<string> RequiredFeatures => inner.RequiredFeatures;

        public Scoring.ScoreColumn? ScoreColumn(FeatureMatrix customers, CancellationToken cancellationToken)
            => !asHealth && inner is Scoring.IColumnScorer columns ? columns.ScoreColumn(customers, cancellationToken) : null;

        public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<RiskScore> scores = inner.Score(customers, cancellationToken);
            if (!asHealth)
            {
                return scores;
            }

            double sign = _inverse ? -1 : 1;
            return [.. scores.Select(s => new RiskScore(
                _inverse ? (100 - s.Value) / 100 : s.Value / 100,
                s.Band,
                [.. s.Drivers.Select(d => d with { Contribution = sign * d.Contribution / 100 }).OrderByDescending(d => Math.Abs(d.Contribution))]))];
        }
    }
}
