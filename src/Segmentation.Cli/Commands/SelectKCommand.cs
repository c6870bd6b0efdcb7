using System.CommandLine;
using Segmentation.Cli.Output;
using Segmentation.Clustering.Selection;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Cli.Commands;

/// <summary>
/// <c>segment select-k</c>: evaluates each number of segments in a range and recommends one, with the evidence table.
/// Reads the same customer CSV as <c>segment run</c> (numbers, yes/no, categories one-hot, missing cells imputed).
/// </summary>
internal static class SelectKCommand
{
    public static Command Create(CliContext context)
    {
        Option<string> input = CommonOptions.Input(required: true);
        var columns = new Option<string?>("--columns") { Description = "Comma-separated feature columns (default: every usable column but the id column)." };
        Option<string?> idColumn = CommonOptions.IdColumn();
        var minK = new Option<int>("--min-k") { Description = "The smallest number of segments tried.", DefaultValueFactory = _ => 3 };
        var maxK = new Option<int>("--max-k") { Description = "The largest number of segments tried.", DefaultValueFactory = _ => 8 };
        Option<int> seed = CommonOptions.Seed();
        Option<string> scale = CommonOptions.Scale();
        var output = new Option<string?>("--output") { Description = "Where to write the evidence table (CSV)." };
        Option<string?> naValues = CommonOptions.NaValues();
        Option<string> invalidNumbers = CommonOptions.InvalidNumbers();

        var command = new Command("select-k", "Recommend the number of segments: tries each k in a range and scores it by silhouette, Calinski-Harabasz, Davies-Bouldin, inertia elbow and bootstrap stability.")
        {
            input, columns, idColumn, minK, maxK, seed, scale, output, naValues, invalidNumbers,
        };
        command.SetAction(parse =>
        {
            KSelectionOptions options = CommonOptions.SelectionOptions(parse.GetValue(minK), parse.GetValue(maxK), parse.GetValue(seed));
            string path = parse.GetValue(input)!;
            var reading = CommonOptions.WithCellOptions(new TabularFeatureOptions(), parse, naValues, invalidNumbers);
            FeatureMatrix raw = LoadFeatures(context, path, CommonOptions.ParseColumns(parse.GetValue(columns)), parse.GetValue(idColumn), reading);
            PreprocessingModel preprocessing = PreprocessingModel.Fit(raw, new PreprocessingOptions { Scaling = CommonOptions.ParseScale(parse.GetValue(scale)!) });
            KSelectionResult result = new KSelectingClusterer(options).Select(preprocessing.Transform(raw), context.CancellationToken);

            context.Out.WriteLine($"{path}: {raw.RowCount} customers, {raw.ColumnCount} features.");
            KSelectionTable.Write(context.Out, result);
            if (parse.GetValue(output) is string evidence)
            {
                using var outputs = new OutputSet();
                KSelectionTable.WriteCsv(outputs, evidence, result);
                outputs.Commit();
                context.Out.WriteLine($"Wrote {evidence}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A customer table as raw features: every usable column, or only <paramref name="columns"/> when given.</summary>
    internal static FeatureMatrix LoadFeatures(CliContext context, string path, string[]? columns, string? idColumn, TabularFeatureOptions options)
    {
        CsvTable table = CsvTable.Load(path);
        options.IdColumn = idColumn;
        if (columns is not null)
        {
            foreach (string column in columns)
            {
                table.RequireColumn(column, "--columns");
            }

            foreach (string other in table.Header.Where(h => !columns.Contains(h, StringComparer.Ordinal) && h != idColumn))
            {
                options.ExcludeColumns.Add(other);
            }
        }

        TabularFeatures tabular = TabularFeatures.FromTable(table, options);
        CommonOptions.WriteColumnNotes(context, tabular.Columns);

        return tabular.Features;
    }
}
