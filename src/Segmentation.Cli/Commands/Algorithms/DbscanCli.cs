using System.CommandLine;
using System.Globalization;
using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;

namespace Segmentation.Cli.Commands.Algorithms;

/// <summary>
/// <c>segment cluster --algorithm dbscan [--eps X] [--min-points N]</c>. Eps is measured in the space clustered,
/// that is after <c>--scale</c> (standard scaling by default); <c>segment suggest-eps</c> proposes one.
/// </summary>
internal sealed class DbscanCli : IClusterAlgorithmCli
{
    private readonly Option<string> _eps = new("--eps")
    {
        Description = "DBSCAN: the neighbourhood radius, in the scaled space (see --scale); 'segment suggest-eps' proposes one.",
        DefaultValueFactory = _ => "0.5",
    };

    private readonly Option<string> _minPoints = new("--min-points")
    {
        Description = "DBSCAN: points (the point itself included) within eps that make a core point.",
        DefaultValueFactory = _ => "5",
    };

    public DbscanCli()
    {
        Options = [_eps, _minPoints];
    }

    public string Name => Clusterers.DbscanName;

    public IReadOnlyList<Option> Options { get; }

    public void Validate(ParseResult parse, string? k) => Create(parse, new ClusterSettings(k, 0, null!));

    public IClusterer Create(ParseResult parse, ClusterSettings settings)
    {
        if (settings.K is not null)
        {
            throw new CliUsageException("--k does not apply to --algorithm dbscan: DBSCAN finds the number of clusters itself; set --eps and --min-points.");
        }

        return Clusterers.Dbscan(new DbscanOptions { Eps = ParseEps(parse.GetValue(_eps)!), MinPoints = ParseMinPoints(parse.GetValue(_minPoints)!) });
    }

    /// <summary>Reads <c>--eps</c>: a number greater than 0.</summary>
    public static double ParseEps(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double eps) && double.IsFinite(eps) && eps > 0
            ? eps
            : throw new CliUsageException($"--eps must be a number greater than 0 (for example 0.5), but was '{text}'.");

    /// <summary>Reads <c>--min-points</c>: a whole number of at least 1.</summary>
    public static int ParseMinPoints(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int minPoints) && minPoints >= 1 && minPoints <= 1_000_000
            ? minPoints
            : throw new CliUsageException($"--min-points must be a whole number from 1 to 1000000 (for example 5), but was '{text}'.");
}
