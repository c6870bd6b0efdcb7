using System.Text.Json;
using Segmentation.Data;

namespace Segmentation.Scoring.Health;

/// <summary>
/// A weighted health score configured by hand: each factor maps a feature to 0-100 points, the score is the
/// weighted mean of the points (0-100, high = healthy), and the band is green, yellow or red.
/// </summary>
/// <remarks>
/// Each driver is <c>weight · (points − 50) / 100</c>: how far the factor pulls the score above or below a neutral 50,
/// so the score is 50 plus the drivers. Immutable (the configuration is copied) and thread-safe. Internal (issue #22):
/// a host gets one as an <see cref="IRiskScorer"/> from <see cref="Scorers.HealthScore"/> or <see cref="Scorers.Load"/>.
/// </remarks>
internal sealed class WeightedHealthScore : IRiskScorer
{
    /// <summary>The model type in health score files.</summary>
    public const string Type = "health";

    private readonly HealthScoreConfig _config;

    /// <summary>Creates the score from a configuration.</summary>
    /// <exception cref="ArgumentException">The configuration is invalid; the message lists every problem.</exception>
    internal WeightedHealthScore(HealthScoreConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        IReadOnlyList<string> errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(config));
        }

        // A private copy, so later changes to the caller's object cannot change the scores.
        _config = JsonSerializer.Deserialize<HealthScoreConfig>(JsonSerializer.Serialize(config, ModelFiles.JsonOptions), ModelFiles.JsonOptions)!;
        RequiredFeatures = [.. _config.Factors.Select(f => f.Feature)];
    }

    /// <inheritdoc />
    public string Name => _config.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredFeatures { get; }

    /// <summary>The factors, as configured.</summary>
    internal IReadOnlyList<HealthFactor> Factors => [.. _config.Factors];

    /// <summary>The bands.</summary>
    internal HealthBands Bands => _config.Bands;

    /// <inheritdoc />
    public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default)
    {
        FeatureMatrix x = ScoringTables.SelectFeatures(customers, RequiredFeatures, Name);
        var scores = new RiskScore[x.RowCount];
        var contributions = new double[RequiredFeatures.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<double> row = x.Row(i);
            double score = 50;
            for (int f = 0; f < contributions.Length; f++)
            {
                HealthFactor factor = _config.Factors[f];
                contributions[f] = factor.Weight * (factor.PointsFor(row[f]) - 50) / 100;
                score += contributions[f];
            }

            score = Math.Clamp(score, 0, 100);
            scores[i] = new RiskScore(score, _config.Bands.BandOf(score), ScoringTables.Sorted(RequiredFeatures, contributions));
        }

        return scores;
    }

    /// <summary>Reads a configuration from JSON (camelCase properties, as <see cref="ToJson"/> writes).</summary>
    /// <exception cref="ArgumentException">The JSON is malformed or the configuration invalid (the message says what).</exception>
    public static WeightedHealthScore FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        HealthScoreConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<HealthScoreConfig>(json, ModelFiles.JsonOptions);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The health score JSON is malformed: {exception.Message}", nameof(json), exception);
        }

        return new WeightedHealthScore(config ?? throw new ArgumentException("The health score JSON is empty.", nameof(json)));
    }

    /// <summary>The configuration as JSON, with <c>"modelType": "health"</c>.</summary>
    public string ToJson()
    {
        var node = JsonSerializer.SerializeToNode(_config, ModelFiles.JsonOptions)!.AsObject();
        node.Insert(0, "modelType", Type);
        return node.ToJsonString(ModelFiles.JsonOptions);
    }

    /// <summary>Loads a health score file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The configuration in it is malformed or invalid.</exception>
    public static WeightedHealthScore Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return FromJson(File.ReadAllText(path));
        }
        catch (ArgumentException exception)
        {
            throw new DataFormatException(path, 0, null, exception.Message);
        }
    }

    /// <summary>Writes the configuration to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllText(path, ToJson());
    }
}
