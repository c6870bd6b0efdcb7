using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Commands.Algorithms;
using Segmentation.Cli.Output;
using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;
using Segmentation.Data;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Cli.Commands;

/// <summary>
/// <c>segment suggest-eps</c>: the sorted k-distance curve (k = min-points − 1) of a CSV file, in the same scaled space
/// <c>segment cluster</c> uses, and the eps at its knee.
/// </summary>
internal static class SuggestEpsCommand
{
    public static Command Create(CliContext context)
    {
        Option<string> input = CommonOptions.Input(required: true);
        var columns = new Option<string?>("--columns") { Description = "Comma-separated feature columns (default: every column but the id column)." };
        Option<string?> idColumn = CommonOptions.IdColumn();
        var minPoints = new Option<string>("--min-points") { Description = "The --min-points you will give DBSCAN.", Required = true };
        Option<string> scale = CommonOptions.Scale();
        var output = new Option<string?>("--output") { Description = "Where to write the sorted k-distance curve (rank,k_distance)." };
        Option<string?> naValues = CommonOptions.NaValues();
        Option<string> invalidNumbers = CommonOptions.InvalidNumbers();

        var command = new Command("suggest-eps", "Suggest a DBSCAN eps: the knee of the sorted k-distance curve (k = min-points - 1), in the space 'segment cluster' clusters (after --scale).")
        {
            input, columns, idColumn, minPoints, scale, output, naValues, invalidNumbers,
        };
        command.SetAction(parse =>
        {
            int minPointsValue = DbscanCli.ParseMinPoints(parse.GetValue(minPoints)!);
            string scaleName = parse.GetValue(scale)!;
            FeatureMatrix raw = CommonOptions.ReadNumericFeatures(context, parse.GetValue(input)!, CommonOptions.ParseColumns(parse.GetValue(columns)), parse.GetValue(idColumn), parse, naValues, invalidNumbers);
            PreprocessingModel preprocessing = PreprocessingModel.Fit(raw, new PreprocessingOptions { Scaling = CommonOptions.ParseScale(scaleName) });
            FeatureMatrix data = preprocessing.Transform(raw);
            if (data.RowCount < minPointsValue)
            {
                throw new CliUsageException($"--min-points {minPointsValue} is more than the {data.RowCount} rows of the input.");
            }

            var suggestion = Clusterers.SuggestDbscanEps(data, minPointsValue, DbscanMetric.Euclidean, context.CancellationToken);
            if (parse.GetValue(output) is string curvePath)
            {
                using var outputs = new OutputSet();
                outputs.WriteText(curvePath, writer =>
                {
                    writer.WriteLine("rank,k_distance");
                    for (int i = 0; i < suggestion.KDistances.Count; i++)
                    {
                        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{CsvTable.FormatNumber(suggestion.KDistances[i])}"));
                    }
                });
                outputs.Commit();
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Suggested eps: {suggestion.Eps:G6} (knee at rank {suggestion.KneeIndex} of {suggestion.KDistances.Count} sorted {suggestion.K}-distances; measured after --scale {scaleName}, as 'segment cluster' uses it)."));
            return ExitCodes.Success;
        });
        return command;
    }
}
