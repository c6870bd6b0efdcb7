using System.Globalization;

namespace Segmentation.Scoring.Health;

/// <summary>A step of a threshold factor: values of at least <see cref="Min"/> (up to the next step) earn <see cref="Points"/>.</summary>
/// <param name="Min">The lower bound of the step, inclusive.</param>
/// <param name="Points">The points earned, 0 to 100.</param>
internal sealed record HealthThreshold(double Min, double Points);

/// <summary>A point of a piecewise-linear factor curve.</summary>
/// <param name="Value">The feature value.</param>
/// <param name="Points">The points at that value, 0 to 100; linear in between, flat beyond the ends.</param>
internal sealed record CurvePoint(double Value, double Points);

/// <summary>One factor of a health score: a feature mapped to 0-100 points, weighted.</summary>
internal sealed class HealthFactor
{
    /// <summary>The feature the factor reads, for example <c>logins_30d</c>.</summary>
    public string Feature { get; set; } = string.Empty;

    /// <summary>The factor's weight; the weights of all factors sum to 100.</summary>
    public double Weight { get; set; }

    /// <summary>Steps with increasing <see cref="HealthThreshold.Min"/>; a value below the first step earns the first step's points.</summary>
    /// <value>Give either thresholds or a curve.</value>
    public IList<HealthThreshold>? Thresholds { get; set; }

    /// <summary>Points of a piecewise-linear curve with increasing values.</summary>
    /// <value>Give either thresholds or a curve.</value>
    public IList<CurvePoint>? Curve { get; set; }

    /// <summary>The points a missing value earns.</summary>
    /// <value>The default value is 50 (neutral).</value>
    public double MissingPoints { get; set; } = 50;

    /// <summary>The points for <paramref name="value"/> (NaN = missing).</summary>
    public double PointsFor(double value)
    {
        if (double.IsNaN(value))
        {
            return MissingPoints;
        }

        if (Thresholds is { Count: > 0 } steps)
        {
            double points = steps[0].Points;
            foreach (HealthThreshold step in steps)
            {
                if (value >= step.Min)
                {
                    points = step.Points;
                }
            }

            return points;
        }

        IList<CurvePoint> curve = Curve!;
        if (value <= curve[0].Value)
        {
            return curve[0].Points;
        }

        for (int k = 1; k < curve.Count; k++)
        {
            if (value <= curve[k].Value)
            {
                double t = (value - curve[k - 1].Value) / (curve[k].Value - curve[k - 1].Value);
                return curve[k - 1].Points + (t * (curve[k].Points - curve[k - 1].Points));
            }
        }

        return curve[^1].Points;
    }

    internal IEnumerable<string> Errors()
    {
        string who = string.IsNullOrWhiteSpace(Feature) ? "A health factor" : $"Health factor '{Feature}'";
        if (string.IsNullOrWhiteSpace(Feature))
        {
            yield return "A health factor has no feature; name the feature it reads.";
        }

        if (!double.IsFinite(Weight) || Weight <= 0)
        {
            yield return Invariant($"{who} has weight {Weight}; weights must be positive.");
        }

        if (!double.IsFinite(MissingPoints) || MissingPoints is < 0 or > 100)
        {
            yield return Invariant($"{who} gives {MissingPoints} points to missing values; points must be between 0 and 100.");
        }

        bool hasSteps = Thresholds is { Count: > 0 };
        bool hasCurve = Curve is { Count: > 0 };
        if (hasSteps == hasCurve)
        {
            yield return $"{who} must have either thresholds or a curve (it has {(hasSteps ? "both" : "neither")}).";
            yield break;
        }

        IEnumerable<(double X, double Points)> points = hasSteps ? Thresholds!.Select(s => (s.Min, s.Points)) : Curve!.Select(c => (c.Value, c.Points));
        (double X, double Points)[] list = [.. points];
        string what = hasSteps ? "threshold" : "curve point";
        for (int k = 0; k < list.Length; k++)
        {
            if (!double.IsFinite(list[k].X) || !double.IsFinite(list[k].Points) || list[k].Points is < 0 or > 100)
            {
                yield return Invariant($"{who}: {what} {k + 1} ({list[k].X} -> {list[k].Points} points) must be finite with points between 0 and 100.");
            }
            else if (k > 0 && !(list[k].X > list[k - 1].X))
            {
                yield return Invariant($"{who}: {what} {k + 1} ({list[k].X}) does not come after {what} {k} ({list[k - 1].X}); list them in increasing order without repeats.");
            }
        }

        if (hasCurve && list.Length < 2)
        {
            yield return $"{who}: a curve needs at least two points.";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The bands of a health score: at least <see cref="Green"/> is green, at least <see cref="Yellow"/> yellow, else red.</summary>
internal sealed class HealthBands
{
    /// <summary>The lowest green score.</summary>
    /// <value>The default value is 70.</value>
    public double Green { get; set; } = 70;

    /// <summary>The lowest yellow score.</summary>
    /// <value>The default value is 40.</value>
    public double Yellow { get; set; } = 40;

    /// <summary>The band of <paramref name="score"/>.</summary>
    public string BandOf(double score) => score >= Green ? "green" : score >= Yellow ? "yellow" : "red";
}

/// <summary>A hand-configured health score (a CS scorecard): weighted factors and bands; loads from and saves to JSON.</summary>
internal sealed class HealthScoreConfig
{
    /// <summary>The scorer's name, for example <c>health</c>.</summary>
    /// <value>The default value is <c>health</c>.</value>
    public string Name { get; set; } = "health";

    /// <summary>The factors; their weights sum to 100.</summary>
    public IList<HealthFactor> Factors { get; set; } = [];

    /// <summary>The bands.</summary>
    public HealthBands Bands { get; set; } = new();

    /// <summary>Every problem with the configuration, one sentence each (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("The health score has no name; give it one such as 'health'.");
        }

        if (Factors is null || Factors.Count == 0)
        {
            errors.Add("The health score has no factors; add at least one.");
            return errors;
        }

        errors.AddRange(Factors.SelectMany(f => f.Errors()));
        double total = Factors.Sum(f => f.Weight);
        if (Math.Abs(total - 100) > 1e-9)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"The factor weights sum to {total:0.###}; they must sum to 100."));
        }

        string? repeated = Factors.GroupBy(f => f.Feature, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
        {
            errors.Add($"The feature '{repeated}' has more than one factor; combine them into one.");
        }

        if (Bands is null || !double.IsFinite(Bands.Green) || !double.IsFinite(Bands.Yellow) || !(Bands.Yellow >= 0 && Bands.Yellow < Bands.Green && Bands.Green <= 100))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"The bands must satisfy 0 <= yellow < green <= 100, but yellow is {Bands?.Yellow} and green {Bands?.Green}."));
        }

        return errors;
    }
}
