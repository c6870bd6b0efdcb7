using System.CommandLine;

namespace Segmentation.Cli.Commands.Algorithms;

/// <summary>
/// One clustering algorithm's part of <c>segment cluster</c>: its own options, and how to build its clusterer from
/// them. Adding an algorithm to the CLI is one new class and one line in <see cref="ClusterAlgorithms.All"/>.
/// </summary>
internal interface IClusterAlgorithmCli
{
    /// <summary>The value of <c>--algorithm</c>.</summary>
    string Name { get; }

    /// <summary>The options only this algorithm reads (for example <c>--eps</c>).</summary>
    IReadOnlyList<Option> Options { get; }

    /// <summary>
    /// Checks the algorithm's option values (and <c>--k</c>, as given) before any data is read, so that a mistake in a
    /// flag is reported at once and named as typed.
    /// </summary>
    /// <exception cref="CliUsageException">An option value is invalid for this algorithm.</exception>
    void Validate(ParseResult parse, string? k);

    /// <summary>Builds the clusterer from the parsed command line.</summary>
    /// <exception cref="CliUsageException">An option value is invalid for this algorithm.</exception>
    IClusterer Create(ParseResult parse, ClusterSettings settings);

    /// <summary>
    /// Writes the algorithm's own output files (for example hierarchical's <c>--merges</c>) after the fit, from the
    /// concrete model. Most algorithms have none.
    /// </summary>
    void WriteOutputs(Output.OutputSet outputs, ParseResult parse, IClusterModel model)
    {
    }
}

/// <summary>The options of <c>segment cluster</c> that every algorithm may read, and the data's preprocessing.</summary>
/// <param name="K">The value of <c>--k</c> as given (a number, or <c>auto</c>), or null when absent.</param>
/// <param name="Seed">The value of <c>--seed</c>.</param>
/// <param name="Preprocessing">How the input's columns were imputed and scaled (to bring user-given centres into the clustered space).</param>
internal sealed record ClusterSettings(string? K, int Seed, Features.Preprocessing.PreprocessingModel Preprocessing);

/// <summary>The algorithms <c>segment cluster</c> knows.</summary>
internal static class ClusterAlgorithms
{
    /// <summary>The algorithms, in the order help lists them.</summary>
    public static readonly IClusterAlgorithmCli[] All = [new KMeansCli(), new MiniBatchKMeansCli(), new HierarchicalCli(), new DbscanCli()];

    /// <summary>Every value of <c>--algorithm</c>.</summary>
    public static readonly string[] Names = [.. All.Select(a => a.Name)];
}
