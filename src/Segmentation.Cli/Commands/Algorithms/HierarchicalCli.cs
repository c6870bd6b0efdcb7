using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;

namespace Segmentation.Cli.Commands.Algorithms;

/// <summary>
/// <c>segment cluster --algorithm hierarchical --linkage ward --k 8 | --distance-threshold X [--merges merges.csv]</c>.
/// </summary>
internal sealed class HierarchicalCli : IClusterAlgorithmCli
{
    private readonly Option<string> _linkage = new Option<string>("--linkage")
    {
        Description = "Hierarchical: how cluster distances are defined (SciPy's method).",
        DefaultValueFactory = _ => "ward",
    }.AcceptOnlyFromAmong([.. Enum.GetNames<Linkage>().Select(n => n.ToLowerInvariant())]);

    private readonly Option<double?> _distanceThreshold = new("--distance-threshold")
    {
        Description = "Hierarchical: cut the tree at this merge height (in scaled units) instead of into --k clusters.",
    };

    private readonly Option<string?> _merges = new("--merges")
    {
        Description = "Hierarchical: where to write the dendrogram (n-1 rows a,b,distance,size in SciPy's linkage format).",
    };

    private readonly Option<string?> _memoryBudget = new("--memory-budget")
    {
        Description = "Hierarchical: the most memory for distances, in bytes or with K, M or G (default 256M); the n² matrix is built only when it fits.",
    };

    public HierarchicalCli() => Options = [_linkage, _distanceThreshold, _merges, _memoryBudget];

    public string Name => Clusterers.HierarchicalName;

    public IReadOnlyList<Option> Options { get; }

    public void Validate(ParseResult parse, string? k) => Create(parse, new ClusterSettings(k, 0, null!));

    public IClusterer Create(ParseResult parse, ClusterSettings settings)
    {
        double? threshold = parse.GetValue(_distanceThreshold);
        if (threshold is not null && settings.K is not null)
        {
            throw new CliUsageException("--k and --distance-threshold are mutually exclusive; give one of them.");
        }

        if (threshold is double t && !(double.IsFinite(t) && t >= 0))
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--distance-threshold must be a number at least 0, but was {t}."));
        }

        var options = new HierarchicalOptions
        {
            Linkage = HierarchicalOptions.ParseLinkage(parse.GetValue(_linkage)!),
            K = threshold is null ? CommonOptions.ParseK(settings.K ?? "5") : null,
            DistanceThreshold = threshold,
        };
        if (parse.GetValue(_memoryBudget) is string budget)
        {
            options.MemoryBudgetBytes = ParseBytes(budget);
        }

        return Clusterers.Hierarchical(options);
    }

    public void WriteOutputs(OutputSet outputs, ParseResult parse, IClusterModel model)
    {
        if (parse.GetValue(_merges) is string path && model is HierarchicalModel hierarchical)
        {
            outputs.WriteText(path, hierarchical.WriteMergesCsv);
        }
    }

    /// <summary>Reads <c>--memory-budget</c>: whole bytes, or a number with K, M or G (powers of 1024).</summary>
    private static long ParseBytes(string text)
    {
        string trimmed = text.Trim();
        long unit = 1;
        if (trimmed.Length > 0 && char.ToUpperInvariant(trimmed[^1]) is 'K' or 'M' or 'G')
        {
            unit = char.ToUpperInvariant(trimmed[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            trimmed = trimmed[..^1];
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value * unit < HierarchicalOptions.MinMemoryBudgetBytes || value * unit > long.MaxValue / 2)
        {
            throw new CliUsageException($"--memory-budget must be a size of at least 1M (bytes, or a number with K, M or G), but was '{text}'.");
        }

        return (long)(value * unit);
    }
}
